#include "cache/file_digest.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>

namespace pitch::cache {
namespace {

constexpr size_t kBufferSize = 128 * 1024;

int64_t to_ns(const struct timespec& ts) {
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

// Closes the descriptor on every path out.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

tl::unexpected<Error> io_error(const std::string& path, std::string_view doing, int err) {
  return make_error(ErrorKind::kIo,
                    path + ": cannot " + std::string(doing) + ": " + std::strerror(err));
}

}  // namespace

FileStat FileStat::from(const struct stat& st) {
  FileStat out;
  out.size = static_cast<int64_t>(st.st_size);
  out.mtime_ns = to_ns(st.st_mtim);
  out.ctime_ns = to_ns(st.st_ctim);
  out.inode = static_cast<uint64_t>(st.st_ino);
  return out;
}

FileDigester::FileDigester() : buffer_(kBufferSize) {}
FileDigester::~FileDigester() = default;

Result<FileDigester::Output> FileDigester::digest(const std::string& path) {
  last_errno_ = 0;
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY));
  if (fd.get() < 0) {
    last_errno_ = errno;
    return io_error(path, "open file", last_errno_);
  }
  struct stat st;
  if (::fstat(fd.get(), &st) != 0) {
    last_errno_ = errno;
    return io_error(path, "stat file", last_errno_);
  }
  if (!S_ISREG(st.st_mode)) {
    last_errno_ = EINVAL;
    return make_error(ErrorKind::kIo, path + ": is not a regular file");
  }
  (void)::posix_fadvise(fd.get(), 0, 0, POSIX_FADV_SEQUENTIAL);

  hasher_.reset();
  for (;;) {
    ssize_t n = ::read(fd.get(), buffer_.data(), buffer_.size());
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      last_errno_ = errno;
      return io_error(path, "read file", last_errno_);
    }
    hasher_.update(std::string_view(buffer_.data(), static_cast<size_t>(n)));
  }
  return Output{hasher_.finish(), FileStat::from(st)};
}

int64_t now_unix_ns() {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return to_ns(ts);
}

}  // namespace pitch::cache
