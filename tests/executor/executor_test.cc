#include "executor/executor.h"

#include <gtest/gtest.h>

#include "tests/executor/executor_harness.h"

namespace pitch::executor {
namespace {

using testing::add_resource;
using testing::add_server;
using testing::FakeCommandRunner;
using testing::Harness;

TEST(Executor, RunsInDependencyOrderAndSucceeds) {
  Harness h;
  add_resource(h.plan, "c");
  add_resource(h.plan, "a", {"c"});
  add_resource(h.plan, "b", {"a"});
  h.runner.script("a", {0, {"hello from a"}});
  RunReport report = h.run();
  EXPECT_EQ(report.outcome, RunOutcome::kSucceeded);
  EXPECT_EQ(h.runner.started, (std::vector<std::string>{"c", "a", "b"}));
  EXPECT_EQ(h.events, (std::vector<std::string>{
                          "c started: no deps declared, so it always runs",
                          "c exited: exit code 0",
                          "c succeeded",
                          "a started: no deps declared, so it always runs",
                          "a | hello from a",
                          "a exited: exit code 0",
                          "a succeeded",
                          "b started: no deps declared, so it always runs",
                          "b exited: exit code 0",
                          "b succeeded",
                      }));
  for (const auto& r : report.resources) EXPECT_EQ(r.outcome, ResourceOutcome::kRan);
}

TEST(Executor, SerialResourcesNeverOverlap) {
  Harness h;
  for (const char* name : {"a", "b", "c"}) add_resource(h.plan, name);
  h.run();
  EXPECT_EQ(h.runner.max_cmds_in_flight, 1u);
  EXPECT_EQ(h.runner.started, (std::vector<std::string>{"a", "b", "c"}));
}

TEST(Executor, ParallelResourcesAreBoundedByJobs) {
  Harness h;
  for (const char* name : {"a", "b", "c", "d", "e"})
    add_resource(h.plan, name).allow_parallel = true;
  h.jobs = 2;
  EXPECT_EQ(h.run().outcome, RunOutcome::kSucceeded);
  EXPECT_EQ(h.runner.max_cmds_in_flight, 2u);
  EXPECT_EQ(h.runner.started, (std::vector<std::string>{"a", "b", "c", "d", "e"}));
}

TEST(Executor, FailureStopsNewStartsAndStopsRunningWork) {
  Harness h;
  for (const char* name : {"a", "b", "c"}) add_resource(h.plan, name).allow_parallel = true;
  add_resource(h.plan, "after_a", {"a"});
  h.jobs = 2;
  h.runner.script("a", {2, {"boom"}});
  h.runner.script("b", {0, {}});
  RunReport report = h.run();
  EXPECT_EQ(report.outcome, RunOutcome::kFailed);
  EXPECT_EQ(report.failed, 0u);
  // a and b started together; a failed first; c and after_a never started.
  EXPECT_EQ(h.runner.started, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(h.runner.stopped, (std::vector<std::string>{"b"}));
  EXPECT_EQ(report.resources[0].outcome, ResourceOutcome::kFailed);
  EXPECT_EQ(report.resources[0].detail, "cmd exited with code 2");
  EXPECT_EQ(report.resources[0].exit->code, 2);
  EXPECT_EQ(report.resources[1].outcome, ResourceOutcome::kCancelled);
  EXPECT_EQ(report.resources[2].outcome, ResourceOutcome::kNotRun);
  EXPECT_EQ(report.resources[2].detail, "not started: the run stopped when 'a' failed");
  EXPECT_EQ(report.resources[3].outcome, ResourceOutcome::kNotRun);
  EXPECT_EQ(report.resources[3].detail, "dependency 'a' failed");
}

TEST(Executor, ServerStartsAfterCmdAndIsStoppedAtTheEnd) {
  Harness h;
  add_server(add_resource(h.plan, "web"));
  add_resource(h.plan, "e2e", {"web"});
  RunReport report = h.run();
  EXPECT_EQ(report.outcome, RunOutcome::kSucceeded);
  EXPECT_EQ(h.runner.started, (std::vector<std::string>{"web", "web:serve", "e2e"}));
  EXPECT_EQ(h.runner.stopped, (std::vector<std::string>{"web:serve"}));
  EXPECT_EQ(h.events.back(), "web serve_cmd stopped: killed by SIGTERM");
}

TEST(Executor, ServerExitingEarlyFailsTheResource) {
  Harness h;
  planner::PlanResource& web = add_resource(h.plan, "web");
  web.cmd = Command();
  add_server(web);
  add_resource(h.plan, "slow");
  h.runner.script("web:serve", {0, {"bye"}});
  RunReport report = h.run();
  EXPECT_EQ(report.outcome, RunOutcome::kFailed);
  EXPECT_EQ(report.failed, 0u);
  EXPECT_EQ(report.resources[0].detail, "serve_cmd exited with code 0 before the run finished");
}

TEST(Executor, SkipsUpToDateCmdAndRecordsSuccess) {
  Harness h;
  add_resource(h.plan, "build").deps = {"/src/main.c"};
  h.run();
  ASSERT_EQ(h.db.records.count("build"), 1u);
  EXPECT_EQ(h.runner.started.size(), 1u);

  RunReport second = h.run();
  EXPECT_EQ(h.runner.started.size(), 1u);  // not started again
  EXPECT_EQ(second.resources[0].outcome, ResourceOutcome::kSkipped);
  EXPECT_NE(h.events[0].find("build skipped: deps unchanged"), std::string::npos);

  h.force = ForceMode::kAlways;
  h.run();
  EXPECT_EQ(h.runner.started.size(), 2u);
  EXPECT_EQ(h.events[0], "build started: --force");
}

TEST(Executor, FailureForgetsTheLastSuccess) {
  Harness h;
  add_resource(h.plan, "build").deps = {"/src/main.c"};
  h.run();
  ASSERT_EQ(h.db.records.count("build"), 1u);
  h.force = ForceMode::kAlways;
  h.runner.script("build", {1, {}});
  h.run();
  EXPECT_EQ(h.db.records.count("build"), 0u);
}

TEST(Executor, SkippedCmdStillStartsItsServer) {
  Harness h;
  planner::PlanResource& web = add_resource(h.plan, "web");
  web.deps = {"/src"};
  add_server(web);
  h.run();
  h.runner.started.clear();
  RunReport report = h.run();
  EXPECT_EQ(h.runner.started, (std::vector<std::string>{"web:serve"}));
  EXPECT_EQ(report.resources[0].outcome, ResourceOutcome::kSkipped);
}

TEST(Executor, SpawnFailureFailsTheResource) {
  Harness h;
  add_resource(h.plan, "a");
  h.runner.fail_to_start("a");
  RunReport report = h.run();
  EXPECT_EQ(report.outcome, RunOutcome::kFailed);
  EXPECT_EQ(report.resources[0].detail, "could not start cmd: cannot run a");
}

TEST(Executor, TimeoutNamesWhatEachResourceWaitedOn) {
  Harness h;
  add_server(add_resource(h.plan, "web"));
  planner::PlanResource& stuck = add_resource(h.plan, "stuck", {"web"});
  add_resource(h.plan, "after", {"stuck"});
  h.runner.script("stuck", {FakeCommandRunner::kServe, {}});  // never exits
  (void)stuck;
  RunReport report = h.run();  // the fake reports kDeadline when idle
  EXPECT_EQ(report.outcome, RunOutcome::kTimedOut);
  EXPECT_EQ(report.resources[0].outcome, ResourceOutcome::kRan);
  EXPECT_EQ(report.resources[1].outcome, ResourceOutcome::kCancelled);
  EXPECT_NE(report.resources[1].detail.find("running cmd"), std::string::npos);
  EXPECT_EQ(report.resources[2].outcome, ResourceOutcome::kNotRun);
  EXPECT_EQ(report.resources[2].detail, "waiting on resource_deps: stuck (running cmd)");
  EXPECT_EQ(h.runner.stopped, (std::vector<std::string>{"web:serve", "stuck"}));
}

TEST(Executor, InterruptStopsEverything) {
  Harness h;
  add_server(add_resource(h.plan, "web"));
  add_resource(h.plan, "hang");
  h.runner.script("hang", {FakeCommandRunner::kServe, {}});
  h.runner.interrupt_when_idle();
  RunReport report = h.run();
  EXPECT_EQ(report.outcome, RunOutcome::kInterrupted);
  EXPECT_EQ(report.signal, SIGINT);
  EXPECT_EQ(h.runner.running(), 0u);
}

TEST(Executor, OnlySelectedResourcesRun) {
  Harness h;
  add_resource(h.plan, "a");
  add_resource(h.plan, "b");
  h.selected = {false, true};
  RunReport report = h.run();
  EXPECT_EQ(h.runner.started, (std::vector<std::string>{"b"}));
  EXPECT_FALSE(report.resources[0].selected);
}

}  // namespace
}  // namespace pitch::executor
