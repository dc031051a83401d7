// End-to-end: the real `pitch ci` on Tiltfiles written into temporary
// directories, with real processes. Which commands ran is read from files
// the commands append to, not from pitch's own output.
#include <signal.h>
#include <sys/stat.h>
#include <sys/time.h>

#include <chrono>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/run_pitch.h"
#include "tests/support/temp_dir.h"

namespace pitch::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// Lines of ran.log: each command appends its resource's name.
std::vector<std::string> ran(const TempDir& dir) {
  std::vector<std::string> out;
  std::ifstream in(dir.path() / "ran.log");
  for (std::string line; std::getline(in, line);) out.push_back(line);
  std::filesystem::remove(dir.path() / "ran.log");
  return out;
}

constexpr const char* kTwoBuilds =
    "local_resource('gen', cmd='echo gen >> ran.log', deps=['gen.txt'])\n"
    "local_resource('compile', cmd='echo compile >> ran.log', deps=['src'],\n"
    "               resource_deps=['gen'])\n"
    "local_resource('always', cmd='echo always >> ran.log')\n";

TEST(CiE2E, RunsEverythingInDependencyOrderAndSucceeds) {
  TempDir dir;
  dir.write("Tiltfile", kTwoBuilds);
  dir.write("gen.txt", "1");
  dir.write("src/a.c", "int a;");
  auto r = run_pitch({"ci"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(ran(dir), (std::vector<std::string>{"gen", "compile", "always"}));
}

TEST(CiE2E, SecondRunSkipsUnchangedAndRunsResourcesWithoutDeps) {
  TempDir dir;
  dir.write("Tiltfile", kTwoBuilds);
  dir.write("gen.txt", "1");
  dir.write("src/a.c", "int a;");
  ASSERT_EQ(run_pitch({"ci"}, dir.path()).exit_code, 0);
  ran(dir);

  auto second = run_pitch({"ci"}, dir.path());
  ASSERT_EQ(second.exit_code, 0) << second.out;
  EXPECT_EQ(ran(dir), (std::vector<std::string>{"always"}));
  EXPECT_THAT(second.out, HasSubstr("skipped"));
  EXPECT_TRUE(std::filesystem::exists(dir.path() / ".pitch"));

  auto forced = run_pitch({"ci", "--force"}, dir.path());
  ASSERT_EQ(forced.exit_code, 0);
  EXPECT_EQ(ran(dir), (std::vector<std::string>{"gen", "compile", "always"}));
}

TEST(CiE2E, IgnoredFilesDoNotMakeAResourceRunAgain) {
  TempDir dir;
  dir.write("Tiltfile",
            "watch_settings(ignore=['**/*.tmp'])\n"
            "local_resource('build', cmd='echo build >> ran.log', deps=['src'],\n"
            "               ignore=['src/*.log', 'src/cache'])\n");
  dir.write(".tiltignore", "src/generated\n!src/generated/keep.h\n");
  dir.write("src/main.c", "int main;");
  dir.write("src/cache/blob", "1");
  dir.write("src/generated/out.h", "1");
  dir.write("src/generated/keep.h", "1");
  ASSERT_EQ(run_pitch({"ci"}, dir.path()).exit_code, 0);
  EXPECT_EQ(ran(dir), (std::vector<std::string>{"build"}));

  // Each of these is left out by one of the three sources of patterns.
  dir.write("src/build.log", "new");
  dir.write("src/cache/blob", "2");
  dir.write("src/x.tmp", "new");
  dir.write("src/generated/out.h", "2");
  auto skipped = run_pitch({"ci"}, dir.path());
  ASSERT_EQ(skipped.exit_code, 0) << skipped.out;
  EXPECT_EQ(ran(dir), (std::vector<std::string>{}));

  // An exception in .tiltignore brings a file back.
  dir.write("src/generated/keep.h", "2");
  ASSERT_EQ(run_pitch({"ci"}, dir.path()).exit_code, 0);
  EXPECT_EQ(ran(dir), (std::vector<std::string>{"build"}));

  dir.write("src/main.c", "int main2;");
  ASSERT_EQ(run_pitch({"ci"}, dir.path()).exit_code, 0);
  EXPECT_EQ(ran(dir), (std::vector<std::string>{"build"}));
}

TEST(CiE2E, ChangedContentRunsOnlyTheResourcesThatReadIt) {
  TempDir dir;
  dir.write("Tiltfile", kTwoBuilds);
  dir.write("gen.txt", "1");
  dir.write("src/a.c", "int a;");
  ASSERT_EQ(run_pitch({"ci"}, dir.path()).exit_code, 0);
  ran(dir);

  dir.write("src/a.c", "int a = 2;");
  ASSERT_EQ(run_pitch({"ci"}, dir.path()).exit_code, 0);
  EXPECT_EQ(ran(dir), (std::vector<std::string>{"compile", "always"}));

  dir.write("src/new.c", "int b;");  // a new file in a dep directory counts
  ASSERT_EQ(run_pitch({"ci"}, dir.path()).exit_code, 0);
  EXPECT_EQ(ran(dir), (std::vector<std::string>{"compile", "always"}));
}

TEST(CiE2E, TouchingWithoutChangingContentRunsNothing) {
  TempDir dir;
  dir.write("Tiltfile", kTwoBuilds);
  dir.write("gen.txt", "1");
  dir.write("src/a.c", "int a;");
  ASSERT_EQ(run_pitch({"ci"}, dir.path()).exit_code, 0);
  ran(dir);
  // Same bytes, newer mtime.
  for (const char* f : {"gen.txt", "src/a.c"}) {
    std::string content = dir.read(f);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    dir.write(f, content);
  }
  ASSERT_EQ(run_pitch({"ci"}, dir.path()).exit_code, 0);
  EXPECT_EQ(ran(dir), (std::vector<std::string>{"always"}));
}

TEST(CiE2E, ChangedDefinitionRunsAgain) {
  TempDir dir;
  dir.write("Tiltfile", "local_resource('a', cmd='echo a >> ran.log', deps=['in.txt'])\n");
  dir.write("in.txt", "1");
  ASSERT_EQ(run_pitch({"ci"}, dir.path()).exit_code, 0);
  ran(dir);
  dir.write("Tiltfile",
            "local_resource('a', cmd='echo a >> ran.log', deps=['in.txt'], env={'X': '1'})\n");
  ASSERT_EQ(run_pitch({"ci"}, dir.path()).exit_code, 0);
  EXPECT_EQ(ran(dir), (std::vector<std::string>{"a"}));
}

TEST(CiE2E, FailingResourceIsExit1WithNameAndExitCode) {
  TempDir dir;
  dir.write("Tiltfile",
            "local_resource('ok', cmd='echo ok >> ran.log')\n"
            "local_resource('broken', cmd='echo some output; exit 7', resource_deps=['ok'])\n"
            "local_resource('after', cmd='echo after >> ran.log', resource_deps=['broken'])\n");
  auto r = run_pitch({"ci"}, dir.path());
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_EQ(ran(dir), (std::vector<std::string>{"ok"}));
  EXPECT_THAT(r.out, HasSubstr("broken"));
  EXPECT_THAT(r.out, HasSubstr("cmd exited with code 7"));
  EXPECT_THAT(r.out, HasSubstr("some output"));
}

TEST(CiE2E, FailureIsNotCachedAsSuccess) {
  TempDir dir;
  dir.write("Tiltfile",
            "local_resource('a', cmd='echo a >> ran.log; test -f ok', deps=['in.txt'])\n");
  dir.write("in.txt", "1");
  EXPECT_EQ(run_pitch({"ci"}, dir.path()).exit_code, 1);
  EXPECT_EQ(run_pitch({"ci"}, dir.path()).exit_code, 1);
  EXPECT_EQ(ran(dir), (std::vector<std::string>{"a", "a"}));
}

TEST(CiE2E, NamedResourcesRunWithTheirDependenciesOnly) {
  TempDir dir;
  dir.write("Tiltfile",
            "local_resource('base', cmd='echo base >> ran.log')\n"
            "local_resource('mid', cmd='echo mid >> ran.log', resource_deps=['base'])\n"
            "local_resource('top', cmd='echo top >> ran.log', resource_deps=['mid'])\n"
            "local_resource('other', cmd='echo other >> ran.log')\n");
  auto r = run_pitch({"ci", "mid"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(ran(dir), (std::vector<std::string>{"base", "mid"}));
  // As in Tilt, the names are the Tiltfile's arguments: an unknown one is
  // a Tiltfile error that lists the others.
  auto unknown = run_pitch({"ci", "nope"}, dir.path());
  EXPECT_EQ(unknown.exit_code, 3);
  EXPECT_THAT(unknown.err,
              HasSubstr("You specified some resources that could not be found: \"nope\"\n"
                        "Is this a typo? Existing resources in Tiltfile: \"base\", \"mid\", "
                        "\"top\", \"other\""));
}

TEST(CiE2E, ArgumentsAfterTheDoubleDashGoToConfigParse) {
  TempDir dir;
  dir.write("Tiltfile",
            "config.define_string('env')\n"
            "config.define_string_list('to-run', args=True)\n"
            "cfg = config.parse()\n"
            "print('subcommand=%s env=%s to-run=%s' % (config.tilt_subcommand, cfg.get('env'), "
            "cfg.get('to-run', [])))\n"
            "print('argv0=' + sys.argv[0].split('/')[-1], 'argv1=' + sys.argv[1])\n"
            "config.set_enabled_resources(cfg.get('to-run', []))\n"
            "local_resource('api', cmd='echo api >> ran.log')\n"
            "local_resource('web', cmd='echo web >> ran.log')\n");
  auto r = run_pitch({"ci", "--", "--env=staging", "web"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("subcommand=ci env=staging to-run=[\"web\"]"));
  EXPECT_THAT(r.out, HasSubstr("argv0=pitch argv1=ci"));
  EXPECT_EQ(ran(dir), (std::vector<std::string>{"web"}));

  auto bad = run_pitch({"ci", "--", "--nope=1"}, dir.path());
  EXPECT_EQ(bad.exit_code, 3);
  EXPECT_THAT(bad.err, HasSubstr("invalid Tiltfile config args: unknown flag: --nope"));

  auto plan = run_pitch({"plan", "--", "--env=dev", "api"}, dir.path());
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_THAT(plan.out, HasSubstr("subcommand=up env=dev to-run=[\"api\"]"));
}

TEST(CiE2E, OutputLinesArePrefixedWithTheResourceName) {
  TempDir dir;
  dir.write("Tiltfile", "local_resource('greeter', cmd='echo hello-from-greeter')\n");
  auto r = run_pitch({"ci"}, dir.path());
  ASSERT_EQ(r.exit_code, 0);
  bool found = false;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) {
    if (line.find("hello-from-greeter") != std::string::npos) {
      found = true;
      EXPECT_THAT(line, HasSubstr("greeter"));
      EXPECT_LT(line.find("greeter"), line.find("hello-from-greeter"));
    }
  }
  EXPECT_TRUE(found) << r.out;
}

TEST(CiE2E, TimeoutIsExit124NamingWhatHadNotFinished) {
  TempDir dir;
  dir.write("Tiltfile",
            "local_resource('slow', cmd='sleep 30')\n"
            "local_resource('waiter', cmd='true', resource_deps=['slow'])\n");
  auto start = std::chrono::steady_clock::now();
  auto r = run_pitch({"ci", "--timeout", "1s", "--grace-period", "1s"}, dir.path());
  EXPECT_EQ(r.exit_code, 124) << r.out << r.err;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  EXPECT_THAT(r.out + r.err, HasSubstr("slow"));
  EXPECT_THAT(r.out + r.err, HasSubstr("waiter"));
}

TEST(CiE2E, ServeCmdRunsUntilTheEndAndIsStopped) {
  TempDir dir;
  // The server writes its pid, then the check step (gated on it) sees it
  // alive. After pitch exits, the server must be gone.
  dir.write("Tiltfile",
            "local_resource('srv', serve_cmd='echo $$ > srv.pid; exec sleep 300')\n"
            "local_resource('check', cmd='for i in $(seq 50); do test -s srv.pid && "
            "kill -0 $(cat srv.pid) && exit 0; sleep 0.1; done; exit 1',\n"
            "               resource_deps=['srv'])\n");
  auto r = run_pitch({"ci", "--grace-period", "2s"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  std::string pid_text = dir.read("srv.pid");
  ASSERT_FALSE(pid_text.empty());
  pid_t pid = std::stoi(pid_text);
  EXPECT_NE(kill(pid, 0), 0) << "serve_cmd process " << pid << " outlived pitch";
}

// Each command records its start and end times in times.log.
constexpr const char* kStampScript =
    "import sys, time\n"
    "def note(what):\n"
    "    with open('times.log', 'a') as f:\n"
    "        f.write('%s %s %f\\n' % (sys.argv[1], what, time.time()))\n"
    "note('start')\n"
    "time.sleep(0.5)\n"
    "note('end')\n";

// Runs two stamped resources `a` and `b` under `pitch ci extra_args` and
// returns whether b started before a ended.
bool second_started_before_first_ended(bool allow_parallel,
                                       const std::vector<std::string>& extra_args) {
  TempDir dir;
  dir.write("stamp.py", kStampScript);
  std::string parallel = allow_parallel ? ", allow_parallel=True" : "";
  dir.write("Tiltfile", "local_resource('a', cmd='python3 stamp.py a'" + parallel + ")\n" +
                            "local_resource('b', cmd='python3 stamp.py b'" + parallel + ")\n");
  std::vector<std::string> args = {"ci"};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  auto r = run_pitch(args, dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  std::map<std::string, double> t;
  std::ifstream in(dir.path() / "times.log");
  for (std::string name, what; in >> name >> what;) in >> t[name + " " + what];
  EXPECT_EQ(t.size(), 4u);
  return t["b start"] < t["a end"];
}

TEST(CiE2E, ParallelResourcesOverlap) {
  EXPECT_TRUE(second_started_before_first_ended(true, {}))
      << "allow_parallel resources did not overlap";
}

TEST(CiE2E, SerialResourcesDoNotOverlap) {
  EXPECT_FALSE(second_started_before_first_ended(false, {})) << "serial resources overlapped";
}

TEST(CiE2E, JobsBoundsParallelism) {
  EXPECT_FALSE(second_started_before_first_ended(true, {"-j", "1"}))
      << "-j 1 let two updates overlap";
}

}  // namespace
}  // namespace pitch::testing

namespace pitch::testing {
namespace {

TEST(CiE2E, StrictTurnsAnUnknownDependencyIntoExit3BeforeRunningAnything) {
  TempDir dir;
  dir.write("Tiltfile", "local_resource('a', cmd='echo a >> ran.log', resource_deps=['ghost'])\n");
  auto strict = run_pitch({"ci", "--strict"}, dir.path());
  EXPECT_EQ(strict.exit_code, 3);
  EXPECT_THAT(strict.err, ::testing::HasSubstr("Tiltfile:1:1: error: resource a specified a "
                                               "dependency on unknown resource ghost"));
  EXPECT_TRUE(ran(dir).empty());
  auto lenient = run_pitch({"ci"}, dir.path());
  EXPECT_EQ(lenient.exit_code, 0);
  EXPECT_THAT(lenient.err, ::testing::HasSubstr("warning: resource a specified a dependency"));
  EXPECT_EQ(ran(dir), (std::vector<std::string>{"a"}));
}

TEST(CiE2E, TiltfileErrorIsExit3) {
  TempDir dir;
  dir.write("Tiltfile", "local_resource('a', cmd=undefined_name)\n");
  auto r = run_pitch({"ci"}, dir.path());
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.err, ::testing::HasSubstr("Tiltfile:1:"));
  EXPECT_THAT(r.err, ::testing::HasSubstr("undefined_name"));
}

}  // namespace
}  // namespace pitch::testing
