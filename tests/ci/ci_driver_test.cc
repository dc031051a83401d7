#include "ci/ci_driver.h"

#include <signal.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/temp_dir.h"

namespace pitch::ci {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::Not;

class RunCi : public ::testing::Test {
 protected:
  planner::Plan plan;
  CiOptions options;
  pitch::testing::TempDir dir;
  std::string output;

  void SetUp() override {
    options.state_dir = (dir.path() / ".pitch").string();
    options.grace_period = Millis(500);
    options.timeout = Millis(20'000);
    options.color = ColorMode::kNever;
  }

  planner::PlanResource& add(const std::string& name, const std::string& cmd,
                             const std::vector<std::string>& after = {}) {
    planner::PlanResource r;
    r.name = name;
    r.cmd = Command::from_shell(cmd);
    r.dir = dir.path().string();
    for (const std::string& dep : after) r.resource_deps.push_back(plan.find(dep));
    plan.resources.push_back(std::move(r));
    return plan.resources.back();
  }

  int run() {
    std::FILE* out = std::tmpfile();
    int code = run_ci(plan, options, out);
    std::rewind(out);
    output.clear();
    char buf[4096];
    while (size_t n = std::fread(buf, 1, sizeof buf, out)) output.append(buf, n);
    std::fclose(out);
    return code;
  }

  std::string path(const std::string& name) const { return (dir.path() / name).string(); }
};

pid_t read_pid(const std::string& file) {
  std::ifstream in(file);
  pid_t pid = 0;
  in >> pid;
  return pid;
}

// Whether any live process has `marker` in its environment.
bool process_with_env(const std::string& marker) {
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    std::ifstream env(entry.path() / "environ");
    std::string text((std::istreambuf_iterator<char>(env)), std::istreambuf_iterator<char>());
    if (text.find(marker) == std::string::npos) continue;
    std::ifstream stat(entry.path() / "stat");
    std::string s((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    size_t paren = s.rfind(')');
    if (paren != std::string::npos && s[paren + 2] != 'Z') return true;
  }
  return false;
}

TEST_F(RunCi, SucceedsWithPrefixedLogsAndSummary) {
  add("setup", "echo preparing");
  add("unit-tests", "echo passed; printf 'no newline'", {"setup"});
  EXPECT_EQ(run(), 0) << output;
  EXPECT_THAT(output, HasSubstr("     setup │ Starting (no deps declared, so it always runs)\n"
                                "     setup │ Running cmd: echo preparing\n"
                                "     setup │ preparing\n"
                                "     setup │ cmd exited with code 0 ("));
  EXPECT_THAT(output, HasSubstr("unit-tests │ passed\nunit-tests │ no newline\n"));
  EXPECT_THAT(
      output,
      HasSubstr("\nSummary\n  RESOURCE    RESULT        TIME  DETAIL\n  setup       ran    "));
  EXPECT_THAT(output, HasSubstr("SUCCESS. All workloads are healthy (2 ran, 0 skipped, "));
  EXPECT_THAT(output, Not(HasSubstr("\x1b[")));
}

TEST_F(RunCi, FailureExitsOneAndShowsTheFailedResourcesTail) {
  add("ok", "true").allow_parallel = true;
  add("bad", "for i in $(seq 1 25); do echo line $i; done; exit 3").allow_parallel = true;
  add("after", "echo never", {"bad"});
  EXPECT_EQ(run(), 1) << output;
  EXPECT_THAT(output, HasSubstr("bad │ ERROR: cmd exited with code 3 ("));
  EXPECT_THAT(output, HasSubstr("  bad       failed"));
  EXPECT_THAT(output, HasSubstr("cmd exited with code 3\n"));
  EXPECT_THAT(output, HasSubstr("  after     not run          -  dependency 'bad' failed\n"));
  EXPECT_THAT(output, HasSubstr("Last 20 lines of bad:\n  bad │ line 6\n"));
  EXPECT_THAT(output,
              HasSubstr("  bad │ line 25\n\nERROR: resource 'bad' failed: cmd exited with code 3"));
  EXPECT_THAT(output, Not(HasSubstr("never")));
}

TEST_F(RunCi, TimeoutExits124AndNamesWhatWasWaiting) {
  options.timeout = Millis(300);
  add("slow", "echo started; sleep 30");
  add("after", "true", {"slow"});
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(run(), 124) << output;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_THAT(output, HasSubstr("slow │ Stopping cmd (after"));
  EXPECT_THAT(output, ContainsRegex("\n  slow      cancelled +[0-9]+ms  stopped after [0-9]+ms: "
                                    "running cmd for [0-9]+ms\n"));
  EXPECT_THAT(output,
              HasSubstr("  after     not run          -  waiting on resource_deps: slow (running "
                        "cmd)\n"));
  EXPECT_THAT(output, HasSubstr("TIMEOUT: not done after 300ms; unfinished: slow, after."));
}

TEST_F(RunCi, SecondRunSkipsUnchangedDepsAndRerunsWhenTheyChange) {
  dir.write("src/input.txt", "v1");
  planner::PlanResource& build = add("build", "cat src/input.txt >> built.txt");
  build.deps = {path("src")};
  EXPECT_EQ(run(), 0) << output;
  EXPECT_THAT(output, HasSubstr("build │ Starting (no previous successful run)"));

  EXPECT_EQ(run(), 0) << output;
  EXPECT_THAT(output, HasSubstr("build │ Skipping cmd: deps unchanged since last successful run "
                                "(fingerprint "));
  EXPECT_THAT(output, HasSubstr("  build     skipped"));
  EXPECT_EQ(dir.read("built.txt"), "v1");

  // A file written within the stat cache's racy window is re-hashed, so no
  // sleep is needed for the change to be seen.
  dir.write("src/input.txt", "v2");
  EXPECT_EQ(run(), 0) << output;
  EXPECT_THAT(output, HasSubstr("build │ Starting (inputs changed since last successful run"));
  EXPECT_EQ(dir.read("built.txt"), "v1v2");

  options.force = true;
  EXPECT_EQ(run(), 0) << output;
  EXPECT_THAT(output, HasSubstr("build │ Starting (--force)"));
}

TEST_F(RunCi, FailedRunIsNotCachedAsSuccess) {
  dir.write("src/input.txt", "v1");
  planner::PlanResource& build = add("build", "test -f ok");
  build.deps = {path("src")};
  EXPECT_EQ(run(), 1);
  dir.write("ok", "");
  EXPECT_EQ(run(), 0) << output;
  EXPECT_THAT(output, HasSubstr("build │ Starting (no previous successful run)"));
}

TEST_F(RunCi, ServerStartsBeforeDependantsAndNothingOutlivesTheRun) {
  const std::string marker = "PITCH_CI_TEST_MARKER=" + std::to_string(getpid()) + "-serve";
  planner::PlanResource& web = add("web", "echo building");
  // The server forks a helper into its group and one that escapes it
  // (setsid); it ignores SIGTERM, so only the grace period ends it.
  web.serve_cmd = Command::from_shell("trap '' TERM; echo $$ > " + path("web.pid") +
                                      "; sleep 60 & setsid sleep 60 & "
                                      "echo serving; while :; do sleep 0.05; done");
  web.env = {{"PITCH_CI_TEST_MARKER", marker.substr(marker.find('=') + 1)}};
  add("check", "while [ ! -s web.pid ]; do sleep 0.01; done; echo web is up", {"web"});
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(run(), 0) << output;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_THAT(output, HasSubstr("  web │ Running serve_cmd: trap"));
  EXPECT_THAT(output, HasSubstr("  web │ Ready (no readiness probe: ready once started)\n"));
  EXPECT_THAT(output, HasSubstr("check │ web is up\n"));
  EXPECT_THAT(output, HasSubstr("  web │ Stopping serve_cmd (after"));
  EXPECT_THAT(output, HasSubstr("  web │ serve_cmd stopped (killed by SIGKILL)\n"));
  pid_t server = read_pid(path("web.pid"));
  ASSERT_GT(server, 0);
  EXPECT_NE(kill(server, 0), 0);
  EXPECT_FALSE(process_with_env(marker));
}

TEST_F(RunCi, ServerExitingEarlyFailsTheRun) {
  planner::PlanResource& web = add("web", "");
  web.cmd = Command();
  web.serve_cmd = Command::from_shell("echo bye; exit 0");
  add("slow", "sleep 5", {"web"});
  EXPECT_EQ(run(), 1) << output;
  EXPECT_THAT(output, HasSubstr("ERROR: resource 'web' failed: serve_cmd exited with code 0 "
                                "before the run finished"));
}

TEST_F(RunCi, TargetsRunTheirDependenciesOnly) {
  add("a", "echo ran-a");
  add("b", "echo ran-b", {"a"});
  add("c", "echo ran-c");
  options.targets = {"b"};
  EXPECT_EQ(run(), 0) << output;
  EXPECT_THAT(output, HasSubstr("a │ ran-a"));
  EXPECT_THAT(output, HasSubstr("b │ ran-b"));
  EXPECT_THAT(output, Not(HasSubstr("ran-c")));
}

TEST_F(RunCi, UnknownTargetExitsTwo) {
  add("a", "true");
  options.targets = {"nope"};
  EXPECT_EQ(run(), 2);
  EXPECT_EQ(output, "pitch ci: unknown resource 'nope' (resources: a)\n");
}

TEST_F(RunCi, SigintTearsDownAndExits130) {
  // The cmd signals pitch (its parent) itself, like a Ctrl-C would.
  add("hang", "kill -INT $PPID; sleep 30");
  EXPECT_EQ(run(), 130) << output;
  EXPECT_THAT(output, HasSubstr("INTERRUPTED by SIGINT"));
  EXPECT_THAT(output, HasSubstr("  hang      cancelled"));
}

TEST_F(RunCi, ColorOnlyWhenAsked) {
  add("a", "true");
  options.color = ColorMode::kAlways;
  EXPECT_EQ(run(), 0);
  EXPECT_THAT(output, HasSubstr("\x1b[32mSUCCESS."));
  options.color = ColorMode::kAuto;  // a file is not a terminal
  EXPECT_EQ(run(), 0);
  EXPECT_THAT(output, Not(HasSubstr("\x1b[")));
}

}  // namespace
}  // namespace pitch::ci
