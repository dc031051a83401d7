// cache/file_digest.h — reading one file's identity and content digest
// (internal to cache/).
#pragma once

#include <sys/stat.h>

#include <cstdint>
#include <string>
#include <vector>

#include "base/error.h"
#include "cache/digest.h"

namespace pitch::cache {

// What the stat cache compares to decide that a file is unchanged. ctime is
// included because it moves on every write and rename even when a tool puts
// mtime back (tar, rsync -t, touch -d).
struct FileStat {
  int64_t size = 0;
  int64_t mtime_ns = 0;
  int64_t ctime_ns = 0;
  uint64_t inode = 0;

  static FileStat from(const struct stat& st);
  friend bool operator==(const FileStat&, const FileStat&) = default;
};

// Streams files through XXH3-128 with one reusable buffer, so a huge file
// never sits in memory.
class FileDigester {
 public:
  FileDigester();
  ~FileDigester();
  FileDigester(const FileDigester&) = delete;
  FileDigester& operator=(const FileDigester&) = delete;

  struct Output {
    Digest digest;
    FileStat stat;  // of the file actually read (fstat of the open file)
  };
  // Hashes the regular file at `path`. The file is opened without following
  // a final symlink and without blocking (a FIFO swapped in after the walk
  // cannot hang us); anything but a regular file is a kIo error.
  // ENOENT is reported as kIo too; callers that race with deletion check
  // `errno_of_last_failure()`.
  Result<Output> digest(const std::string& path);
  int errno_of_last_failure() const { return last_errno_; }

 private:
  ByteHasher hasher_;
  std::vector<char> buffer_;
  int last_errno_ = 0;
};

int64_t now_unix_ns();

}  // namespace pitch::cache
