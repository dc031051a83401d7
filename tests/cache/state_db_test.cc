#include "cache/state_db.h"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>

#include "cache/schema.h"
#include "cache/sqlite.h"
#include "tests/support/temp_dir.h"

namespace pitch::cache {
namespace {

using pitch::testing::TempDir;
using std::chrono::milliseconds;

std::unique_ptr<StateDb> open_ok(const std::filesystem::path& dir) {
  auto db = StateDb::open(dir);
  EXPECT_TRUE(db.has_value()) << (db ? "" : db.error().message);
  return db ? std::move(*db) : nullptr;
}

TEST(StateDbTest, OpenCreatesDirectoryAndDatabase) {
  TempDir tmp;
  auto dir = tmp.path() / "nested" / ".pitch";
  auto db = open_ok(dir);
  ASSERT_TRUE(db);
  EXPECT_EQ(db->database_path(), dir / "state.db");
  EXPECT_TRUE(std::filesystem::is_regular_file(dir / "state.db"));
}

TEST(StateDbTest, SchemaVersionIsStoredAndWalIsOn) {
  TempDir tmp;
  ASSERT_TRUE(open_ok(tmp.path()));
  auto raw = sqlite::Database::open(tmp.path() / "state.db", milliseconds(100));
  ASSERT_TRUE(raw);
  auto version = read_schema_version(**raw);
  ASSERT_TRUE(version) << version.error().message;
  EXPECT_EQ(*version, kSchemaVersion);
  EXPECT_EQ(*version, 2);
  auto mode = (*raw)->prepare("PRAGMA journal_mode");
  ASSERT_TRUE(mode);
  ASSERT_TRUE(mode->step().value());
  EXPECT_EQ(mode->column_text(0), "wal");
}

TEST(StateDbTest, ReopeningKeepsSchemaAndData) {
  TempDir tmp;
  RunRecord record{digest_of("fp"), milliseconds(1234), 1700000000123, {}};
  {
    auto db = open_ok(tmp.path());
    ASSERT_TRUE(db);
    ASSERT_TRUE(db->record_success("api", record));
  }
  auto db = open_ok(tmp.path());
  ASSERT_TRUE(db);
  auto got = db->last_success("api");
  ASSERT_TRUE(got) << got.error().message;
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ((*got)->fingerprint, record.fingerprint);
  EXPECT_EQ((*got)->duration, milliseconds(1234));
  EXPECT_EQ((*got)->finished_at_unix_ms, 1700000000123);
}

TEST(StateDbTest, RecordReplaceAndForget) {
  TempDir tmp;
  auto db = open_ok(tmp.path());
  ASSERT_TRUE(db);
  EXPECT_FALSE(db->last_success("web").value().has_value());

  ASSERT_TRUE(db->record_success("web", RunRecord{digest_of("one"), milliseconds(1), 1, {}}));
  ASSERT_TRUE(db->record_success("web", RunRecord{digest_of("two"), milliseconds(2), 2, {}}));
  ASSERT_TRUE(db->record_success("db", RunRecord{digest_of("x"), milliseconds(3), 3, {}}));
  EXPECT_EQ(db->last_success("web").value()->fingerprint, digest_of("two"));

  ASSERT_TRUE(db->forget("web"));
  EXPECT_FALSE(db->last_success("web").value().has_value());
  EXPECT_TRUE(db->last_success("db").value().has_value());  // others untouched
  EXPECT_TRUE(db->forget("never-recorded"));

  db.reset();
  db = open_ok(tmp.path());
  EXPECT_FALSE(db->last_success("web").value().has_value());
  EXPECT_EQ(db->last_success("db").value()->fingerprint, digest_of("x"));
}

TEST(StateDbTest, RecordKeepsItsInputsAndForgetDropsThem) {
  TempDir tmp;
  auto db = open_ok(tmp.path());
  ASSERT_TRUE(db);
  EXPECT_TRUE(db->last_inputs("web").value().empty());
  InputListing inputs = {{"/p/a.c", "file 00ff"}, {"/p/sub", "dir"}, {"/p/gone", "missing"}};
  ASSERT_TRUE(db->record_success("web", RunRecord{digest_of("one"), milliseconds(1), 1, inputs}));
  EXPECT_EQ(db->last_inputs("web").value(), inputs);
  // A new record replaces the inputs, it does not add to them.
  InputListing fewer = {{"/p/a.c", "file 1111"}};
  ASSERT_TRUE(db->record_success("web", RunRecord{digest_of("two"), milliseconds(1), 2, fewer}));
  db.reset();
  db = open_ok(tmp.path());
  EXPECT_EQ(db->last_inputs("web").value(), fewer);
  ASSERT_TRUE(db->forget("web"));
  EXPECT_TRUE(db->last_inputs("web").value().empty());
}

TEST(StateDbTest, AVersionOneDatabaseIsMigratedWithItsRecords) {
  TempDir tmp;
  {
    // The schema as pitch wrote it before run inputs were kept.
    auto raw = sqlite::Database::open(tmp.path() / "state.db", milliseconds(100));
    ASSERT_TRUE(raw);
    ASSERT_TRUE((*raw)->exec(
        "CREATE TABLE stat_cache (path TEXT PRIMARY KEY NOT NULL, size INTEGER NOT NULL, "
        "mtime_ns INTEGER NOT NULL, ctime_ns INTEGER NOT NULL, inode INTEGER NOT NULL, digest "
        "TEXT NOT NULL, recorded_at_ns INTEGER NOT NULL) WITHOUT ROWID;"
        "CREATE TABLE run_records (resource TEXT PRIMARY KEY NOT NULL, fingerprint TEXT NOT "
        "NULL, duration_ms INTEGER NOT NULL, finished_at_unix_ms INTEGER NOT NULL) WITHOUT ROWID;"
        "CREATE TABLE plans (key TEXT PRIMARY KEY NOT NULL, body BLOB NOT NULL, "
        "stored_at_unix_ms INTEGER NOT NULL);"
        "CREATE TABLE schema_version (version INTEGER NOT NULL);"
        "INSERT INTO schema_version (version) VALUES (1);"));
    ASSERT_TRUE((*raw)->exec("INSERT INTO run_records VALUES ('web', '" + digest_of("fp").hex() +
                             "', 5, 6)"));
  }
  auto db = open_ok(tmp.path());
  ASSERT_TRUE(db);
  EXPECT_EQ(db->last_success("web").value()->fingerprint, digest_of("fp"));
  EXPECT_TRUE(db->last_inputs("web").value().empty());
  auto raw = sqlite::Database::open(tmp.path() / "state.db", milliseconds(100));
  EXPECT_EQ(read_schema_version(**raw).value(), 2);
}

TEST(StateDbTest, PlansRoundTrip) {
  TempDir tmp;
  auto db = open_ok(tmp.path());
  ASSERT_TRUE(db);
  EXPECT_FALSE(db->load_plan("k").value().has_value());
  std::string body("plan\0with nul", 13);
  ASSERT_TRUE(db->store_plan("k", body));
  db.reset();
  db = open_ok(tmp.path());
  auto got = db->load_plan("k");
  ASSERT_TRUE(got && got->has_value());
  EXPECT_EQ(**got, body);
}

TEST(StateDbTest, FileThatIsNotADatabaseIsAClearError) {
  TempDir tmp;
  auto file = tmp.write("state.db", std::string(4096, 'x'));
  auto db = StateDb::open(tmp.path());
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().kind, ErrorKind::kDatabase);
  EXPECT_NE(db.error().message.find(file.string()), std::string::npos) << db.error().message;
  EXPECT_NE(db.error().message.find("not a database"), std::string::npos) << db.error().message;
  EXPECT_EQ(tmp.read("state.db"), std::string(4096, 'x'));  // never replaced
}

TEST(StateDbTest, StateDirThatIsAFileIsAnIoError) {
  TempDir tmp;
  auto file = tmp.write("blocker", "");
  auto db = StateDb::open(file / "sub");
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().kind, ErrorKind::kIo);
  EXPECT_NE(db.error().message.find(file.string()), std::string::npos) << db.error().message;
}

TEST(StateDbTest, NewerSchemaIsRefused) {
  TempDir tmp;
  ASSERT_TRUE(open_ok(tmp.path()));
  {
    auto raw = sqlite::Database::open(tmp.path() / "state.db", milliseconds(100));
    ASSERT_TRUE(raw);
    ASSERT_TRUE((*raw)->exec("UPDATE schema_version SET version = 99"));
  }
  auto db = StateDb::open(tmp.path());
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().kind, ErrorKind::kDatabase);
  EXPECT_NE(db.error().message.find("newer pitch"), std::string::npos) << db.error().message;
  EXPECT_NE(db.error().message.find("state.db"), std::string::npos);
}

TEST(StateDbTest, LockedDatabaseFailsAfterBoundedWait) {
  TempDir tmp;
  auto db = StateDb::open(tmp.path(), StateDbOptions{milliseconds(200)});
  ASSERT_TRUE(db);
  auto other = sqlite::Database::open(tmp.path() / "state.db", milliseconds(100));
  ASSERT_TRUE(other);
  ASSERT_TRUE((*other)->exec("BEGIN IMMEDIATE"));  // holds the write lock

  auto start = std::chrono::steady_clock::now();
  auto result = (*db)->record_success("api", RunRecord{digest_of("a"), milliseconds(1), 1, {}});
  auto waited = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::kDatabase);
  EXPECT_NE(result.error().message.find((tmp.path() / "state.db").string()), std::string::npos)
      << result.error().message;
  EXPECT_NE(result.error().message.find("locked"), std::string::npos) << result.error().message;
  EXPECT_GE(waited, milliseconds(150));
  EXPECT_LT(waited, milliseconds(5000));

  // Reads are not blocked by the writer (WAL).
  EXPECT_TRUE((*db)->last_success("api"));

  ASSERT_TRUE((*other)->exec("COMMIT"));
  EXPECT_TRUE((*db)->record_success("api", RunRecord{digest_of("a"), milliseconds(1), 1, {}}));
}

}  // namespace
}  // namespace pitch::cache
