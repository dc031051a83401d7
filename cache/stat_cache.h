// cache/stat_cache.h — path + stat → content digest, in the state database
// (internal to cache/).
//
// An entry is trusted only when the file's size, mtime, ctime and inode all
// match and the entry is not racy. Racy (as in git): the file's mtime is less
// than kRacyWindow before the moment the entry was recorded. Within that
// window a second write could have left mtime (and size) unchanged on a
// filesystem with coarse timestamps, so the digest might describe an older
// content. We choose 2 s: the coarsest common granularity (FAT, some network
// filesystems, and clock skew against an NFS server) rather than ext4's
// nanoseconds, trading one extra read of files written in the last two
// seconds for never trusting a stale digest. A racy entry is re-hashed and
// re-recorded with a later timestamp, so it becomes trusted on a later call.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/error.h"
#include "cache/digest.h"
#include "cache/file_digest.h"
#include "cache/sqlite.h"

namespace pitch::cache {

inline constexpr int64_t kRacyWindowNs = 2'000'000'000;

// True when an entry recorded at `recorded_at_ns` for a file with
// `mtime_ns` cannot be trusted.
inline bool is_racy(int64_t mtime_ns, int64_t recorded_at_ns) {
  return recorded_at_ns - mtime_ns < kRacyWindowNs;
}

class StatCache {
 public:
  static Result<StatCache> create(sqlite::Database& db);

  // The digest recorded for `path` if the entry matches `stat` and is not
  // racy; nullopt when the file must be read.
  Result<std::optional<Digest>> lookup(const std::string& path, const FileStat& stat);

  // Queues an entry; flush() writes all queued entries in one transaction.
  void remember(std::string path, const FileStat& stat, const Digest& digest,
                int64_t recorded_at_ns);
  Result<void> flush();

 private:
  struct Pending {
    std::string path;
    FileStat stat;
    Digest digest;
    int64_t recorded_at_ns;
  };
  StatCache(sqlite::Database* db, sqlite::Statement select, sqlite::Statement upsert)
      : db_(db), select_(std::move(select)), upsert_(std::move(upsert)) {}

  sqlite::Database* db_;
  sqlite::Statement select_;
  sqlite::Statement upsert_;
  std::vector<Pending> pending_;
};

}  // namespace pitch::cache
