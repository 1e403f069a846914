// The saved plan file read through a private copy and `terraform show -json` (see
// gate/saved_plan.h).
#include "gate/saved_plan.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <vector>

#include <fmt/format.h>

#include "gate/digest.h"
#include "terraform/process.h"

namespace gate {
namespace {

namespace fs = std::filesystem;

Diagnostic io_error(const std::string& code, const std::string& what, const std::string& path,
                    int error) {
  return make_diagnostic(code, fmt::format("{}: {}", what, std::strerror(error)), path);
}

// Reads a whole file through one descriptor.
Expected<std::string> read_once(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return Unexpected{io_error("io.read", "cannot open the saved plan file", path, errno)};
  }
  std::string bytes;
  struct stat st {};
  if (::fstat(fd, &st) == 0 && st.st_size > 0) {
    bytes.reserve(static_cast<std::size_t>(st.st_size));
  }
  std::vector<char> buffer(1 << 16);
  for (;;) {
    const ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      const int e = errno;
      ::close(fd);
      return Unexpected{io_error("io.read", "cannot read the saved plan file", path, e)};
    }
    if (n == 0) {
      break;
    }
    bytes.append(buffer.data(), static_cast<std::size_t>(n));
  }
  ::close(fd);
  return bytes;
}

bool write_all(int fd, const std::string& bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  return true;
}

std::string temporary_root() {
  const char* tmp = std::getenv("TMPDIR");  // NOLINT(concurrency-mt-unsafe): read only
  return tmp != nullptr && *tmp != '\0' ? tmp : "/tmp";
}

std::string quoted_command(const std::vector<std::string>& argv) {
  std::string out;
  for (const std::string& a : argv) {
    if (!out.empty()) {
      out += ' ';
    }
    out += a;
  }
  return out;
}

}  // namespace

Expected<PlanCopy> PlanCopy::make(const std::string& plan_file) {
  auto bytes = read_once(plan_file);
  if (!bytes) {
    return Unexpected{bytes.error()};
  }
  std::string pattern = temporary_root() + "/tfgate-plan-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) {  // mode 0700
    return Unexpected{io_error("io.write", "cannot make a private directory for the plan copy",
                               pattern, errno)};
  }
  PlanCopy copy;
  copy.source_ = plan_file;
  copy.dir_ = pattern;
  std::string name = fs::path(plan_file).filename().string();
  if (name.empty() || name == "." || name == "..") {
    name = "tfplan";
  }
  copy.path_ = copy.dir_ + "/" + name;
  const int fd =
      ::open(copy.path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0400);
  if (fd < 0) {
    return Unexpected{io_error("io.write", "cannot write the plan copy", copy.path_, errno)};
  }
  const bool written = write_all(fd, *bytes);
  const int write_error = errno;
  if (::close(fd) != 0 || !written) {
    return Unexpected{io_error("io.write", "cannot write the plan copy", copy.path_,
                               written ? errno : write_error)};
  }
  copy.digest_ = digest_bytes(*bytes);
  return copy;
}

PlanCopy::PlanCopy(PlanCopy&& other) noexcept
    : source_(std::move(other.source_)),
      path_(std::move(other.path_)),
      dir_(std::move(other.dir_)),
      digest_(std::move(other.digest_)) {
  other.dir_.clear();
}

PlanCopy& PlanCopy::operator=(PlanCopy&& other) noexcept {
  if (this != &other) {
    remove();
    source_ = std::move(other.source_);
    path_ = std::move(other.path_);
    dir_ = std::move(other.dir_);
    digest_ = std::move(other.digest_);
    other.dir_.clear();
  }
  return *this;
}

PlanCopy::~PlanCopy() { remove(); }

void PlanCopy::remove() noexcept {
  if (!dir_.empty()) {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
    dir_.clear();
  }
}

Expected<std::string> find_terraform(const ShowOptions& options) {
  const auto not_found = [](std::string message) {
    Diagnostic d = make_diagnostic("terraform.not-found", std::move(message));
    d.notes.emplace_back(
        "give the binary with --terraform PATH or TFGATE_TERRAFORM, or put terraform or tofu "
        "on PATH");
    return Unexpected{std::move(d)};
  };
  if (!options.terraform.empty()) {
    std::string found = detail::find_executable(options.terraform);
    if (found.empty()) {
      return not_found(fmt::format("--terraform {} is not an executable file", options.terraform));
    }
    return found;
  }
  const char* from_env = std::getenv("TFGATE_TERRAFORM");  // NOLINT(concurrency-mt-unsafe)
  if (from_env != nullptr && *from_env != '\0') {
    std::string found = detail::find_executable(from_env);
    if (found.empty()) {
      return not_found(fmt::format("TFGATE_TERRAFORM={} is not an executable file", from_env));
    }
    return found;
  }
  for (const char* name : {"terraform", "tofu"}) {
    std::string found = detail::find_executable(name);
    if (!found.empty()) {
      return found;
    }
  }
  return not_found("neither terraform nor tofu is on PATH to read the saved plan file");
}

std::string stack_directory(const PlanCopy& copy, const ShowOptions& options) {
  if (!options.chdir.empty()) {
    return options.chdir;
  }
  const fs::path parent = fs::path(copy.source()).parent_path();
  return parent.empty() ? "." : parent.string();
}

Expected<std::string> show_plan_json(const PlanCopy& copy, const ShowOptions& options) {
  auto terraform = find_terraform(options);
  if (!terraform) {
    return Unexpected{terraform.error()};
  }
  const std::vector<std::string> argv = {*terraform, "show", "-no-color", "-json", copy.path()};
  const std::string cwd = stack_directory(copy, options);
  const std::string command = fmt::format("`{}` (on a private copy of {}, in {})",
                                          quoted_command(argv), copy.source(), cwd);
  auto ran = detail::run_capturing(argv, cwd, options.max_bytes);
  if (!ran) {
    Diagnostic d = make_diagnostic(
        "terraform.show", fmt::format("cannot read the saved plan file: {}", command));
    d.notes.push_back(ran.error().front().message);
    return Unexpected{std::move(d)};
  }
  const auto failure = [&](std::string message) {
    Diagnostic d = make_diagnostic("terraform.show", std::move(message), copy.source());
    std::string err = ran->err;
    while (!err.empty() && (err.back() == '\n' || err.back() == ' ')) {
      err.pop_back();
    }
    if (!err.empty()) {
      d.notes.push_back(fmt::format("its standard error{}:\n{}",
                                    ran->err_cut ? " (first 4 KiB)" : "", err));
    }
    return Unexpected{std::move(d)};
  };
  if (ran->exit_code != 0) {
    return failure(fmt::format("{} exited with status {}", command, ran->exit_code));
  }
  if (ran->out.find_first_not_of(" \t\r\n") == std::string::npos) {
    return failure(fmt::format("{} printed nothing", command));
  }
  return std::move(ran->out);
}

Expected<Plan> load_saved_plan(const PlanCopy& copy, const ShowOptions& show,
                               const LoadOptions& load) {
  auto json = show_plan_json(copy, show);
  if (!json) {
    return Unexpected{json.error()};
  }
  return load_plan(*json, copy.source() + " (terraform show -json)", load);
}

Expected<std::string> saved_plan_semantic_digest(const PlanCopy& copy, const ShowOptions& show) {
  auto plan = load_saved_plan(copy, show);
  if (!plan) {
    return Unexpected{plan.error()};
  }
  return semantic_plan_digest(*plan);
}

Expected<int> run_command(const std::vector<std::string>& argv, const std::string& cwd) {
  if (argv.empty()) {
    return Unexpected{make_diagnostic("process.start", "no command to run")};
  }
  std::vector<std::string> resolved = argv;
  resolved.front() = detail::find_executable(argv.front());
  if (resolved.front().empty()) {
    return Unexpected{make_diagnostic(
        "process.start", fmt::format("cannot run {}: not found (on PATH)", argv.front()))};
  }
  return detail::run_inheriting(resolved, cwd);
}

}  // namespace gate
