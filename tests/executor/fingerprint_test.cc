#include "executor/fingerprint.h"

#include <gtest/gtest.h>

#include "tests/executor/fake_state_db.h"
#include "tests/executor/plan_builder.h"

namespace pitch::executor {
namespace {

planner::PlanResource with_deps() {
  planner::Plan plan;
  planner::PlanResource r = testing::add_resource(plan, "build");
  r.deps = {"/src/a.c", "/src/b.c"};
  r.dir = "/src";
  r.env = {{"CC", "gcc"}};
  return r;
}

void record(testing::FakeStateDb& db, const CacheDecision& d) {
  cache::RunRecord rec;
  rec.fingerprint = *d.fingerprint;
  ASSERT_TRUE(db.record_success("build", rec));
}

TEST(Fingerprint, NoDepsAlwaysRuns) {
  testing::FakeStateDb db;
  planner::PlanResource r = with_deps();
  r.deps.clear();
  CacheDecision d = decide(r, db, ForceMode::kIfChanged).value();
  EXPECT_FALSE(d.skip);
  EXPECT_FALSE(d.fingerprint);
  EXPECT_EQ(d.reason, "no deps declared, so it always runs");
  EXPECT_EQ(db.digest_calls, 0);
}

TEST(Fingerprint, FirstRunRunsThenUnchangedSkips) {
  testing::FakeStateDb db;
  CacheDecision first = decide(with_deps(), db, ForceMode::kIfChanged).value();
  EXPECT_FALSE(first.skip);
  EXPECT_EQ(first.reason, "no previous successful run");
  ASSERT_TRUE(first.fingerprint);
  record(db, first);
  CacheDecision second = decide(with_deps(), db, ForceMode::kIfChanged).value();
  EXPECT_TRUE(second.skip);
  EXPECT_EQ(second.reason, "deps unchanged since last successful run (fingerprint " +
                               first.fingerprint->short_hex() + ")");
}

TEST(Fingerprint, ChangedFileContentRuns) {
  testing::FakeStateDb db;
  record(db, decide(with_deps(), db, ForceMode::kIfChanged).value());
  db.contents["/src/b.c"] = "int main() {}";
  CacheDecision d = decide(with_deps(), db, ForceMode::kIfChanged).value();
  EXPECT_FALSE(d.skip);
  EXPECT_NE(d.reason.find("inputs changed since last successful run"), std::string::npos);
}

TEST(Fingerprint, ChangedDefinitionRuns) {
  testing::FakeStateDb db;
  record(db, decide(with_deps(), db, ForceMode::kIfChanged).value());
  planner::PlanResource env = with_deps();
  env.env = {{"CC", "clang"}};
  EXPECT_FALSE(decide(env, db, ForceMode::kIfChanged).value().skip);
  planner::PlanResource cmd = with_deps();
  cmd.cmd = Command::from_argv({"run", "build", "-O2"});
  EXPECT_FALSE(decide(cmd, db, ForceMode::kIfChanged).value().skip);
  planner::PlanResource dir = with_deps();
  dir.dir = "/elsewhere";
  EXPECT_FALSE(decide(dir, db, ForceMode::kIfChanged).value().skip);
}

TEST(Fingerprint, FieldsDoNotRunTogether) {
  cache::Digest deps;
  planner::PlanResource a = with_deps();
  a.cmd = Command::from_argv({"-I", "-O2"});
  planner::PlanResource b = with_deps();
  b.cmd = Command::from_argv({"-I-O2"});
  EXPECT_NE(compute_fingerprint(a, deps), compute_fingerprint(b, deps));
}

TEST(Fingerprint, ForceRunsButStillFingerprints) {
  testing::FakeStateDb db;
  record(db, decide(with_deps(), db, ForceMode::kIfChanged).value());
  CacheDecision d = decide(with_deps(), db, ForceMode::kAlways).value();
  EXPECT_FALSE(d.skip);
  EXPECT_EQ(d.reason, "--force");
  EXPECT_TRUE(d.fingerprint);
}

TEST(Fingerprint, DigestFailureIsAnError) {
  testing::FakeStateDb db;
  db.fail_digest = true;
  auto d = decide(with_deps(), db, ForceMode::kIfChanged);
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().message, "disk on fire");
}

}  // namespace
}  // namespace pitch::executor
