// End-to-end: `pitch run` (servers stay up until interrupted; batch-only
// Tiltfiles exit when done) and the terminal output of both commands: the
// status line on a TTY, plain lines elsewhere, and the colour rules.
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

class RunE2E : public ::testing::Test {
 protected:
  TempDir dir;
  std::string marker = marker_env(::testing::UnitTest::GetInstance()->current_test_info()->name());
  void TearDown() override {
    EXPECT_THAT(processes_with(marker), ::testing::IsEmpty()) << "processes outlived pitch";
  }
};

TEST_F(RunE2E, BatchOnlyTiltfileExitsWhenDone) {
  dir.write("Tiltfile",
            "local_resource('a', cmd='echo a-ran')\n"
            "local_resource('b', cmd='echo b-ran', resource_deps=['a'])\n");
  auto r = run_pitch({"run"}, dir.path(), {marker}, std::chrono::seconds(10));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("b │ b-ran"));
}

TEST_F(RunE2E, ServersStayUpUntilSigintThenEverythingStopsWithExit130) {
  int port = free_port();
  dir.write("Tiltfile",
            fmt::format("local_resource('web', serve_cmd='exec python3 -m http.server {0} "
                        "--bind 127.0.0.1',\n"
                        "  readiness_probe=probe(period_secs=1, http_get=http_get_action({0})))\n"
                        "local_resource('seed', cmd='echo seeded', resource_deps=['web'])\n",
                        port));
  BackgroundPitch pitch({"run", "--grace-period", "2s"}, dir.path(), {marker});
  ASSERT_TRUE(pitch.wait_for("everything is up")) << pitch.output();
  // Still serving well after bring-up: pitch run does not end by itself.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_THAT(processes_with(marker), Not(::testing::IsEmpty()));
  EXPECT_THAT(pitch.output(), HasSubstr("seed │ seeded"));
  pitch.signal(SIGINT);
  EXPECT_EQ(pitch.wait_exit(), 130) << pitch.output();
  EXPECT_THAT(pitch.output(), HasSubstr("INTERRUPTED by SIGINT"));
}

TEST_F(RunE2E, SigtermAlsoTearsDownAndAFailureMeansExit1) {
  dir.write("Tiltfile",
            "local_resource('srv', serve_cmd='exec sleep 60')\n"
            "local_resource('broken', cmd='exit 5')\n");
  BackgroundPitch pitch({"run", "--grace-period", "2s"}, dir.path(), {marker});
  // A failure does not stop pitch run (as tilt up): the server stays.
  ASSERT_TRUE(pitch.wait_for("ERROR: cmd exited with code 5")) << pitch.output();
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_THAT(processes_with(marker), Not(::testing::IsEmpty()));
  pitch.signal(SIGTERM);
  EXPECT_EQ(pitch.wait_exit(), 1) << pitch.output();
}

TEST_F(RunE2E, StatusLineOnATerminalIsRedrawnInPlace) {
  dir.write("Tiltfile",
            "local_resource('first', cmd='echo one; sleep 0.2')\n"
            "local_resource('second', cmd='echo two', resource_deps=['first'])\n");
  auto [out, code] = run_on_pty({"ci", "--color", "never"}, dir.path(), {marker});
  ASSERT_EQ(code, 0) << out;
  // Each line erases the status line, prints, and draws it again.
  EXPECT_THAT(out, HasSubstr("\r\x1b[K first │ one\r\n[0/2] running: first"));
  EXPECT_THAT(out, HasSubstr("\r\x1b[Ksecond │ two\r\n[1/2] running: second"));
  // Erased before the summary.
  EXPECT_THAT(out, HasSubstr("\r\x1b[K\r\nSummary"));
}

TEST_F(RunE2E, PlainLinesAndNoColourWhenPiped) {
  dir.write("Tiltfile", "local_resource('a', cmd='echo hi')\n");
  auto r = run_pitch({"ci"}, dir.path(), {marker});
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_THAT(r.out, Not(HasSubstr("\x1b[")));
  EXPECT_THAT(r.out, Not(HasSubstr("\r")));
}

TEST_F(RunE2E, ColourFollowsTheEnvironmentAndTheFlag) {
  dir.write("Tiltfile", "local_resource('a', cmd='echo hi')\n");
  const std::string green = "\x1b[32mSUCCESS.";
  EXPECT_THAT(run_pitch({"ci"}, dir.path(), {marker, "CLICOLOR_FORCE=1"}).out, HasSubstr(green));
  EXPECT_THAT(run_pitch({"ci"}, dir.path(), {marker, "FORCE_COLOR=1", "NO_COLOR=1"}).out,
              HasSubstr(green));
  EXPECT_THAT(run_pitch({"ci"}, dir.path(), {marker, "FORCE_COLOR=0"}).out,
              Not(HasSubstr("\x1b[")));
  EXPECT_THAT(run_pitch({"ci", "--color=never"}, dir.path(), {marker, "CLICOLOR_FORCE=1"}).out,
              Not(HasSubstr("\x1b[")));
  // On a terminal: colour unless NO_COLOR or TERM=dumb (which also drops
  // the status line).
  EXPECT_THAT(run_on_pty({"ci"}, dir.path(), {marker, "TERM=xterm"}).first, HasSubstr(green));
  auto no_color = run_on_pty({"ci"}, dir.path(), {marker, "TERM=xterm", "NO_COLOR=1"}).first;
  EXPECT_THAT(no_color, Not(HasSubstr("\x1b[3")));
  EXPECT_THAT(no_color, HasSubstr("[1/1]"));
  auto dumb = run_on_pty({"ci"}, dir.path(), {marker, "TERM=dumb"}).first;
  EXPECT_THAT(dumb, Not(HasSubstr("\x1b[")));
  EXPECT_THAT(dumb, Not(HasSubstr("[0/1]")));
}

}  // namespace
}  // namespace pitch::testing
