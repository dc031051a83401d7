#include "cache/sqlite.h"

#include <sqlite3.h>

#include <utility>

#include "base/check.h"

namespace pitch::cache::sqlite {
namespace {

std::string hint_for(int code, std::chrono::milliseconds busy_timeout) {
  switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return " (still locked after " + std::to_string(busy_timeout.count()) +
             " ms; is another pitch using this state directory?)";
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      return " (the state database is damaged or is not a pitch database; it only holds a "
             "cache, so removing the file is safe)";
    default:
      return "";
  }
}

}  // namespace

Statement::~Statement() {
  if (stmt_) sqlite3_finalize(stmt_);
}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)) {}

Statement& Statement::bind(int index, int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}

Result<bool> Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  Error error = db_->error(sqlite3_sql(stmt_));
  sqlite3_reset(stmt_);
  return tl::unexpected(std::move(error));
}

Result<void> Statement::run() {
  for (;;) {
    PITCH_TRY_ASSIGN(bool row, step());
    if (!row) return {};
  }
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

int64_t Statement::column_int(int index) const { return sqlite3_column_int64(stmt_, index); }

std::string Statement::column_text(int index) const {
  const unsigned char* text = sqlite3_column_text(stmt_, index);
  int size = sqlite3_column_bytes(stmt_, index);
  if (!text) return {};
  return std::string(reinterpret_cast<const char*>(text), static_cast<size_t>(size));
}

Result<std::unique_ptr<Database>> Database::open(const std::filesystem::path& file,
                                                 std::chrono::milliseconds busy_timeout) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(file.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = file.string() + ": cannot open the state database: " +
                          (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    sqlite3_close(db);
    return make_error(ErrorKind::kDatabase, std::move(message));
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, static_cast<int>(busy_timeout.count()));
  return std::unique_ptr<Database>(new Database(db, file, busy_timeout));
}

Database::~Database() { sqlite3_close(db_); }

Result<void> Database::exec(std::string_view sql) {
  std::string text(sql);
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
    return tl::unexpected(error(sql));
  }
  return {};
}

Result<Statement> Database::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return tl::unexpected(error(sql));
  return Statement(this, stmt);
}

Error Database::error(std::string_view doing) const {
  int code = sqlite3_extended_errcode(db_);
  std::string message = path_.string() + ": " + sqlite3_errmsg(db_);
  if (!doing.empty()) message += " (while running `" + std::string(doing) + "`)";
  message += hint_for(code, busy_timeout_);
  return Error(ErrorKind::kDatabase, std::move(message));
}

Result<Transaction> Transaction::begin(Database& db, Mode mode) {
  // A write transaction takes the write lock up front (IMMEDIATE), so a busy
  // database is waited for by the busy handler instead of failing midway
  // when a read would have to be upgraded.
  PITCH_TRY(db.exec(mode == Mode::kWrite ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED"));
  return Transaction(&db);
}

Transaction::~Transaction() {
  if (db_) (void)db_->exec("ROLLBACK");
}

Result<void> Transaction::commit() {
  PITCH_CHECK(db_ != nullptr);
  Database* db = std::exchange(db_, nullptr);
  auto result = db->exec("COMMIT");
  if (!result) (void)db->exec("ROLLBACK");
  return result;
}

}  // namespace pitch::cache::sqlite
