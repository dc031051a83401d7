// End-to-end: `pitch ci`'s rules that come from the Tiltfile or the
// command line — auto_init, enabled resources, max_parallel_updates and -j,
// ci_settings(timeout) and --timeout, --keep-going, the heartbeat — and
// that no process survives, however it tries.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "tests/e2e/process_helpers.h"
#include "tests/support/run_pitch.h"
#include "tests/support/temp_dir.h"

namespace pitch::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// A command for `name` that stamps its start and end around `seconds`.
std::string stamped(const std::string& name, double seconds = 0.4) {
  return fmt::format("python3 stamp.py {0} start; sleep {1}; python3 stamp.py {0} end", name,
                     seconds);
}

class CiRulesE2E : public ::testing::Test {
 protected:
  TempDir dir;
  std::string marker = marker_env(::testing::UnitTest::GetInstance()->current_test_info()->name());

  void SetUp() override { dir.write("stamp.py", kStampPy); }
  PitchOutput ci(std::vector<std::string> args = {}) {
    args.insert(args.begin(), {"ci", "--grace-period", "1s"});
    return run_pitch(args, dir.path(), {marker});
  }
  void TearDown() override {
    EXPECT_THAT(processes_with(marker), ::testing::IsEmpty()) << "processes outlived pitch";
  }
};

TEST_F(CiRulesE2E, AutoInitFalseIsNotStartedAndDoesNotCount) {
  dir.write("Tiltfile",
            "local_resource('manual', cmd='python3 stamp.py manual start', auto_init=False)\n"
            "local_resource('build', cmd='python3 stamp.py build start')\n");
  auto r = ci();
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  auto t = read_times(dir.path());
  EXPECT_TRUE(t.count("build start"));
  EXPECT_FALSE(t.count("manual start"));
  EXPECT_THAT(r.out, HasSubstr("auto_init=False: not started automatically"));
}

TEST_F(CiRulesE2E, DependantOfAnAutoInitFalseResourceWaitsAndTheTimeoutNamesIt) {
  dir.write("Tiltfile",
            "local_resource('db', cmd='true', auto_init=False)\n"
            "local_resource('app', cmd='python3 stamp.py app start', resource_deps=['db'])\n");
  auto r = ci({"--timeout", "700ms", "--heartbeat", "300ms"});
  EXPECT_EQ(r.exit_code, 124) << r.out << r.err;
  EXPECT_FALSE(read_times(dir.path()).count("app start"));
  EXPECT_THAT(r.out, HasSubstr("TIMEOUT: not done after 700ms; unfinished: app."));
  EXPECT_THAT(r.out, HasSubstr("app       not run          -  waiting on resource_deps: db "
                               "(auto_init=False: never started by this run)"));
  // The heartbeat said so while it waited.
  // (The heartbeat's time is when it fired, a few ms either way.)
  EXPECT_THAT(r.out, ::testing::ContainsRegex("pitch: still waiting after [0-9]+ms: app \\(waiting "
                                              "on resource_deps: db \\(auto_init=False"));
}

TEST_F(CiRulesE2E, EnabledResourcesBringUpTheirDependenciesAndNothingElse) {
  dir.write("Tiltfile",
            "config.set_enabled_resources(['api'])\n"
            "local_resource('base', cmd='python3 stamp.py base start')\n"
            "local_resource('api', cmd='python3 stamp.py api start', resource_deps=['base'])\n"
            "local_resource('docs', cmd='python3 stamp.py docs start')\n");
  auto r = ci();
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  auto t = read_times(dir.path());
  EXPECT_TRUE(t.count("base start") && t.count("api start")) << r.out;
  EXPECT_FALSE(t.count("docs start"));
}

TEST_F(CiRulesE2E, MaxParallelUpdatesFromTheTiltfileAndMinusJOverridesIt) {
  dir.write("Tiltfile",
            "update_settings(max_parallel_updates=1)\n"
            "local_resource('p1', cmd='" +
                stamped("p1") +
                "', allow_parallel=True)\n"
                "local_resource('p2', cmd='" +
                stamped("p2") + "', allow_parallel=True)\n");
  auto serial = ci();
  ASSERT_EQ(serial.exit_code, 0) << serial.out << serial.err;
  auto t = read_times(dir.path());
  EXPECT_GE(t["p2 start"], t["p1 end"]) << "max_parallel_updates=1 let two updates overlap";

  std::filesystem::remove(dir.path() / "times.log");
  auto parallel = ci({"-j", "2"});
  ASSERT_EQ(parallel.exit_code, 0) << parallel.out << parallel.err;
  t = read_times(dir.path());
  EXPECT_LT(t["p2 start"], t["p1 end"]) << "-j 2 did not override max_parallel_updates=1";
}

TEST_F(CiRulesE2E, SerialResourceWaitsWhileALaterParallelOneOvertakesIt) {
  dir.write("Tiltfile", "local_resource('first', cmd='" + stamped("first") +
                            "', allow_parallel=True)\n"
                            "local_resource('serial', cmd='" +
                            stamped("serial", 0.1) +
                            "')\n"
                            "local_resource('later', cmd='" +
                            stamped("later", 0.1) + "', allow_parallel=True)\n");
  auto r = ci();
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  auto t = read_times(dir.path());
  EXPECT_LT(t["later start"], t["first end"]) << "the allow_parallel one did not overtake";
  EXPECT_GE(t["serial start"], t["first end"]) << "the serial one did not wait";
  EXPECT_GE(t["serial start"], t["later end"]);
}

TEST_F(CiRulesE2E, TiltfileTimeoutAppliesAndTheFlagOverridesIt) {
  dir.write("Tiltfile",
            "ci_settings(timeout='600ms')\n"
            "local_resource('slow', cmd='sleep 1')\n");
  auto from_tiltfile = ci();
  EXPECT_EQ(from_tiltfile.exit_code, 124) << from_tiltfile.out;
  EXPECT_THAT(from_tiltfile.out, HasSubstr("TIMEOUT: not done after 600ms; unfinished: slow."));
  auto from_flag = ci({"--timeout", "10s"});
  EXPECT_EQ(from_flag.exit_code, 0) << from_flag.out;
}

TEST_F(CiRulesE2E, KeepGoingRunsWhatDoesNotDependOnTheFailure) {
  dir.write("Tiltfile",
            "local_resource('bad', cmd='echo broken; exit 3')\n"
            "local_resource('after_bad', cmd='python3 stamp.py after_bad start', "
            "resource_deps=['bad'])\n"
            "local_resource('other', cmd='python3 stamp.py other start')\n");
  auto stop = ci();
  EXPECT_EQ(stop.exit_code, 1);
  EXPECT_FALSE(read_times(dir.path()).count("other start")) << "ci did not stop at the failure";

  auto r = ci({"-k"});
  EXPECT_EQ(r.exit_code, 1) << r.out;
  auto t = read_times(dir.path());
  EXPECT_TRUE(t.count("other start"));
  EXPECT_FALSE(t.count("after_bad start"));
  EXPECT_THAT(r.out, HasSubstr("after_bad  not run          -  dependency 'bad' failed"));
  EXPECT_THAT(r.out, HasSubstr("ERROR: resource 'bad' failed: cmd exited with code 3"));
}

TEST_F(CiRulesE2E, NoServerProcessSurvivesGrandchildrenSigtermIgnorersOrDaemons) {
  // One server forks grandchildren into its group, one ignores SIGTERM,
  // one double-forks a daemon into a session of its own (setsid).
  dir.write("daemon.py",
            "import os, sys, time\n"
            "if os.fork() == 0:\n"
            "    os.setsid()\n"
            "    if os.fork() == 0:\n"
            "        open('daemon.pid', 'w').write(str(os.getpid()))\n"
            "        time.sleep(60)\n"
            "    os._exit(0)\n"
            "time.sleep(60)\n");
  dir.write("Tiltfile",
            "local_resource('forker', serve_cmd='echo $$ >> pids.txt; sleep 60 & sleep 60 & "
            "wait')\n"
            "local_resource('stubborn', serve_cmd=\"echo $$ >> pids.txt; trap '' TERM; "
            "while :; do sleep 0.1; done\")\n"
            "local_resource('daemon', serve_cmd='echo $$ >> pids.txt; exec python3 daemon.py')\n"
            "local_resource('check', cmd='while [ ! -s daemon.pid ]; do sleep 0.05; done',\n"
            "  resource_deps=['forker', 'stubborn', 'daemon'])\n");
  auto start = std::chrono::steady_clock::now();
  auto r = ci();
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  // The SIGTERM-ignoring one costs one grace period (1s), not more.
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_THAT(r.out, HasSubstr("stubborn │ serve_cmd stopped (killed by SIGKILL)"));
  EXPECT_TRUE(groups_gone(dir.path() / "pids.txt"));
  pid_t daemon = std::stoi(dir.read("daemon.pid"));
  EXPECT_NE(kill(daemon, 0), 0) << "the setsid daemon outlived pitch";
}

TEST_F(CiRulesE2E, OrphanThatHandlesSigtermGetsTheGracePeriodToExit) {
  // The daemon escaped its group; on SIGTERM it takes 300ms to clean up
  // and records that it finished.
  dir.write("daemon.py",
            "import os, signal, sys, time\n"
            "if os.fork() == 0:\n"
            "    os.setsid()\n"
            "    def bye(*_):\n"
            "        time.sleep(0.3)\n"
            "        open('clean.txt', 'w').write('clean')\n"
            "        os._exit(0)\n"
            "    signal.signal(signal.SIGTERM, bye)\n"
            "    open('daemon.pid', 'w').write(str(os.getpid()))\n"
            "    time.sleep(60)\n"
            "    os._exit(0)\n"
            "os._exit(0)\n");
  dir.write("Tiltfile",
            "local_resource('spawner', cmd='python3 daemon.py; "
            "while [ ! -s daemon.pid ]; do sleep 0.05; done')\n");
  auto r = ci();
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(dir.read("clean.txt"), "clean") << "the orphan was killed without its grace period";
}

}  // namespace
}  // namespace pitch::testing
