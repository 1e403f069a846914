// Loading plan bytes: memory-mapping regular files, reading streams, padding for simdjson.
#include "plan/plan_buffer.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <new>

#include <fmt/format.h>

namespace gate::detail {
namespace {

constexpr std::size_t kPadding = 64;  // simdjson::SIMDJSON_PADDING

Unexpected io_error(const std::string& path, const std::string& what) {
  return Unexpected{make_diagnostic("io.read", fmt::format("cannot read {}: {}", path, what),
                                    path == "-" ? "<stdin>" : path)};
}

Unexpected too_large(const std::string& name, std::size_t max_bytes) {
  return Unexpected{make_diagnostic(
      "plan.too-large", fmt::format("the document is larger than the limit of {} bytes", max_bytes),
      name)};
}

class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) {
      ::close(fd_);
    }
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

PlanBuffer::~PlanBuffer() {
  if (mapped_ > 0) {
    ::munmap(data_, mapped_);
  } else {
    std::free(data_);  // NOLINT(cppcoreguidelines-no-malloc)
  }
}

Expected<std::unique_ptr<PlanBuffer>> PlanBuffer::from_text(std::string_view text,
                                                            const std::string& source_name,
                                                            std::size_t max_bytes) {
  if (text.size() > max_bytes) {
    return too_large(source_name, max_bytes);
  }
  auto buffer = std::make_unique<PlanBuffer>();
  buffer->capacity_ = text.size() + kPadding;
  buffer->data_ = static_cast<char*>(std::calloc(buffer->capacity_, 1));  // NOLINT
  if (buffer->data_ == nullptr) {
    throw std::bad_alloc();
  }
  if (!text.empty()) {
    std::memcpy(buffer->data_, text.data(), text.size());
  }
  buffer->size_ = text.size();
  return buffer;
}

Expected<std::unique_ptr<PlanBuffer>> PlanBuffer::from_file(const std::string& path,
                                                            std::size_t max_bytes) {
  const bool is_stdin = path == "-";
  FileDescriptor fd(is_stdin ? ::dup(STDIN_FILENO) : ::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    return io_error(path, std::strerror(errno));
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) {
    return io_error(path, std::strerror(errno));
  }
  if (S_ISDIR(st.st_mode)) {
    return io_error(path, "it is a directory");
  }
  const std::string name = is_stdin ? "<stdin>" : path;

  if (S_ISREG(st.st_mode) && st.st_size > 0) {
    const auto size = static_cast<std::size_t>(st.st_size);
    if (size > max_bytes) {
      return too_large(name, max_bytes);
    }
    // Reserve anonymous zeroed memory for the file plus padding, then map the file over the
    // start of it: the bytes after the end of the file read as zero, as simdjson requires.
    const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    const std::size_t reserved = (size + kPadding + page - 1) / page * page;
    void* base = ::mmap(nullptr, reserved, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED) {
      return io_error(path, std::strerror(errno));
    }
    void* file = ::mmap(base, size, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd.get(), 0);
    if (file == MAP_FAILED) {
      const int err = errno;
      ::munmap(base, reserved);
      return io_error(path, std::strerror(err));
    }
    ::madvise(base, size, MADV_SEQUENTIAL);
    auto buffer = std::make_unique<PlanBuffer>();
    buffer->data_ = static_cast<char*>(base);
    buffer->size_ = size;
    buffer->capacity_ = reserved;
    buffer->mapped_ = reserved;
    return buffer;
  }

  // Pipes, terminals and empty files: read until end of input.
  std::string text;
  char chunk[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd.get(), chunk, sizeof chunk);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      return io_error(path, std::strerror(errno));
    }
    if (n == 0) {
      break;
    }
    text.append(chunk, static_cast<std::size_t>(n));
    if (text.size() > max_bytes) {
      return too_large(name, max_bytes);
    }
  }
  return from_text(text, name, max_bytes);
}

}  // namespace gate::detail
