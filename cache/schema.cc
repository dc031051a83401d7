#include "cache/schema.h"

#include <array>
#include <string>

namespace pitch::cache {
namespace {

// kMigrations[i] takes the schema from version i to i + 1.
constexpr std::array<const char*, kSchemaVersion> kMigrations = {
    R"sql(
CREATE TABLE stat_cache (
  path TEXT PRIMARY KEY NOT NULL,
  size INTEGER NOT NULL,
  mtime_ns INTEGER NOT NULL,
  ctime_ns INTEGER NOT NULL,
  inode INTEGER NOT NULL,
  digest TEXT NOT NULL,
  recorded_at_ns INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE run_records (
  resource TEXT PRIMARY KEY NOT NULL,
  fingerprint TEXT NOT NULL,
  duration_ms INTEGER NOT NULL,
  finished_at_unix_ms INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE plans (
  key TEXT PRIMARY KEY NOT NULL,
  body BLOB NOT NULL,
  stored_at_unix_ms INTEGER NOT NULL
);
)sql",
    // 1 -> 2: the inputs of each resource's last successful run.
    R"sql(
CREATE TABLE run_inputs (
  resource TEXT NOT NULL,
  seq INTEGER NOT NULL,
  path TEXT NOT NULL,
  what TEXT NOT NULL,
  PRIMARY KEY (resource, seq)
) WITHOUT ROWID;
)sql",
};

Result<bool> has_version_table(sqlite::Database& db) {
  PITCH_TRY_ASSIGN(auto stmt, db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND "
                                         "name = 'schema_version'"));
  return stmt.step();
}

}  // namespace

Result<int> read_schema_version(sqlite::Database& db) {
  PITCH_TRY_ASSIGN(bool exists, has_version_table(db));
  if (!exists) return 0;
  PITCH_TRY_ASSIGN(auto stmt, db.prepare("SELECT version FROM schema_version"));
  PITCH_TRY_ASSIGN(bool row, stmt.step());
  if (!row) return 0;
  return static_cast<int>(stmt.column_int(0));
}

Result<void> migrate_to_current(sqlite::Database& db) {
  PITCH_TRY_ASSIGN(int version, read_schema_version(db));
  if (version == kSchemaVersion) return {};
  // Re-read under the write lock: another pitch may have migrated meanwhile.
  PITCH_TRY_ASSIGN(auto txn, sqlite::Transaction::begin(db, sqlite::Transaction::Mode::kWrite));
  PITCH_TRY_ASSIGN(version, read_schema_version(db));
  if (version > kSchemaVersion) {
    return make_error(ErrorKind::kDatabase,
                      db.path().string() + ": written by a newer pitch (schema version " +
                          std::to_string(version) + ", this pitch knows up to " +
                          std::to_string(kSchemaVersion) +
                          "); use a newer pitch or remove the state directory");
  }
  if (version < 0) {
    return make_error(ErrorKind::kDatabase,
                      db.path().string() + ": invalid schema version " + std::to_string(version));
  }
  PITCH_TRY(db.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"));
  for (int v = version; v < kSchemaVersion; ++v) PITCH_TRY(db.exec(kMigrations[v]));
  PITCH_TRY(db.exec("DELETE FROM schema_version"));
  PITCH_TRY_ASSIGN(auto insert, db.prepare("INSERT INTO schema_version (version) VALUES (?)"));
  PITCH_TRY(insert.bind(1, int64_t{kSchemaVersion}).run());
  return txn.commit();
}

}  // namespace pitch::cache
