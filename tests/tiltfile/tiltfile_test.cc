// evaluate_tiltfile: Tiltfiles written to a temporary directory, evaluated
// into a Manifest (local_resource arguments, paths, load(), errors).
#include "tiltfile/tiltfile.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace pitch::tiltfile {
namespace {

namespace fs = std::filesystem;

class TiltfileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            fmt::format("pitch_tiltfile_test_{}_{}", ::getpid(),
                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  void write(const std::string& rel, const std::string& text) {
    fs::path p = root_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
  }
  std::string path(const std::string& rel) const {
    return (root_ / rel).lexically_normal().string();
  }

  Result<Manifest> eval(const std::string& tiltfile) {
    write("Tiltfile", tiltfile);
    EvalOptions opts;
    opts.tiltfile_path = path("Tiltfile");
    opts.print = [this](const std::string& s) { printed_.push_back(s); };
    return evaluate_tiltfile(opts);
  }

  // The error message of a Tiltfile expected to fail, with its line.
  std::string error_of(const std::string& tiltfile, int* line = nullptr) {
    auto m = eval(tiltfile);
    EXPECT_FALSE(m.has_value());
    if (m) return "";
    if (line != nullptr) *line = m.error().pos ? m.error().pos->line : 0;
    return m.error().message;
  }

  fs::path root_;
  std::vector<std::string> printed_;
};

TEST_F(TiltfileTest, RecordsEveryArgument) {
  auto m = eval(
      "local_resource('web', cmd='make build', deps=['src', './lib/../x.txt'],\n"
      "    resource_deps=['db'], serve_cmd=['./server', '--port', '80'],\n"
      "    allow_parallel=True, labels=['b', 'a', 'b'], env={'K': 'V', 'A': 'B'}, dir='sub')\n");
  ASSERT_TRUE(m) << render_diagnostic(m.error());
  ASSERT_EQ(m->local_resources.size(), 1u);
  const LocalResource& r = m->local_resources[0];
  EXPECT_EQ(r.name, "web");
  EXPECT_EQ(r.pos, (SourcePos{path("Tiltfile"), 1, 1}));
  EXPECT_EQ(r.cmd, Command::from_shell("make build"));
  EXPECT_TRUE(r.cmd.shell);
  EXPECT_EQ(r.serve_cmd, Command::from_argv({"./server", "--port", "80"}));
  EXPECT_EQ(r.deps, (std::vector<std::string>{path("src"), path("x.txt")}));
  ASSERT_EQ(r.resource_deps.size(), 1u);
  EXPECT_EQ(r.resource_deps[0].name, "db");
  EXPECT_EQ(r.resource_deps[0].pos.line, 1);
  EXPECT_TRUE(r.allow_parallel);
  EXPECT_EQ(r.labels, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(r.env, (std::vector<std::pair<std::string, std::string>>{{"K", "V"}, {"A", "B"}}));
  EXPECT_EQ(r.dir, path("sub"));
  EXPECT_EQ(m->tiltfile_path, path("Tiltfile"));
  EXPECT_EQ(m->tiltfile_dir, root_.string());
  EXPECT_EQ(m->read_files, (std::vector<std::string>{path("Tiltfile"), path(".tiltignore")}));
}

TEST_F(TiltfileTest, DefaultsAndSingleStrings) {
  auto m = eval(
      "local_resource('a', 'echo hi', '/abs/dep')\nlocal_resource('b', serve_cmd='srv', "
      "labels='one')\n");
  ASSERT_TRUE(m) << render_diagnostic(m.error());
  ASSERT_EQ(m->local_resources.size(), 2u);
  EXPECT_EQ(m->local_resources[0].deps, std::vector<std::string>{"/abs/dep"});
  EXPECT_EQ(m->local_resources[0].dir, root_.string());
  EXPECT_FALSE(m->local_resources[0].allow_parallel);
  EXPECT_TRUE(m->local_resources[1].cmd.empty());
  EXPECT_EQ(m->local_resources[1].labels, std::vector<std::string>{"one"});
  EXPECT_EQ(m->local_resources[1].pos.line, 2);
}

TEST_F(TiltfileTest, DuplicateNamesAreRecordedForThePlanner) {
  auto m = eval("local_resource('a', 'x')\nlocal_resource('a', 'y')\n");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->local_resources.size(), 2u);
}

TEST_F(TiltfileTest, TypeErrorsUseTiltsMessages) {
  struct Case {
    std::string code;
    std::string message;
  };
  const Case cases[] = {
      {"local_resource(1, 'x')",
       "local_resource: for parameter name: Value should be convertible to string, but is type "
       "int"},
      {"local_resource('a/b', 'x')",
       "local_resource: for parameter name: invalid value \"a/b\": may not contain '/'"},
      {"local_resource('a', 1)",
       "a command must be a string or list of strings. found starlark.Int"},
      {"local_resource('a', [1])",
       "a command must be a string or a list of strings: '1' is a starlark.Int, not a string"},
      {"local_resource('a', None)",
       "a command must be a string or list of strings. found starlark.NoneType"},
      {"local_resource('a')",
       "local_resource must have a cmd and/or a serve_cmd, but both were empty"},
      {"local_resource('a', '')",
       "local_resource must have a cmd and/or a serve_cmd, but both were empty"},
      {"local_resource('a', 'x', 1)",
       "local_resource: for parameter deps: value should be a string or List or Tuple of strings, "
       "but is of type int"},
      {"local_resource('a', 'x', deps=[1])",
       "local_resource: for parameter \"deps\": unpacking list item at index 0: expected path | "
       "string. Actual type: starlark.Int"},
      {"local_resource('a', 'x', resource_deps='b')",
       "local_resource: for parameter \"resource_deps\": got string, want starlark.Sequence"},
      {"local_resource('a', 'x', resource_deps=[1])",
       "local_resource: resource_deps: '1' is a starlark.Int, not a string"},
      {"local_resource('a', 'x', allow_parallel=1)",
       "local_resource: for parameter \"allow_parallel\": got int, want bool"},
      {"local_resource('a', 'x', labels=1)",
       "local_resource: for parameter \"labels\": value should be a label or List or Tuple of "
       "labels, but is of type int"},
      {"local_resource('a', 'x', labels=['a b'])",
       "local_resource: for parameter \"labels\": Invalid label \"a b\": name part must consist of "
       "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric "
       "character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
       "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"},
      {"local_resource('a', 'x', env=[])",
       "local_resource: for parameter \"env\": expected dict, got *starlark.List"},
      {"local_resource('a', 'x', env={1: 'a'})",
       "local_resource: for parameter \"env\": key is not a string: starlark.Int (1)"},
      {"local_resource('a', 'x', env={'a': 1})",
       "local_resource: for parameter \"env\": value is not a string: starlark.Int (1)"},
      {"local_resource('a', 'x', env={'': 'a'})", "environment has empty key for value \"a\""},
      {"local_resource('a', 'x', dir=1)",
       "a command directory must be empty or a string: expected path | string. Actual type: "
       "starlark.Int"},
      {"local_resource('a', 'x', foo=1)", "local_resource: unexpected keyword argument \"foo\""},
      {"local_resource(cmd='x')", "local_resource: missing argument for name"},
      {"local_resource('a', name='b', cmd='x')",
       "local_resource: got multiple values for keyword argument \"name\""},
      {"local_resource('a', 'x', [], 'auto')",
       "local_resource: for parameter trigger_mode: got string, want TriggerMode"},
  };
  for (const Case& c : cases) {
    int line = 0;
    EXPECT_EQ(error_of("\n" + c.code + "\n", &line), c.message) << c.code;
    EXPECT_EQ(line, 2) << c.code;
  }
}

TEST_F(TiltfileTest, RuntimeErrorHasPositionSourceLineAndTraceback) {
  auto m = eval("def f():\n  local_resource('a', 1)\nf()\n");
  ASSERT_FALSE(m);
  const Error& e = m.error();
  EXPECT_EQ(e.kind, ErrorKind::kTiltfile);
  EXPECT_EQ(*e.pos, (SourcePos{path("Tiltfile"), 2, 17}));
  EXPECT_EQ(*e.source_line, "  local_resource('a', 1)");
  EXPECT_EQ(e.notes, (std::vector<std::string>{
                         "Traceback (most recent call last):",
                         "  " + path("Tiltfile") + ":3:2: in <toplevel>",
                         "  " + path("Tiltfile") + ":2:17: in f",
                     }));
}

TEST_F(TiltfileTest, StaticErrorsAreAllReported) {
  auto m = eval("x = y\nz = w\n");
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().message, "undefined: y");
  EXPECT_EQ(m.error().pos->line, 1);
  ASSERT_EQ(m.error().notes.size(), 1u);
  EXPECT_NE(m.error().notes[0].find(":2:5: error: undefined: w"), std::string::npos)
      << m.error().notes[0];
}

TEST_F(TiltfileTest, SyntaxErrorHasLineAndColumn) {
  auto m = eval("local_resource('a',\n  cmd='x' deps=[])\n");
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().message, "got identifier, want ','");
  EXPECT_EQ(*m.error().pos, (SourcePos{path("Tiltfile"), 2, 11}));
}

TEST_F(TiltfileTest, LoadResolvesRelativeToTheExecutingFile) {
  write("lib/helpers.star",
        "load('./more.star', 'suffix')\n"
        "def mk(name):\n"
        "  local_resource(name + suffix, cmd='x', deps='d')\n"
        "local_resource('from_lib', cmd='y', deps='d', dir='.')\n"
        "file = __file__\n");
  write("lib/more.star", "suffix = '-x'\n");
  auto m = eval(
      "load('lib/helpers.star', 'mk', "
      "lib_file='file')\nmk('app')\nprint(lib_file)\nprint(__file__)\n");
  ASSERT_TRUE(m) << render_diagnostic(m.error());
  ASSERT_EQ(m->local_resources.size(), 2u);
  // Top-level code of a loaded file resolves against that file's directory.
  EXPECT_EQ(m->local_resources[0].name, "from_lib");
  EXPECT_EQ(m->local_resources[0].deps, std::vector<std::string>{path("lib/d")});
  EXPECT_EQ(m->local_resources[0].dir, path("lib"));
  EXPECT_EQ(m->local_resources[0].pos, (SourcePos{path("lib/helpers.star"), 4, 1}));
  // A function from a loaded file, called by the Tiltfile, resolves against
  // the Tiltfile's directory (Tilt's exec path).
  EXPECT_EQ(m->local_resources[1].name, "app-x");
  EXPECT_EQ(m->local_resources[1].deps, std::vector<std::string>{path("d")});
  EXPECT_EQ(m->read_files, (std::vector<std::string>{path("Tiltfile"), path("lib/helpers.star"),
                                                     path("lib/more.star"), path(".tiltignore")}));
  EXPECT_EQ(printed_, (std::vector<std::string>{path("lib/helpers.star"), path("Tiltfile")}));
}

TEST_F(TiltfileTest, EachFileIsLoadedOnce) {
  write("a.star", "print('a runs')\nv = 1\n");
  write("b.star", "load('a.star', 'v')\nw = v\n");
  auto m = eval("load('a.star', 'v')\nload('b.star', 'w')\nprint(v + w, 'x\\ny')\n");
  ASSERT_TRUE(m) << render_diagnostic(m.error());
  EXPECT_EQ(printed_, (std::vector<std::string>{"a runs", "2 x", "y"}));
}

TEST_F(TiltfileTest, TracebackThroughLoadedFile) {
  write("lib.star", "def boom():\n  fail('no')\nboom()\n");
  auto m = eval("\nload('lib.star', 'boom')\n");
  ASSERT_FALSE(m);
  const Error& e = m.error();
  EXPECT_EQ(e.message, "fail: no");
  EXPECT_EQ(*e.pos, (SourcePos{path("lib.star"), 2, 7}));
  EXPECT_EQ(e.notes, (std::vector<std::string>{
                         "Traceback (most recent call last):",
                         "  " + path("Tiltfile") + ":2:1: in <toplevel>",
                         "  " + path("lib.star") + ":3:5: in <toplevel>",
                         "  " + path("lib.star") + ":2:7: in boom",
                     }));
}

TEST_F(TiltfileTest, LoadedGlobalsAreFrozenDeeply) {
  write("lib.star", "names = [['a']]\nconfig = {'k': 'v'}\n");
  EXPECT_EQ(error_of("load('lib.star', 'names')\nnames[0].append('b')\n"),
            "append: cannot append to frozen list");
  EXPECT_EQ(error_of("load('lib.star', 'config')\nconfig['k'] = 'w'\n"),
            "cannot insert into frozen hash table");
}

TEST_F(TiltfileTest, LoadCycleIsReportedWithTheChain) {
  write("a.star", "load('b.star', 'x')\n");
  write("b.star", "load('a.star', 'y')\nx = 1\n");
  auto m = eval("load('a.star', 'x')\n");
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().message, "cannot load a.star: Circular load: " + path("a.star") +
                                   " (load chain: " + path("Tiltfile") + " -> " + path("a.star") +
                                   " -> " + path("b.star") + " -> " + path("a.star") + ")");
  EXPECT_EQ(*m.error().pos, (SourcePos{path("b.star"), 1, 1}));
}

TEST_F(TiltfileTest, MissingLoadedFile) {
  auto m = eval("load('nope.star', 'x')\n");
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().message, "cannot load nope.star: error reading file " + path("nope.star") +
                                   ": open " + path("nope.star") + ": No such file or directory");
}

TEST_F(TiltfileTest, LoadOfUnknownName) {
  write("lib.star", "x = 1\n_private = 2\n");
  EXPECT_EQ(error_of("load('lib.star', 'y')\n"), "load: name y not found in module lib.star");
  EXPECT_EQ(error_of("load('lib.star', '_private')\n"),
            "load: names with leading underscores are not exported: _private");
}

TEST_F(TiltfileTest, TiltDialectAllowsTopLevelControlAndReassignment) {
  auto m = eval(
      "names = []\n"
      "for n in ['a', 'b']:\n"
      "  if n == 'b':\n"
      "    names += [n]\n"
      "i = 0\n"
      "while i < 2:\n"
      "  i += 1\n"
      "names = names + ['c']\n"
      "def rec(n):\n"
      "  return 0 if n == 0 else rec(n - 1)\n"
      "rec(3)\n"
      "[local_resource(x, 'true') for x in names]\n");
  ASSERT_TRUE(m) << render_diagnostic(m.error());
  ASSERT_EQ(m->local_resources.size(), 2u);
  EXPECT_EQ(m->local_resources[1].name, "c");
}

TEST_F(TiltfileTest, MissingTiltfile) {
  EvalOptions opts;
  opts.tiltfile_path = path("absent/Tiltfile");
  auto m = evaluate_tiltfile(opts);
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().kind, ErrorKind::kTiltfile);
  EXPECT_NE(m.error().message.find("No such file or directory"), std::string::npos);
}

}  // namespace
}  // namespace pitch::tiltfile
