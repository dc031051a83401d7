// cache/schema.h — the state database's tables and their forward migrations
// (internal to cache/).
//
// The version lives in table `schema_version` (one row). Migration N takes a
// database at version N-1 to N inside one write transaction; a database from
// a newer pitch (version above kSchemaVersion) is refused rather than guessed
// at.
//
// Version 1:
//   stat_cache(path TEXT PRIMARY KEY,   -- absolute, lexically normal
//              size, mtime_ns, ctime_ns, inode INTEGER,
//              digest TEXT,             -- Digest::hex() of the content
//              recorded_at_ns INTEGER)  -- wall clock taken before the stat
//   run_records(resource TEXT PRIMARY KEY, fingerprint TEXT,
//               duration_ms INTEGER, finished_at_unix_ms INTEGER)
//   plans(key TEXT PRIMARY KEY, body BLOB, stored_at_unix_ms INTEGER)
#pragma once

#include "base/error.h"
#include "cache/sqlite.h"

namespace pitch::cache {

inline constexpr int kSchemaVersion = 2;

// Reads the version (0 for an empty database) and migrates forward to
// kSchemaVersion. Fails with kDatabase naming the file when it is not a
// database, is locked past the busy timeout, or is from a newer pitch.
Result<void> migrate_to_current(sqlite::Database& db);

// The stored version; 0 when the database has no schema yet.
Result<int> read_schema_version(sqlite::Database& db);

}  // namespace pitch::cache
