// Naming what changed since the last successful run: the listing diff,
// and decide() against a real state database.
#include <gtest/gtest.h>

#include "cache/state_db.h"
#include "executor/fingerprint.h"
#include "tests/support/temp_dir.h"

namespace pitch::executor {
namespace {

using cache::InputListing;

TEST(InputChanges, NamesChangedAddedAndRemovedRelativeToTheDir) {
  InputListing before = {{"/p/a.c", "file 1"},
                         {"/p/b.c", "file 2"},
                         {"/p/new.c", "missing"},
                         {"/elsewhere/x", "file 3"}};
  InputListing now = {{"/p/a.c", "file 9"},
                      {"/p/new.c", "file 4"},
                      {"/elsewhere/x", "missing"},
                      {"/p/c.c", "file 5"}};
  EXPECT_EQ(describe_input_changes(before, now, "/p", 10),
            "a.c changed, new.c added, /elsewhere/x removed, c.c added, b.c removed");
  EXPECT_EQ(describe_input_changes(before, now, "/p", 2), "a.c changed, new.c added, and 3 more");
  EXPECT_EQ(describe_input_changes(before, before, "/p"), "");
}

class DecideWithState : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = cache::StateDb::open(dir.path() / ".pitch");
    ASSERT_TRUE(db) << db.error().message;
    state = std::move(*db);
    r.name = "build";
    r.cmd = Command::from_shell("make");
    r.dir = dir.path().string();
    r.deps = {dir.write("src/a.c", "int a;").string()};
  }
  // Decides, and records a success as the executor does after the cmd.
  CacheDecision run() {
    auto d = decide(r, *state, ForceMode::kIfChanged);
    EXPECT_TRUE(d) << d.error().message;
    if (!d->skip) {
      EXPECT_TRUE(state->record_success(r.name, {*d->fingerprint, {}, 0, d->inputs}));
    }
    return *d;
  }

  pitch::testing::TempDir dir;
  std::unique_ptr<cache::StateDb> state;
  planner::PlanResource r;
};

TEST_F(DecideWithState, AChangedFileIsNamed) {
  run();
  dir.write("src/a.c", "int a = 1;");
  dir.write("src/b.c", "int b;");
  r.deps.push_back((dir.path() / "src/b.c").string());
  EXPECT_EQ(run().reason,
            "inputs changed since last successful run: src/a.c changed, src/b.c added");
  EXPECT_TRUE(run().skip);
}

TEST_F(DecideWithState, AChangedDefinitionSaysSo) {
  run();
  r.env = {{"CC", "clang"}};
  EXPECT_EQ(run().reason, "its definition (cmd, env or dir) changed since last successful run");
}

}  // namespace
}  // namespace pitch::executor
