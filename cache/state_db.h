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
// Run records are keyed by resource name alone: a state directory belongs to
// one Tiltfile (the default `.pitch/` sits beside it), and two Tiltfiles only
// share one when the user passes the same --state-dir, in which case
// same-named resources share a record (at worst one extra run).
//
// The database is WAL-journaled, so a second pitch reading the same state
// directory does not block; writers wait up to the busy timeout, then fail
// with kDatabase naming the file. A file that is not a database (or is
// damaged) is reported, never silently replaced.
//
// Not thread-safe: one StateDb is used from one thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "cache/digest.h"

namespace pitch::cache {

// One entry met while digesting deps: its absolute path and what was there
// ("file <content digest hex>", "dir", "link <target>", "missing",
// "other"). Kept with a run record, so a later run can say which inputs
// changed, not only that something did.
struct InputEntry {
  std::string path;
  std::string what;
  friend bool operator==(const InputEntry&, const InputEntry&) = default;
};
using InputListing = std::vector<InputEntry>;

struct RunRecord {
  Digest fingerprint;
  std::chrono::milliseconds duration{0};
  int64_t finished_at_unix_ms = 0;
  // The deps as they were when the fingerprint was taken (may be empty:
  // records written before pitch kept them).
  InputListing inputs;
};

// Decides, during a directory walk, whether an entry is left out (and, for a
// directory, not entered). Gets the entry's absolute path. Roots named in
// the call are never asked about.
using IgnoreFn = std::function<bool(std::string_view absolute_path, bool is_dir)>;

// Counters of digest work since the StateDb was opened, for --explain,
// benchmarks and tests.
struct DigestStats {
  int64_t files_seen = 0;       // regular files whose digest was needed
  int64_t stat_cache_hits = 0;  // ... answered by the stat cache
  int64_t files_hashed = 0;     // ... read and hashed
  int64_t bytes_hashed = 0;
};

struct StateDbOptions {
  // How long a write waits for another pitch holding the database.
  std::chrono::milliseconds busy_timeout{5000};
};

class StateDb {
 public:
  // Creates the directory and the database (schema versioned, migrated
  // forward) if needed. A database that is locked by another pitch waits a
  // bounded time, then fails with kDatabase naming the file.
  static Result<std::unique_ptr<StateDb>> open(const std::filesystem::path& state_dir);
  // Where open() keeps the database in `state_dir` (whether or not it exists).
  static std::filesystem::path database_file(const std::filesystem::path& state_dir);
  static Result<std::unique_ptr<StateDb>> open(const std::filesystem::path& state_dir,
                                               const StateDbOptions& options);
  virtual ~StateDb() = default;

  // The content digest of everything under `paths`: each path is a file or a
  // directory (walked recursively; symlinks are not followed into
  // directories). The digest covers each regular file's path and content in
  // sorted path order, with delimiters; a path that does not exist
  // contributes its name and a "missing" marker (so creating it changes the
  // digest). Uses and refreshes the stat cache.
  //
  // A root's own spelling is part of the digest (pass normalised paths);
  // entries below a directory root are hashed by their path relative to it,
  // so moving a whole checkout keeps directory digests. Timestamps are not
  // hashed: touching a file without changing it keeps the digest. The state
  // directory is always left out (its database changes as we walk). The exact
  // format is written down in cache/path_digest.h.
  virtual Result<Digest> digest_paths(const std::vector<std::string>& paths) = 0;
  // The same, leaving out what `ignore` rejects, and, when `listing` is
  // given, appending every entry the digest covered to it, in walk order.
  // The default (for fakes) ignores and lists nothing.
  virtual Result<Digest> digest_paths_ignoring(const std::vector<std::string>& paths,
                                               const IgnoreFn& ignore,
                                               InputListing* listing = nullptr) {
    (void)ignore;
    (void)listing;
    return digest_paths(paths);
  }
  virtual DigestStats digest_stats() const { return {}; }

  // The record of the resource's last successful run, if any, without its
  // inputs (the common case only compares fingerprints).
  virtual Result<std::optional<RunRecord>> last_success(std::string_view resource) = 0;
  // The inputs kept with that record; empty when none were kept.
  virtual Result<InputListing> last_inputs(std::string_view resource) {
    (void)resource;
    return InputListing{};
  }
  virtual Result<void> record_success(std::string_view resource, const RunRecord& record) = 0;
  // Forgets the resource's last success (called when a run fails, so a
  // failed state never counts as up to date).
  virtual Result<void> forget(std::string_view resource) = 0;

  // Compiled plan blobs, keyed by the caller (e.g. the evaluation inputs'
  // digest). The blob format is the planner's; the cache stores bytes.
  virtual Result<std::optional<std::string>> load_plan(std::string_view key) {
    (void)key;
    return std::nullopt;
  }
  virtual Result<void> store_plan(std::string_view key, std::string_view body) {
    (void)key;
    (void)body;
    return {};
  }

  virtual std::filesystem::path database_path() const = 0;
};

}  // namespace pitch::cache
