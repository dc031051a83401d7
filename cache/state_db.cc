#include "cache/state_db.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <system_error>
#include <utility>

#include "cache/file_digest.h"
#include "cache/path_digest.h"
#include "cache/schema.h"
#include "cache/sqlite.h"
#include "cache/stat_cache.h"

namespace pitch::cache {
namespace {

constexpr char kDatabaseFile[] = "state.db";

class SqliteStateDb final : public StateDb {
 public:
  static Result<std::unique_ptr<StateDb>> create(std::unique_ptr<sqlite::Database> db);

  Result<Digest> digest_paths(const std::vector<std::string>& paths) override {
    return digest_paths_ignoring(paths, IgnoreFn());
  }
  Result<Digest> digest_paths_ignoring(const std::vector<std::string>& paths,
                                       const IgnoreFn& ignore,
                                       InputListing* listing = nullptr) override;
  DigestStats digest_stats() const override { return digester_.stats(); }

  Result<std::optional<RunRecord>> last_success(std::string_view resource) override;
  Result<InputListing> last_inputs(std::string_view resource) override;
  Result<void> record_success(std::string_view resource, const RunRecord& record) override;
  Result<void> forget(std::string_view resource) override;

  Result<std::optional<std::string>> load_plan(std::string_view key) override;
  Result<void> store_plan(std::string_view key, std::string_view body) override;

  std::filesystem::path database_path() const override { return db_->path(); }

 private:
  SqliteStateDb(std::unique_ptr<sqlite::Database> db, StatCache stat_cache)
      : db_(std::move(db)),
        stat_cache_(std::make_unique<StatCache>(std::move(stat_cache))),
        digester_(stat_cache_.get()) {}

  std::unique_ptr<sqlite::Database> db_;
  std::unique_ptr<StatCache> stat_cache_;
  PathDigester digester_;
};

Result<std::unique_ptr<StateDb>> SqliteStateDb::create(std::unique_ptr<sqlite::Database> db) {
  PITCH_TRY_ASSIGN(auto stat_cache, StatCache::create(*db));
  auto state_db =
      std::unique_ptr<SqliteStateDb>(new SqliteStateDb(std::move(db), std::move(stat_cache)));
  struct stat st;
  if (::stat(state_db->db_->path().parent_path().c_str(), &st) == 0) {
    state_db->digester_.skip_directory(st);
  }
  return std::unique_ptr<StateDb>(std::move(state_db));
}

Result<Digest> SqliteStateDb::digest_paths_ignoring(const std::vector<std::string>& paths,
                                                    const IgnoreFn& ignore, InputListing* listing) {
  int64_t now_ns = now_unix_ns();
  // One read transaction around all lookups (one snapshot, no per-statement
  // locking), then one write transaction for everything learned.
  Digest digest;
  {
    PITCH_TRY_ASSIGN(auto txn, sqlite::Transaction::begin(*db_, sqlite::Transaction::Mode::kRead));
    PITCH_TRY_ASSIGN(digest, digester_.digest(paths, ignore, now_ns, listing));
    PITCH_TRY(txn.commit());
  }
  PITCH_TRY(stat_cache_->flush());
  return digest;
}

Result<std::optional<RunRecord>> SqliteStateDb::last_success(std::string_view resource) {
  PITCH_TRY_ASSIGN(auto stmt, db_->prepare("SELECT fingerprint, duration_ms, finished_at_unix_ms "
                                           "FROM run_records WHERE resource = ?"));
  stmt.bind(1, resource);
  PITCH_TRY_ASSIGN(bool row, stmt.step());
  if (!row) return std::nullopt;
  RunRecord record;
  if (!Digest::from_hex(stmt.column_text(0), &record.fingerprint)) {
    // A damaged record only costs a re-run.
    return std::nullopt;
  }
  record.duration = std::chrono::milliseconds(stmt.column_int(1));
  record.finished_at_unix_ms = stmt.column_int(2);
  return record;
}

Result<InputListing> SqliteStateDb::last_inputs(std::string_view resource) {
  PITCH_TRY_ASSIGN(auto stmt, db_->prepare("SELECT path, what FROM run_inputs WHERE resource = ? "
                                           "ORDER BY seq"));
  stmt.bind(1, resource);
  InputListing out;
  for (;;) {
    PITCH_TRY_ASSIGN(bool row, stmt.step());
    if (!row) break;
    out.push_back({stmt.column_text(0), stmt.column_text(1)});
  }
  return out;
}

// The record and its inputs change together, or not at all.
Result<void> SqliteStateDb::record_success(std::string_view resource, const RunRecord& record) {
  PITCH_TRY_ASSIGN(auto txn, sqlite::Transaction::begin(*db_, sqlite::Transaction::Mode::kWrite));
  PITCH_TRY_ASSIGN(auto stmt,
                   db_->prepare("INSERT OR REPLACE INTO run_records (resource, fingerprint, "
                                "duration_ms, finished_at_unix_ms) VALUES (?, ?, ?, ?)"));
  stmt.bind(1, resource)
      .bind(2, record.fingerprint.hex())
      .bind(3, static_cast<int64_t>(record.duration.count()))
      .bind(4, record.finished_at_unix_ms);
  PITCH_TRY(stmt.run());
  PITCH_TRY_ASSIGN(auto clear, db_->prepare("DELETE FROM run_inputs WHERE resource = ?"));
  clear.bind(1, resource);
  PITCH_TRY(clear.run());
  PITCH_TRY_ASSIGN(auto insert, db_->prepare("INSERT INTO run_inputs (resource, seq, path, what) "
                                             "VALUES (?, ?, ?, ?)"));
  for (size_t i = 0; i < record.inputs.size(); ++i) {
    insert.reset();
    insert.bind(1, resource)
        .bind(2, static_cast<int64_t>(i))
        .bind(3, record.inputs[i].path)
        .bind(4, record.inputs[i].what);
    PITCH_TRY(insert.run());
  }
  return txn.commit();
}

Result<void> SqliteStateDb::forget(std::string_view resource) {
  PITCH_TRY_ASSIGN(auto txn, sqlite::Transaction::begin(*db_, sqlite::Transaction::Mode::kWrite));
  for (const char* sql : {"DELETE FROM run_records WHERE resource = ?",
                          "DELETE FROM run_inputs WHERE resource = ?"}) {
    PITCH_TRY_ASSIGN(auto stmt, db_->prepare(sql));
    stmt.bind(1, resource);
    PITCH_TRY(stmt.run());
  }
  return txn.commit();
}

Result<std::optional<std::string>> SqliteStateDb::load_plan(std::string_view key) {
  PITCH_TRY_ASSIGN(auto stmt, db_->prepare("SELECT body FROM plans WHERE key = ?"));
  stmt.bind(1, key);
  PITCH_TRY_ASSIGN(bool row, stmt.step());
  if (!row) return std::nullopt;
  return stmt.column_text(0);
}

Result<void> SqliteStateDb::store_plan(std::string_view key, std::string_view body) {
  PITCH_TRY_ASSIGN(auto stmt, db_->prepare("INSERT OR REPLACE INTO plans (key, body, "
                                           "stored_at_unix_ms) VALUES (?, ?, ?)"));
  stmt.bind(1, key).bind(2, body).bind(3, now_unix_ns() / 1'000'000);
  return stmt.run();
}

// WAL lets readers proceed while one pitch writes; synchronous=NORMAL is
// enough for a cache (a power cut may lose the last transactions, never
// corrupt the file). The journal_mode pragma is also the first statement
// that reads the file, so it is where "not a database" surfaces.
Result<void> configure(sqlite::Database& db) {
  PITCH_TRY_ASSIGN(auto wal, db.prepare("PRAGMA journal_mode = WAL"));
  PITCH_TRY(wal.run());
  return db.exec("PRAGMA synchronous = NORMAL");
}

}  // namespace

std::filesystem::path StateDb::database_file(const std::filesystem::path& state_dir) {
  return state_dir / kDatabaseFile;
}

Result<std::unique_ptr<StateDb>> StateDb::open(const std::filesystem::path& state_dir) {
  return open(state_dir, StateDbOptions());
}

Result<std::unique_ptr<StateDb>> StateDb::open(const std::filesystem::path& state_dir,
                                               const StateDbOptions& options) {
  std::error_code ec;
  std::filesystem::create_directories(state_dir, ec);
  if (ec) {
    return make_error(ErrorKind::kIo,
                      state_dir.string() + ": cannot create the state directory: " + ec.message());
  }
  PITCH_TRY_ASSIGN(auto db, sqlite::Database::open(database_file(state_dir), options.busy_timeout));
  PITCH_TRY(configure(*db));
  PITCH_TRY(migrate_to_current(*db));
  return SqliteStateDb::create(std::move(db));
}

}  // namespace pitch::cache
