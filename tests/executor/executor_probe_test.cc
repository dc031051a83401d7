// Readiness probes, timeouts, heartbeats, auto_init, --keep-going and the
// run mode, on the scripted runner and its virtual clock.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "executor/executor.h"
#include "tests/executor/executor_harness.h"

namespace pitch::executor {
namespace {

using testing::add_probe;
using testing::add_resource;
using testing::add_server;
using ::testing::ElementsAre;
using testing::FakeCommandRunner;
using testing::Harness;
using ::testing::HasSubstr;

const NetCheckResult kRefused{false, "connection refused"};
const NetCheckResult kOk{true, "status 200"};
const NetCheckResult k503{false, "status 503"};

// web serves (no cmd) with an http probe on :8000; e2e depends on it.
planner::PlanResource& web_and_e2e(Harness& h) {
  planner::PlanResource& web = add_resource(h.plan, "web");
  web.cmd = Command();
  add_server(web);
  add_probe(web);
  add_resource(h.plan, "e2e", {"web"});
  return h.plan.resources[0];
}

std::vector<std::string> matching(const std::vector<std::string>& events, std::string_view what) {
  std::vector<std::string> out;
  for (const auto& e : events) {
    if (e.find(what) != std::string::npos) out.push_back(e);
  }
  return out;
}

size_t index_of(const std::vector<std::string>& events, std::string_view prefix) {
  for (size_t i = 0; i < events.size(); ++i) {
    if (events[i].starts_with(prefix)) return i;
  }
  return events.size();
}

TEST(ExecutorProbe, DependantStartsOnlyAfterTheProbeSucceeds) {
  Harness h;
  web_and_e2e(h);
  h.runner.check_results("http://localhost:8000/", {kRefused, kRefused, kOk});
  RunReport report = h.run();
  EXPECT_EQ(report.outcome, RunOutcome::kSucceeded);
  // Tilt's worker probes at once, then every period_secs.
  EXPECT_THAT(matching(h.events, "web probe failed"),
              ElementsAre("web probe failed: connection refused at 0ms"));
  EXPECT_THAT(matching(h.events, "web ready"),
              ElementsAre("web ready: readiness probe succeeded: status 200 "
                          "(http://localhost:8000/)"));
  EXPECT_LT(index_of(h.events, "web ready"), index_of(h.events, "e2e started"));
  EXPECT_EQ(h.runner.checks_started.size(), 3u);
  EXPECT_EQ(h.runner.started, (std::vector<std::string>{"web:serve", "e2e"}));
  EXPECT_EQ(report.resources[0].duration, Millis(2000));
}

TEST(ExecutorProbe, FollowsKubernetesThresholds) {
  Harness h;
  planner::PlanResource& web = web_and_e2e(h);
  web.readiness_probe->success_threshold = 2;
  web.readiness_probe->failure_threshold = 2;
  h.plan.resources.pop_back();  // no e2e: the run ends when web is ready
  // fail, ok (1 of 2: not ready), ok (ready).
  h.runner.check_results("http://localhost:8000/", {k503, kOk, kOk});
  RunReport report = h.run();
  EXPECT_EQ(report.outcome, RunOutcome::kSucceeded);
  EXPECT_EQ(report.resources[0].duration, Millis(2000));
}

TEST(ExecutorProbe, LosingReadinessNeedsFailureThresholdFailuresAndIsShown) {
  Harness h;
  planner::PlanResource& web = add_resource(h.plan, "web");
  web.cmd = Command();
  add_server(web);
  add_probe(web).failure_threshold = 2;
  // The run mode keeps probing after everything is up.
  h.mode = RunMode::kRun;
  h.runner.check_results("http://localhost:8000/", {kOk, k503, k503, kOk});
  h.runner.interrupt_when_idle(3);  // after the results at 1s, 2s, 3s
  RunReport report = h.run();
  EXPECT_EQ(report.outcome, RunOutcome::kInterrupted);
  EXPECT_THAT(matching(h.events, "web probe failed"),
              ElementsAre("web probe failed: status 503 at 1.0s"));
  EXPECT_THAT(h.events, ::testing::Contains("pitch all ready"));
  // Not ready only after the second failure in a row; ready again after
  // the next success.
  std::vector<std::string> transitions;
  for (const auto& e : h.events) {
    if (e.starts_with("web ready") || e.starts_with("web not ready")) transitions.push_back(e);
  }
  ASSERT_EQ(transitions.size(), 3u) << ::testing::PrintToString(h.events);
  EXPECT_THAT(transitions[1],
              HasSubstr("not ready: readiness probe: status 503 (2 failures in a row)"));
}

TEST(ExecutorProbe, RepeatedIdenticalFailuresAreShownOnce) {
  Harness h;
  web_and_e2e(h);
  h.runner.check_results("http://localhost:8000/",
                         {kRefused, kRefused, kRefused, k503, k503, kRefused, kOk});
  h.run();
  EXPECT_THAT(matching(h.events, "web probe failed"),
              ElementsAre("web probe failed: connection refused at 0ms",
                          "web probe failed: status 503 at 3.0s",
                          "web probe failed: connection refused at 5.0s"));
}

TEST(ExecutorProbe, InitialDelayAndPeriod) {
  Harness h;
  planner::PlanResource& web = web_and_e2e(h);
  web.readiness_probe->initial_delay_secs = 3;
  web.readiness_probe->period_secs = 2;
  h.runner.check_results("http://localhost:8000/", {kRefused, kOk});
  RunReport report = h.run();
  EXPECT_THAT(matching(h.events, "web probe failed"),
              ElementsAre("web probe failed: connection refused at 3.0s"));
  EXPECT_EQ(report.resources[0].duration, Millis(5000));
}

TEST(ExecutorProbe, NetworkProbeThatDoesNotAnswerTimesOut) {
  Harness h;
  planner::PlanResource& web = web_and_e2e(h);
  web.readiness_probe->timeout_secs = 1;
  web.readiness_probe->period_secs = 5;
  h.runner.check_results("http://localhost:8000/", {{false, FakeCommandRunner::kHang}, kOk});
  RunReport report = h.run();
  EXPECT_EQ(report.outcome, RunOutcome::kSucceeded);
  EXPECT_THAT(matching(h.events, "web probe failed"),
              ElementsAre("web probe failed: timed out after 1.0s at 1.0s"));
  EXPECT_EQ(report.resources[0].duration, Millis(5000));
}

TEST(ExecutorProbe, ExecProbeRunsInTheTiltfileDirAndReportsItsExit) {
  Harness h;
  h.plan.tiltfile_dir = "/project";
  planner::PlanResource& web = web_and_e2e(h);
  web.readiness_probe->kind = planner::ProbeSpec::Kind::kExec;
  web.readiness_probe->exec_argv = {"check", "db-probe"};
  h.runner.script_sequence("db-probe", {{2, {"starting", "not yet"}}, {0, {}}});
  RunReport report = h.run();
  EXPECT_EQ(report.outcome, RunOutcome::kSucceeded);
  EXPECT_THAT(matching(h.events, "web probe failed"),
              ElementsAre("web probe failed: exit code 2: not yet at 0ms"));
  ASSERT_GE(h.runner.spawned.size(), 2u);
  EXPECT_EQ(h.runner.spawned[1].argv, (std::vector<std::string>{"check", "db-probe"}));
  EXPECT_EQ(h.runner.spawned[1].dir, "/project");
  EXPECT_THAT(h.events, ::testing::Contains("web ready: readiness probe succeeded: exit code 0 "
                                            "(exec: check db-probe)"));
}

TEST(ExecutorProbe, ExecProbeThatHangsIsKilledAtItsTimeout) {
  Harness h;
  planner::PlanResource& web = web_and_e2e(h);
  web.readiness_probe->kind = planner::ProbeSpec::Kind::kExec;
  web.readiness_probe->exec_argv = {"check", "slow-probe"};
  web.readiness_probe->timeout_secs = 2;
  web.readiness_probe->period_secs = 3;
  h.runner.script_sequence("slow-probe", {{FakeCommandRunner::kServe, {}}, {0, {}}});
  RunReport report = h.run();
  EXPECT_EQ(report.outcome, RunOutcome::kSucceeded);
  EXPECT_THAT(matching(h.events, "web probe failed"),
              ElementsAre("web probe failed: timed out after 2.0s at 2.0s"));
  EXPECT_EQ(h.runner.stopped.front(), "slow-probe");
  EXPECT_EQ(report.resources[0].duration, Millis(3000));
}

TEST(ExecutorProbe, ExecProbeThatCannotStartIsIgnoredLikeTiltAndSaidOnce) {
  Harness h;
  planner::PlanResource& web = web_and_e2e(h);
  web.readiness_probe->kind = planner::ProbeSpec::Kind::kExec;
  web.readiness_probe->exec_argv = {"missing-probe"};
  h.runner.fail_to_start("missing-probe");
  h.readiness_timeout = Millis(5000);
  RunReport report = h.run();
  EXPECT_EQ(report.outcome, RunOutcome::kTimedOut);
  // Neither a failure nor a success: no probe result, one warning.
  EXPECT_THAT(matching(h.events, "web probe"), ElementsAre());
  EXPECT_THAT(matching(h.events, "warning"),
              ElementsAre("web warning: readiness probe could not start: cannot run "
                          "missing-probe (attempt ignored, as Tilt does; retrying every 1s)"));
  EXPECT_THAT(report.resources[0].detail,
              HasSubstr("not ready: readiness probe could not start: cannot run missing-probe"));
}

TEST(ExecutorProbe, ReadinessTimeoutFailsTheRunNamingTheProbesLastResult) {
  Harness h;
  web_and_e2e(h);
  h.readiness_timeout = Millis(5000);
  h.runner.check_results("http://localhost:8000/", {kRefused});
  RunReport report = h.run();
  EXPECT_EQ(report.outcome, RunOutcome::kTimedOut);
  EXPECT_EQ(report.not_ready, 0u);
  EXPECT_EQ(report.timeout, Millis(5000));
  EXPECT_EQ(report.resources[0].outcome, ResourceOutcome::kCancelled);
  EXPECT_THAT(report.resources[0].detail,
              HasSubstr("not ready within the readiness timeout (5.0s): serve_cmd running for "
                        "5.0s, not ready: readiness probe: connection refused (6 failures in a "
                        "row)"));
  EXPECT_EQ(report.resources[1].detail,
            "waiting on resource_deps: web (not ready: readiness probe: connection refused (6 "
            "failures in a row))");
  EXPECT_EQ(h.runner.stopped, (std::vector<std::string>{"web:serve"}));
}

TEST(ExecutorProbe, RunTimeoutNamesTheProbeResultOfWhatItWaitsOn) {
  Harness h;
  web_and_e2e(h);
  h.timeout = Millis(2500);
  h.runner.check_results("http://localhost:8000/", {k503});
  RunReport report = h.run();
  EXPECT_EQ(report.outcome, RunOutcome::kTimedOut);
  EXPECT_FALSE(report.not_ready);
  EXPECT_EQ(report.timeout, Millis(2500));
  EXPECT_THAT(report.resources[1].detail,
              HasSubstr("web (not ready: readiness probe: status 503 (3 failures in a row))"));
}

TEST(ExecutorProbe, ServerExitWhileProbingFailsTheRun) {
  Harness h;
  web_and_e2e(h);
  h.runner.script("web:serve", {3, {"bind: address in use"}});
  h.runner.check_results("http://localhost:8000/", {{false, FakeCommandRunner::kHang}});
  RunReport report = h.run();
  EXPECT_EQ(report.outcome, RunOutcome::kFailed);
  EXPECT_EQ(report.resources[0].detail, "serve_cmd exited with code 3 before the run finished");
  EXPECT_EQ(report.resources[1].detail, "dependency 'web' failed");
}

TEST(ExecutorTimers, HeartbeatNamesWhatIsPendingAndWhy) {
  Harness h;
  add_resource(h.plan, "db").auto_init = false;
  add_resource(h.plan, "app", {"db"});
  add_resource(h.plan, "lint");
  h.heartbeat = Millis(30'000);
  h.timeout = Millis(65'000);
  RunReport report = h.run();
  EXPECT_EQ(report.outcome, RunOutcome::kTimedOut);
  EXPECT_EQ(h.runner.started, (std::vector<std::string>{"lint"}));
  const std::string why =
      "app (waiting on resource_deps: db (auto_init=False: never started by "
      "this run))";
  EXPECT_THAT(matching(h.events, "heartbeat"),
              ElementsAre("pitch heartbeat at 30.0s: " + why, "pitch heartbeat at 1m00s: " + why));
  EXPECT_EQ(report.resources[0].outcome, ResourceOutcome::kNotRun);
  EXPECT_EQ(report.resources[0].detail, "auto_init=False: not started automatically");
}

TEST(ExecutorTimers, AutoInitFalseIsNotStartedAndDoesNotCount) {
  Harness h;
  add_resource(h.plan, "manual").auto_init = false;
  add_resource(h.plan, "b");
  RunReport report = h.run();
  EXPECT_EQ(report.outcome, RunOutcome::kSucceeded);
  EXPECT_EQ(h.runner.started, (std::vector<std::string>{"b"}));
}

TEST(ExecutorKeepGoing, IndependentWorkFinishesAfterAFailure) {
  Harness h;
  add_resource(h.plan, "bad");
  add_resource(h.plan, "after_bad", {"bad"});
  add_resource(h.plan, "other");
  add_resource(h.plan, "after_other", {"other"});
  h.keep_going = true;
  h.runner.script("bad", {1, {}});
  RunReport report = h.run();
  EXPECT_EQ(report.outcome, RunOutcome::kFailed);
  EXPECT_EQ(report.failed, 0u);
  EXPECT_EQ(h.runner.started, (std::vector<std::string>{"bad", "other", "after_other"}));
  EXPECT_EQ(report.resources[1].detail, "dependency 'bad' failed");
  EXPECT_EQ(report.resources[3].outcome, ResourceOutcome::kRan);
}

TEST(ExecutorRunMode, BatchOnlyPlanEndsWhenDone) {
  Harness h;
  h.mode = RunMode::kRun;
  add_resource(h.plan, "a");
  add_resource(h.plan, "b", {"a"});
  RunReport report = h.run();
  EXPECT_EQ(report.outcome, RunOutcome::kSucceeded);
  EXPECT_EQ(h.events.back(), "b succeeded");  // nothing keeps running: no announcement
}

TEST(ExecutorRunMode, ServersKeepRunningUntilInterruptedAndFailuresDoNotStopOthers) {
  Harness h;
  h.mode = RunMode::kRun;
  add_server(add_resource(h.plan, "web"));
  add_resource(h.plan, "broken");
  add_resource(h.plan, "after_web", {"web"});
  h.runner.script("broken", {1, {}});
  h.runner.interrupt_when_idle();
  RunReport report = h.run();
  EXPECT_EQ(report.outcome, RunOutcome::kInterrupted);
  EXPECT_EQ(report.failed, 1u);
  EXPECT_EQ(h.runner.started,
            (std::vector<std::string>{"web", "web:serve", "broken", "after_web"}));
  EXPECT_EQ(h.runner.stopped, (std::vector<std::string>{"web:serve"}));
}

}  // namespace
}  // namespace pitch::executor
