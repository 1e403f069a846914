// Process running with fork/exec and pipes (see process.h).
#include "terraform/process.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

namespace gate::detail {
namespace {

// A file descriptor closed when it goes out of scope.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  Fd(Fd&& other) noexcept : fd_(other.release()) {}
  Fd& operator=(Fd&& other) noexcept {
    if (this != &other) {
      reset(other.release());
    }
    return *this;
  }
  ~Fd() { reset(); }
  int get() const { return fd_; }
  int release() {
    const int fd = fd_;
    fd_ = -1;
    return fd;
  }
  void reset(int fd = -1) {
    if (fd_ >= 0) {
      ::close(fd_);
    }
    fd_ = fd;
  }

 private:
  int fd_ = -1;
};

bool make_pipe(Fd& read_end, Fd& write_end) {
  std::array<int, 2> fds{};
  if (::pipe2(fds.data(), O_CLOEXEC) != 0) {
    return false;
  }
  read_end.reset(fds[0]);
  write_end.reset(fds[1]);
  return true;
}

int exit_status(int status) {
  if (WIFEXITED(status)) {
    return WEXITSTATUS(status);
  }
  return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : 1;
}

int wait_for(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      return 1;
    }
  }
  return exit_status(status);
}

Diagnostic start_failure(const std::string& program, int error) {
  return make_diagnostic("process.start",
                         fmt::format("cannot run {}: {}", program, std::strerror(error)));
}

// The child's part after fork: only async-signal-safe calls. Reports a failed exec through
// `report` (the errno value) and exits 127.
[[noreturn]] void exec_child(const std::vector<char*>& argv, const std::string& cwd, int in,
                             int out, int err, int report) {
  if ((in >= 0 && ::dup2(in, STDIN_FILENO) < 0) || (out >= 0 && ::dup2(out, STDOUT_FILENO) < 0) ||
      (err >= 0 && ::dup2(err, STDERR_FILENO) < 0) ||
      (!cwd.empty() && ::chdir(cwd.c_str()) != 0)) {
    const int e = errno;
    [[maybe_unused]] const auto n = ::write(report, &e, sizeof e);
    ::_exit(127);
  }
  ::execv(argv[0], argv.data());
  const int e = errno;
  [[maybe_unused]] const auto n = ::write(report, &e, sizeof e);
  ::_exit(127);
}

std::vector<char*> c_argv(const std::vector<std::string>& argv) {
  std::vector<char*> out;
  out.reserve(argv.size() + 1);
  for (const std::string& a : argv) {
    out.push_back(const_cast<char*>(a.c_str()));  // execv does not write to them
  }
  out.push_back(nullptr);
  return out;
}

// Forks and execs; returns the pid, or -1 with the errno of the failure in `error`.
pid_t spawn(const std::vector<std::string>& argv, const std::string& cwd, int in, int out,
            int err, int& error) {
  Fd report_read, report_write;
  if (!make_pipe(report_read, report_write)) {
    error = errno;
    return -1;
  }
  std::vector<char*> args = c_argv(argv);
  const pid_t pid = ::fork();
  if (pid < 0) {
    error = errno;
    return -1;
  }
  if (pid == 0) {
    exec_child(args, cwd, in, out, err, report_write.get());
  }
  report_write.reset();
  int child_error = 0;
  ssize_t n = 0;
  do {
    n = ::read(report_read.get(), &child_error, sizeof child_error);
  } while (n < 0 && errno == EINTR);
  if (n == static_cast<ssize_t>(sizeof child_error)) {
    wait_for(pid);
    error = child_error;
    return -1;
  }
  return pid;
}

}  // namespace

std::string find_executable(const std::string& name) {
  const auto executable = [](const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
           ::access(path.c_str(), X_OK) == 0;
  };
  if (name.empty()) {
    return {};
  }
  // Relative results are made absolute: the program runs in another directory.
  const auto absolute = [](const std::string& path) {
    std::error_code ec;
    const std::filesystem::path p = std::filesystem::absolute(path, ec);
    return ec ? path : p.lexically_normal().string();
  };
  if (name.find('/') != std::string::npos) {
    return executable(name) ? absolute(name) : std::string();
  }
  const char* path = std::getenv("PATH");  // NOLINT(concurrency-mt-unsafe): read only
  const std::string dirs = path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin";
  std::size_t start = 0;
  while (start <= dirs.size()) {
    std::size_t end = dirs.find(':', start);
    if (end == std::string::npos) {
      end = dirs.size();
    }
    const std::string dir = end == start ? "." : dirs.substr(start, end - start);
    std::string candidate = dir;
    candidate += '/';
    candidate += name;
    if (executable(candidate)) {
      return absolute(candidate);
    }
    start = end + 1;
  }
  return {};
}

Expected<ProcessOutput> run_capturing(const std::vector<std::string>& argv,
                                      const std::string& cwd, std::size_t max_out,
                                      std::size_t max_err) {
  Fd null_in(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  Fd out_read, out_write, err_read, err_write;
  if (null_in.get() < 0 || !make_pipe(out_read, out_write) || !make_pipe(err_read, err_write)) {
    return Unexpected{start_failure(argv.front(), errno)};
  }
  int error = 0;
  const pid_t pid =
      spawn(argv, cwd, null_in.get(), out_write.get(), err_write.get(), error);
  out_write.reset();
  err_write.reset();
  if (pid < 0) {
    return Unexpected{start_failure(argv.front(), error)};
  }
  ProcessOutput result;
  std::array<pollfd, 2> fds{{{out_read.get(), POLLIN, 0}, {err_read.get(), POLLIN, 0}}};
  std::array<char, 65536> buffer{};
  bool too_large = false;
  while (!too_large && (fds[0].fd >= 0 || fds[1].fd >= 0)) {
    if (::poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) {
        continue;
      }
      break;
    }
    for (std::size_t i = 0; i < fds.size(); ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) {
        continue;
      }
      const ssize_t n = ::read(fds[i].fd, buffer.data(), buffer.size());
      if (n < 0 && errno == EINTR) {
        continue;
      }
      if (n <= 0) {
        fds[i].fd = -1;
        continue;
      }
      const auto size = static_cast<std::size_t>(n);
      if (i == 0) {
        if (result.out.size() + size > max_out) {
          too_large = true;
          break;
        }
        result.out.append(buffer.data(), size);
      } else if (result.err.size() < max_err) {
        const std::size_t keep = std::min(size, max_err - result.err.size());
        result.err.append(buffer.data(), keep);
        result.err_cut = result.err_cut || keep < size;
      } else {
        result.err_cut = true;
      }
    }
  }
  if (too_large) {
    ::kill(pid, SIGKILL);
    wait_for(pid);
    return Unexpected{make_diagnostic(
        "process.output-too-large",
        fmt::format("{} wrote more than {} bytes to standard output", argv.front(), max_out))};
  }
  result.exit_code = wait_for(pid);
  return result;
}

Expected<int> run_inheriting(const std::vector<std::string>& argv, const std::string& cwd) {
  int error = 0;
  const pid_t pid = spawn(argv, cwd, -1, -1, -1, error);
  if (pid < 0) {
    return Unexpected{start_failure(argv.front(), error)};
  }
  return wait_for(pid);
}

}  // namespace gate::detail
