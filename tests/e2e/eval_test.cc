// End-to-end: `pitch eval` runs Starlark and starts nothing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/run_pitch.h"
#include "tests/support/temp_dir.h"

namespace pitch::testing {
namespace {

using ::testing::HasSubstr;

TEST(EvalE2E, PrintGoesToStdoutAndNothingRuns) {
  TempDir dir;
  dir.write("prog.star",
            "def double(x):\n"
            "    return x * 2\n"
            "print('result: %d' % double(21))\n"
            "local_resource('r', cmd='touch ran')\n");
  auto r = run_pitch({"eval", "prog.star"}, dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "result: 42\n");
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "ran"));
}

TEST(EvalE2E, RuntimeErrorInALoadedFileIsExit3WithTheTraceback) {
  TempDir dir;
  dir.write("lib/helpers.star",
            "def boom(d):\n"
            "    return d['missing']\n");
  dir.write("prog.star",
            "load('lib/helpers.star', 'boom')\n"
            "\n"
            "boom({})\n");
  auto r = run_pitch({"eval", "prog.star"}, dir.path());
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.err, HasSubstr("error:"));
  EXPECT_THAT(r.err, HasSubstr("missing"));
  EXPECT_THAT(r.err, HasSubstr("Traceback (most recent call last):"));
  EXPECT_THAT(r.err, HasSubstr("helpers.star:2:13: error: key \"missing\" not in dict\n"));
  // The traceback lists the outermost call first.
  std::string traceback = r.err.substr(r.err.find("Traceback"));
  EXPECT_THAT(traceback, HasSubstr("prog.star:3:"));
  EXPECT_THAT(traceback, HasSubstr("helpers.star:2:"));
  EXPECT_LT(traceback.find("prog.star:3:"), traceback.find("helpers.star:2:"));
}

TEST(EvalE2E, MissingFileIsExit3AndNoFileIsAUsageError) {
  TempDir dir;
  auto missing = run_pitch({"eval", "nope.star"}, dir.path());
  EXPECT_EQ(missing.exit_code, 3);
  EXPECT_THAT(missing.err, HasSubstr("nope.star"));
  EXPECT_EQ(run_pitch({"eval"}, dir.path()).exit_code, 2);
}

// pitch may re-execute itself to set up its allocator (cli/large_pages.h);
// neither the Tiltfile nor a command it runs may see how.
TEST(EvalE2E, AllocatorSetUpLeavesNoTraceInTheEnvironment) {
  TempDir dir;
  dir.write("prog.star",
            "print(os.getenv('MIMALLOC_LARGE_OS_PAGES'), os.getenv('PITCH_LARGE_PAGES_SET'))\n"
            "print(str(local('env | grep -c -e MIMALLOC -e PITCH_LARGE || true', quiet=True)))\n");
  auto r = run_pitch({"eval", "prog.star"}, dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "None None\nlocal: env | grep -c -e MIMALLOC -e PITCH_LARGE || true\n0\n\n");
}

}  // namespace
}  // namespace pitch::testing
