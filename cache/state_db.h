// cache/state_db.h — pitch's persistent state: one SQLite database in the
// state directory (default `.pitch/` beside the Tiltfile).
//
// It holds (1) a stat cache: path + size + mtime + inode → XXH3-128 content
// digest, so unchanged files are not re-read; (2) per-resource run records:
// the fingerprint of the last successful run. An entry whose mtime is too
// close to the moment it was recorded is never trusted (racy-git rule): the
// file could have changed again within the filesystem's timestamp
// granularity, so it is re-hashed.
//
// Not thread-safe: one StateDb is used from one thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "cache/digest.h"

namespace pitch::cache {

struct RunRecord {
  Digest fingerprint;
  std::chrono::milliseconds duration{0};
  int64_t finished_at_unix_ms = 0;
};

class StateDb {
 public:
  // Creates the directory and the database (schema versioned, migrated
  // forward) if needed. A database that is locked by another pitch waits a
  // bounded time, then fails with kDatabase naming the file.
  static Result<std::unique_ptr<StateDb>> open(const std::filesystem::path& state_dir);
  virtual ~StateDb() = default;

  // The content digest of everything under `paths`: each path is a file or a
  // directory (walked recursively; symlinks are not followed into
  // directories). The digest covers each regular file's path and content in
  // sorted path order, with delimiters; a path that does not exist
  // contributes its name and a "missing" marker (so creating it changes the
  // digest). Uses and refreshes the stat cache.
  virtual Result<Digest> digest_paths(const std::vector<std::string>& paths) = 0;

  // The record of the resource's last successful run, if any.
  virtual Result<std::optional<RunRecord>> last_success(std::string_view resource) = 0;
  virtual Result<void> record_success(std::string_view resource, const RunRecord& record) = 0;
  // Forgets the resource's last success (called when a run fails, so a
  // failed state never counts as up to date).
  virtual Result<void> forget(std::string_view resource) = 0;

  virtual std::filesystem::path database_path() const = 0;
};

}  // namespace pitch::cache
