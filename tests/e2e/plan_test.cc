// End-to-end: the real `pitch plan` on Tiltfiles written into temporary
// directories.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "tests/support/run_pitch.h"
#include "tests/support/temp_dir.h"

namespace pitch::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(PlanE2E, RuntimeErrorDeepInLoadedFilesPrintsTheTracebackLikeTilt) {
  TempDir dir;
  dir.write("lib/inner.star",
            "def boom(d):\n"
            "    return d['missing']\n");
  dir.write("lib/outer.star",
            "load('inner.star', 'boom')\n"
            "\n"
            "def make(name):\n"
            "    local_resource(name, cmd=boom({}))\n");
  dir.write("Tiltfile",
            "load('lib/outer.star', 'make')\n"
            "\n"
            "make('api')\n");
  auto r = run_pitch({"plan"}, dir.path());
  EXPECT_EQ(r.exit_code, 3);
  const std::string root = dir.path().string();
  // The frames Tilt v0.32.4 prints for the same files, outermost first.
  EXPECT_EQ(r.err, root +
                       "/lib/inner.star:2:13: error: key \"missing\" not in dict\n"
                       "    return d['missing']\n"
                       "            ^\n"
                       "Traceback (most recent call last):\n  " +
                       root + "/Tiltfile:3:5: in <toplevel>\n  " + root +
                       "/lib/outer.star:4:34: in make\n  " + root +
                       "/lib/inner.star:2:13: in boom\n");
  EXPECT_EQ(r.out, "");
}

TEST(PlanE2E, PrintsResourcesInDependencyOrder) {
  TempDir dir;
  dir.write("Tiltfile",
            "local_resource('test', cmd='make test', resource_deps=['build'])\n"
            "local_resource('build', cmd='make', deps=['src'], labels=['backend'])\n");
  auto r = run_pitch({"plan"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("1. build  [Tiltfile:2]"));
  EXPECT_THAT(r.out, HasSubstr("2. test  [Tiltfile:1]"));
  EXPECT_THAT(r.out, HasSubstr("deps:          src\n"));
  EXPECT_THAT(r.out, HasSubstr("resource_deps: build\n"));
  EXPECT_THAT(r.out, HasSubstr("labels:        backend\n"));
  EXPECT_LT(r.out.find("1. build"), r.out.find("2. test"));
}

TEST(PlanE2E, JsonIsOneVersionedDocument) {
  TempDir dir;
  dir.write("sub/Tiltfile",
            "local_resource('a', cmd=['echo', 'hi'], deps='x.txt', labels='l')\n"
            "local_resource('b', serve_cmd='sleep 100', resource_deps=['a'], env={'K': 'V'})\n");
  auto r = run_pitch({"plan", "-f", "sub/Tiltfile", "--format", "json"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["version"], 1);
  ASSERT_EQ(doc["resources"].size(), 2u);
  EXPECT_EQ(doc["resources"][0]["name"], "a");
  EXPECT_EQ(doc["resources"][0]["cmd"], nlohmann::json::array({"echo", "hi"}));
  // deps are relative to the Tiltfile's directory, not the working directory.
  EXPECT_EQ(doc["resources"][0]["deps"][0], (dir.path() / "sub/x.txt").string());
  EXPECT_EQ(doc["resources"][0]["labels"][0], "l");
  EXPECT_EQ(doc["resources"][1]["serve_cmd"], "sleep 100");
  EXPECT_EQ(doc["resources"][1]["resource_deps"][0], "a");
  EXPECT_EQ(doc["resources"][1]["env"]["K"], "V");
}

TEST(PlanE2E, CycleIsExit3NamingEveryResourceAndTheLine) {
  TempDir dir;
  dir.write("Tiltfile",
            "local_resource('a', cmd='true', resource_deps=['c'])\n"
            "local_resource('b', cmd='true', resource_deps=['a'])\n"
            "local_resource('c', cmd='true', resource_deps=['b'])\n");
  auto r = run_pitch({"plan"}, dir.path());
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.err, HasSubstr("Tiltfile:1:"));
  EXPECT_THAT(r.err,
              HasSubstr("error: cycle detected in resource dependency graph: a -> c -> b -> a"));
  EXPECT_EQ(r.out, "");
}

TEST(PlanE2E, SelfDependencyAndDuplicateAreReportedTogether) {
  TempDir dir;
  dir.write("Tiltfile",
            "local_resource('a', cmd='true', resource_deps=['a'])\n"
            "local_resource('b', cmd='true')\n"
            "local_resource('b', cmd='false')\n");
  auto r = run_pitch({"plan"}, dir.path());
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.err, HasSubstr("Tiltfile:1:"));
  EXPECT_THAT(r.err, HasSubstr("error: resource a specified a dependency on itself"));
  EXPECT_THAT(r.err, HasSubstr("Tiltfile:3:"));
  EXPECT_THAT(r.err, HasSubstr("error: local_resource named \"b\" already exists"));
  EXPECT_THAT(r.err, HasSubstr("2 errors in "));
}

TEST(PlanE2E, UnknownDependencyWarnsAndStrictMakesItAnError) {
  TempDir dir;
  dir.write("Tiltfile",
            "local_resource('a', cmd='true')\n"
            "local_resource('b', cmd='true', resource_deps=['a', 'db'])\n");
  auto r = run_pitch({"plan"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("Tiltfile:2:"));
  EXPECT_THAT(r.err, HasSubstr("warning: resource b specified a dependency on unknown resource db "
                               "- dependency ignored"));
  EXPECT_THAT(r.out, HasSubstr("resource_deps: a\n"));

  auto strict = run_pitch({"plan", "--strict"}, dir.path());
  EXPECT_EQ(strict.exit_code, 3);
  EXPECT_THAT(strict.err, HasSubstr("error: resource b specified a dependency on unknown"));
  EXPECT_EQ(strict.out, "");
}

TEST(PlanE2E, SyntaxErrorNamesFileLineAndColumn) {
  TempDir dir;
  dir.write("Tiltfile", "local_resource('a', cmd='true')\nlocal_resource('b' cmd='x')\n");
  auto r = run_pitch({"plan"}, dir.path());
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.err, HasSubstr("Tiltfile:2:"));
  EXPECT_THAT(r.err, HasSubstr("error:"));
  EXPECT_THAT(r.err, HasSubstr("local_resource('b' cmd='x')\n"));
  EXPECT_THAT(r.err, HasSubstr("^"));
}

TEST(PlanE2E, WrongArgumentTypeNamesTheLine) {
  TempDir dir;
  dir.write("Tiltfile", "\n\nlocal_resource('a', cmd='true', allow_parallel='yes')\n");
  auto r = run_pitch({"plan"}, dir.path());
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.err, HasSubstr("Tiltfile:3:"));
  EXPECT_THAT(r.err, HasSubstr("allow_parallel"));
}

TEST(PlanE2E, MissingTiltfileIsExit3NamingIt) {
  TempDir dir;
  auto r = run_pitch({"plan", "-f", "nope/Tiltfile"}, dir.path());
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.err, HasSubstr("nope/Tiltfile"));
}

TEST(PlanE2E, UsageErrorsAreExit2) {
  TempDir dir;
  dir.write("Tiltfile", "local_resource('a', cmd='true')\n");
  EXPECT_EQ(run_pitch({"plan", "--no-such-flag"}, dir.path()).exit_code, 2);
  EXPECT_EQ(run_pitch({"plan", "--format", "yaml"}, dir.path()).exit_code, 2);
  EXPECT_EQ(run_pitch({}, dir.path()).exit_code, 2);
  EXPECT_EQ(run_pitch({"frobnicate"}, dir.path()).exit_code, 2);
  auto bad_timeout = run_pitch({"ci", "--timeout", "5 minutes"}, dir.path());
  EXPECT_EQ(bad_timeout.exit_code, 2);
  EXPECT_THAT(bad_timeout.err, HasSubstr("invalid duration \"5 minutes\""));
  EXPECT_EQ(run_pitch({"ci", "-j", "0"}, dir.path()).exit_code, 2);
  auto help = run_pitch({"plan", "--help"}, dir.path());
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_THAT(help.out, HasSubstr("--format"));
  EXPECT_THAT(help.out, Not(HasSubstr("--timeout")));
}

}  // namespace
}  // namespace pitch::testing

namespace pitch::testing {
namespace {

TEST(PlanE2E, PlanErrorShowsTheSourceLineAndTheHelpersCaller) {
  TempDir dir;
  dir.write("Tiltfile",
            "def svc(name, deps=[]):\n"
            "    local_resource(name, cmd='echo ' + name, resource_deps=deps)\n"
            "\n"
            "svc('a', ['b'])\n"
            "svc('b', ['a'])\n");
  auto r = run_pitch({"plan"}, dir.path());
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.err, ::testing::HasSubstr(
                         "Tiltfile:2:5: error: cycle detected in resource dependency graph: a -> b "
                         "-> a\n    local_resource(name, cmd='echo ' + name, resource_deps=deps)\n"
                         "    ^\n  called from "));
  EXPECT_THAT(r.err, ::testing::HasSubstr("Tiltfile:4:1\n"));
}

TEST(PlanE2E, DotAndMermaidDrawTheDag) {
  TempDir dir;
  dir.write("Tiltfile",
            "local_resource('build', cmd='make')\n"
            "local_resource('server', serve_cmd='./serve', resource_deps=['build'])\n");
  auto dot = run_pitch({"plan", "--format", "dot"}, dir.path());
  ASSERT_EQ(dot.exit_code, 0) << dot.err;
  EXPECT_THAT(dot.out, HasSubstr("digraph pitch {\n"));
  EXPECT_THAT(dot.out, HasSubstr("  r1 [label=\"server\\nlocal_resource · serve\", shape=box, "
                                 "style=rounded];\n"));
  EXPECT_THAT(dot.out, HasSubstr("  r0 -> r1;\n"));
  auto mermaid = run_pitch({"plan", "--format", "mermaid"}, dir.path());
  ASSERT_EQ(mermaid.exit_code, 0) << mermaid.err;
  EXPECT_EQ(mermaid.out.rfind("flowchart LR\n", 0), 0u) << mermaid.out;
  EXPECT_THAT(mermaid.out, HasSubstr("  r0 --> r1\n"));
}

TEST(PlanE2E, UnknownFormatIsAUsageError) {
  TempDir dir;
  dir.write("Tiltfile", "local_resource('a', cmd='true')\n");
  auto r = run_pitch({"plan", "--format", "svg"}, dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("--format"));
  EXPECT_EQ(r.out, "");
}

TEST(PlanE2E, ExplainSaysWhatARunWouldDoAndWhy) {
  TempDir dir;
  dir.write("src/a.txt", "one\n");
  dir.write("Tiltfile",
            "local_resource('build', cmd='cat src/a.txt', deps=['src'])\n"
            "local_resource('test', cmd='true', resource_deps=['build'])\n"
            "local_resource('reset', cmd='true', auto_init=False)\n");
  auto before = run_pitch({"plan", "--explain"}, dir.path());
  ASSERT_EQ(before.exit_code, 0) << before.err;
  EXPECT_THAT(before.out,
              HasSubstr("  build  run    no previous successful run (no state database yet)\n"));
  EXPECT_FALSE(std::filesystem::exists(dir.path() / ".pitch")) << "explaining created state";

  ASSERT_EQ(run_pitch({"ci"}, dir.path()).exit_code, 0);
  auto after = run_pitch({"plan", "--explain"}, dir.path());
  ASSERT_EQ(after.exit_code, 0) << after.err;
  EXPECT_THAT(after.out, HasSubstr("Explain (state: " + (dir.path() / ".pitch").string() + ")\n"));
  EXPECT_THAT(after.out, HasSubstr("  build  skip   deps unchanged since last successful run"));
  EXPECT_THAT(after.out, HasSubstr("  test   run    no deps declared, so it always runs\n"));
  EXPECT_THAT(after.out,
              HasSubstr("  reset  -      auto_init=False: not started until one of its deps "
                        "changes\n"));

  dir.write("src/a.txt", "two\n");
  auto changed = run_pitch({"plan", "--explain"}, dir.path());
  EXPECT_THAT(changed.out, HasSubstr("  build  run    inputs changed since last successful run"));
}

TEST(PlanE2E, ExplainPrintsTextOnly) {
  TempDir dir;
  dir.write("Tiltfile", "local_resource('a', cmd='true')\n");
  auto r = run_pitch({"plan", "--explain", "--format", "json"}, dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "pitch plan: --explain prints text; it cannot go with --format json\n");
  EXPECT_EQ(r.out, "");
}

}  // namespace
}  // namespace pitch::testing
