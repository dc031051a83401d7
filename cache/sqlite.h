// cache/sqlite.h — the one wrapper around sqlite3.h (internal to cache/).
//
// A Database owns one connection; a Statement is a prepared statement bound
// to it. Every failure becomes a kDatabase Error whose message starts with the
// database file's path, so the user knows which file to look at.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "base/error.h"

struct sqlite3;
struct sqlite3_stmt;

namespace pitch::cache::sqlite {

class Database;

class Statement {
 public:
  Statement(Database* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Parameters count from 1, as in SQL.
  Statement& bind(int index, int64_t value);
  Statement& bind(int index, std::string_view text);

  // Runs one step: true when a row is available, false when done.
  Result<bool> step();
  // Steps until done (for statements that return no rows).
  Result<void> run();
  // Clears bindings and rewinds, ready to be reused.
  void reset();

  // Columns count from 0.
  int64_t column_int(int index) const;
  std::string column_text(int index) const;

 private:
  Database* db_;
  sqlite3_stmt* stmt_;
};

class Database {
 public:
  // Opens (creating if needed) the database file. Nothing is read yet, so a
  // file that is not a database is only detected by the first statement.
  static Result<std::unique_ptr<Database>> open(const std::filesystem::path& file,
                                                std::chrono::milliseconds busy_timeout);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Runs one or more statements that return no rows.
  Result<void> exec(std::string_view sql);
  Result<Statement> prepare(std::string_view sql);

  // A kDatabase error for the last failure on this connection: the file, what
  // we were doing, and SQLite's message (with a hint for the common cases).
  Error error(std::string_view doing) const;

  const std::filesystem::path& path() const { return path_; }

 private:
  Database(sqlite3* db, std::filesystem::path path, std::chrono::milliseconds busy_timeout)
      : db_(db), path_(std::move(path)), busy_timeout_(busy_timeout) {}

  sqlite3* db_;
  std::filesystem::path path_;
  std::chrono::milliseconds busy_timeout_;
};

// Commits on commit(); rolls back if destroyed first (an error path).
class Transaction {
 public:
  enum class Mode { kRead, kWrite };
  static Result<Transaction> begin(Database& db, Mode mode);
  ~Transaction();
  Transaction(Transaction&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  Transaction& operator=(Transaction&&) = delete;

  Result<void> commit();

 private:
  explicit Transaction(Database* db) : db_(db) {}
  Database* db_;
};

}  // namespace pitch::cache::sqlite
