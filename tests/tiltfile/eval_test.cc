// Data-driven evaluator tests: every tests/tiltfile/testdata/*.star file is
// split into chunks on `---` lines, and each chunk runs as its own module
// (the conformance suite's conventions, see /work/shared/conformance):
//   - `option:NAME` anywhere in a chunk turns a dialect option on;
//   - assert_eq(got, want), assert_ne, assert_true(cond), and
//     fails(fn, regex) are predeclared;
//   - a line containing `### regex` expects the chunk's runtime error on
//     that line, with a message matching regex (searched, not anchored).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "tests/tiltfile/starlark_test_support.h"
#include "tiltfile/starlark/args.h"
#include "tiltfile/starlark/ops.h"
#include "tiltfile/starlark/struct.h"

namespace pitch::starlark {
namespace {

struct Chunk {
  std::string source;  // padded with newlines so line numbers match the file
  int first_line = 1;
  Dialect dialect;
  std::map<int, std::string> expectations;  // line -> regex
};

// The text of a Go string literal ("..." with escapes, or `raw`).
std::string go_string_literal(const std::string& lit) {
  if (lit.size() < 2) return lit;
  if (lit.front() == '`') return lit.substr(1, lit.size() - 2);
  if (lit.front() != '"') return lit;
  std::string out;
  for (size_t i = 1; i + 1 < lit.size(); ++i) {
    if (lit[i] == '\\' && i + 2 < lit.size()) {
      char c = lit[++i];
      out += c == 'n' ? '\n' : c == 't' ? '\t' : c;
    } else {
      out += lit[i];
    }
  }
  return out;
}

std::vector<Chunk> split_chunks(const std::string& text) {
  std::vector<Chunk> chunks;
  std::istringstream in(text);
  std::string line;
  int n = 0;
  Chunk cur;
  auto finish = [&] {
    const std::string& s = cur.source;
    auto has = [&](const char* opt) {
      return s.find(std::string("option:") + opt) != std::string::npos;
    };
    cur.dialect.set = has("set");
    cur.dialect.while_loops = has("while");
    cur.dialect.toplevel_control = has("toplevelcontrol");
    cur.dialect.global_reassign = has("globalreassign");
    cur.dialect.recursion = has("recursion");
    cur.dialect.load_binds_globally = has("loadbindsglobally");
    chunks.push_back(cur);
  };
  while (std::getline(in, line)) {
    ++n;
    if (line == "---") {
      finish();
      cur = Chunk{};
      cur.source = std::string(n, '\n');
      cur.first_line = n + 1;
      continue;
    }
    if (size_t k = line.find("###"); k != std::string::npos) {
      std::string pat = line.substr(k + 3);
      pat.erase(0, pat.find_first_not_of(" \t"));
      pat.erase(pat.find_last_not_of(" \t") + 1);
      cur.expectations[n] = go_string_literal(pat);
    }
    cur.source += line + "\n";
  }
  finish();
  return chunks;
}

// The predeclared test helpers.
Predeclared helpers(Interpreter& in, std::vector<std::string>* failures) {
  Predeclared p;
  auto add = [&](const std::string& name, BuiltinFn fn) {
    p[name] = Value(in.heap().make<Builtin>(name, std::move(fn)));
  };
  auto where = [](Interpreter& i) {
    SourcePos s = i.call_site();
    return fmt::format("{}:{}", s.file, s.line);
  };
  add("assert_eq", [=](Interpreter& i, const CallArgs& a) {
    Value x, y;
    if (!unpack_positional(i, "assert_eq", a, 2, {&x, &y})) return Value();
    if (!equal(x, y)) failures->push_back(fmt::format("{}: {} != {}", where(i), repr(x), repr(y)));
    return Value::none();
  });
  add("assert_ne", [=](Interpreter& i, const CallArgs& a) {
    Value x, y;
    if (!unpack_positional(i, "assert_ne", a, 2, {&x, &y})) return Value();
    if (equal(x, y)) failures->push_back(fmt::format("{}: {} == {}", where(i), repr(x), repr(y)));
    return Value::none();
  });
  add("assert_true", [=](Interpreter& i, const CallArgs& a) {
    Value x, msg;
    if (!unpack_positional(i, "assert_true", a, 1, {&x, &msg})) return Value();
    if (!truth(x))
      failures->push_back(
          fmt::format("{}: assertion failed {}", where(i), msg.ok() ? str(msg) : ""));
    return Value::none();
  });
  add("fails", [=](Interpreter& i, const CallArgs& a) {
    Value f, pattern;
    if (!unpack_positional(i, "fails", a, 2, {&f, &pattern})) return Value();
    std::string at = where(i);
    Result<Value> r = i.call(f, CallArgs{});
    if (r) {
      failures->push_back(fmt::format(
          "{}: evaluation succeeded unexpectedly (want error matching {})", at, str(pattern)));
    } else if (!std::regex_search(r.error().message, std::regex(str(pattern)))) {
      failures->push_back(
          fmt::format("{}: error {:?} does not match {}", at, r.error().message, str(pattern)));
    }
    return Value::none();
  });
  p["struct"] = make_struct_builtin(in);
  p["module"] = make_module_builtin(in);
  return p;
}

class EvalDataTest : public ::testing::TestWithParam<std::string> {};

TEST_P(EvalDataTest, Chunks) {
  std::string path = testing::testdata_dir() + "/" + GetParam();
  std::ifstream f(path);
  ASSERT_TRUE(f) << path;
  std::stringstream ss;
  ss << f.rdbuf();
  for (const Chunk& chunk : split_chunks(ss.str())) {
    SCOPED_TRACE(fmt::format("{}: chunk at line {}", GetParam(), chunk.first_line));
    std::vector<std::string> failures;
    Interpreter in;
    Predeclared pre = helpers(in, &failures);
    auto result = in.exec_file(GetParam(), chunk.source, chunk.dialect, pre);
    for (const std::string& fail : failures) ADD_FAILURE() << fail;
    if (result) {
      for (const auto& [line, pat] : chunk.expectations) {
        ADD_FAILURE() << "line " << line << ": expected an error matching " << pat;
      }
      continue;
    }
    const Error& e = result.error();
    int line = e.pos ? e.pos->line : 0;
    auto it = chunk.expectations.find(line);
    if (it == chunk.expectations.end()) {
      ADD_FAILURE() << "unexpected error: " << render_diagnostic(e);
      continue;
    }
    EXPECT_TRUE(std::regex_search(e.message, std::regex(it->second)))
        << "line " << line << ": error \"" << e.message << "\" does not match " << it->second;
    for (const auto& [l, pat] : chunk.expectations) {
      if (l != line) ADD_FAILURE() << "line " << l << ": expected an error matching " << pat;
    }
  }
}

std::vector<std::string> star_files() {
  std::vector<std::string> out;
  for (const auto& entry : std::filesystem::directory_iterator(testing::testdata_dir())) {
    if (entry.path().extension() == ".star") out.push_back(entry.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

INSTANTIATE_TEST_SUITE_P(Testdata, EvalDataTest, ::testing::ValuesIn(star_files()),
                         [](const auto& param_info) {
                           std::string name =
                               param_info.param.substr(0, param_info.param.find('.'));
                           for (char& c : name) {
                             if (!isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace pitch::starlark
