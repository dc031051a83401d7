// pitch_conformance — runs the external Starlark test data
// (../shared/conformance, see its README.md) against our interpreter,
// following starlark-go's conventions exactly:
//
//   - a file is split into chunks on `---` lines; each chunk is a module of
//     its own, padded with newlines so positions are the file's;
//   - `option:NAME` in a chunk turns a dialect option on;
//   - a `###` comment holds a Go string literal with a regex the error
//     reported on that line must match (searched); every expectation must
//     be met and any other error fails the chunk;
//   - evaluation chunks may load("assert.star"), which runs with the
//     helpers error/catch/matches/module/_freeze/_floateq;
//   - syntax/errors.star is parsed only; resolve/resolve.star is parsed and
//     resolved (every resolver error counts); syntax/scan.star must parse.
//
// bazel-starlark/java files use the Bazel suite's conventions instead
// (a prelude with assert_eq/assert_ne/assert_, unquoted `###` text matched
// as a case-insensitive substring or regex, at most one error per chunk).
//
// Output: one line per file with its chunk counts, then `N passed, N
// failed`. The exit status is non-zero when a chunk of a core or tilt file
// (README's classes) fails. Chunks are skipped only through kSkips below.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "tiltfile/starlark/args.h"
#include "tiltfile/starlark/builtins.h"
#include "tiltfile/starlark/interpreter.h"
#include "tiltfile/starlark/ops.h"
#include "tiltfile/starlark/parser.h"
#include "tiltfile/starlark/resolver.h"
#include "tiltfile/starlark/spell.h"
#include "tiltfile/starlark/struct.h"

namespace fs = std::filesystem;
using namespace pitch;
using namespace pitch::starlark;

namespace {

// --- the skip list: one entry per chunk ---

struct Skip {
  const char* file;  // relative to the conformance directory
  int chunk;         // 0-based chunk index
  const char* reason;
};

constexpr Skip kSkips[] = {
    {"starlark-go/json.star", 0, "Go-only library module json (not exposed by Tilt)"},
    {"starlark-go/json.star", 1, "Go-only library module json (not exposed by Tilt)"},
    {"starlark-go/math.star", 0, "Go-only library module math (not exposed by Tilt)"},
    {"starlark-go/time.star", 0, "Go-only library module time (needs a time-zone database)"},
    {"starlark-go/proto.star", 0, "Go-only library module proto (descriptor set not copied)"},
    {"starlark-go/benchmark.star", 0,
     "timing only (README: not pass/fail); its bench_json_* functions use the Go-only json "
     "module"},
};
constexpr size_t kSkipCount = std::size(kSkips);

// Index into kSkips, or kSkipCount.
size_t find_skip(const std::string& file, int chunk) {
  for (size_t i = 0; i < kSkipCount; ++i) {
    if (file == kSkips[i].file && kSkips[i].chunk == chunk) return i;
  }
  return kSkipCount;
}

enum class Class { kCore, kTilt, kOpt, kExtra };

Class class_of(const std::string& rel) {
  static const char* kTiltFiles[] = {"set.star", "while.star", "recursion.star", "module.star",
                                     "starlarkstruct/struct.star"};
  static const char* kOptFiles[] = {"json.star",     "math.star",  "time.star",
                                    "proto.star",    "paths.star", "function_param.star",
                                    "benchmark.star"};
  if (rel.rfind("starlark-go/", 0) != 0) return Class::kExtra;
  std::string name = rel.substr(strlen("starlark-go/"));
  for (const char* f : kTiltFiles) {
    if (name == f) return Class::kTilt;
  }
  for (const char* f : kOptFiles) {
    if (name == f) return Class::kOpt;
  }
  return Class::kCore;
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// --- chunks and expectations ---

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
    if (lit[i] != '\\' || i + 2 >= lit.size()) {
      out += lit[i];
      continue;
    }
    char c = lit[++i];
    switch (c) {
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      default:
        out += c;  // \\ \" and friends
    }
  }
  return out;
}

std::string trim(std::string s) {
  s.erase(0, s.find_first_not_of(" \t\r"));
  s.erase(s.find_last_not_of(" \t\r") + 1);
  return s;
}

std::vector<Chunk> split_chunks(const std::string& text, bool go_literals) {
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
      // starlark-go splits on "\n---\n": a chunk ends without its newline.
      if (!cur.source.empty()) cur.source.pop_back();
      finish();
      cur = Chunk{};
      cur.source = std::string(n, '\n');
      cur.first_line = n + 1;
      continue;
    }
    if (size_t k = line.find("###"); k != std::string::npos) {
      std::string pat = trim(line.substr(k + 3));
      cur.expectations[n] = go_literals ? go_string_literal(pat) : pat;
    }
    cur.source += line + "\n";
  }
  finish();
  return chunks;
}

// RE2 (Go) reads a brace that does not start a repetition like {2} or
// {2,3} as a literal; ECMAScript rejects it. Escape such braces.
std::string re2_braces(const std::string& p) {
  static const std::regex kRepeat(R"(^\{[0-9]+(,[0-9]*)?\})");
  std::string out;
  for (size_t i = 0; i < p.size(); ++i) {
    if (p[i] == '\\' && i + 1 < p.size()) {
      out += p.substr(i, 2);
      ++i;
    } else if (p[i] == '{') {
      std::smatch m;
      std::string rest = p.substr(i);
      if (std::regex_search(rest, m, kRepeat)) {
        out += m.str();
        i += m.length() - 1;
      } else {
        out += "\\{";
      }
    } else if (p[i] == '}') {
      out += "\\}";
    } else {
      out += p[i];
    }
  }
  return out;
}

bool regex_found(const std::string& pattern, const std::string& text, bool icase = false) {
  try {
    auto flags = std::regex::ECMAScript | (icase ? std::regex::icase : std::regex::ECMAScript);
    return std::regex_search(text, std::regex(re2_braces(pattern), flags));
  } catch (const std::regex_error&) {
    return text.find(pattern) != std::string::npos;
  }
}

// --- the Go harness's test types ---

// eval_test.go's hasfields: settable fields until frozen; list + x is 42.
class HasFields : public HostObject {
 public:
  std::string_view type_name() const override { return "hasfields"; }
  Value attr(Interpreter&, std::string_view name) override {
    auto it = fields_.find(std::string(name));
    return it == fields_.end() ? Value() : it->second;
  }
  std::vector<std::string> attr_names() const override {
    std::vector<std::string> out;
    for (const auto& [k, v] : fields_) out.push_back(k);
    return out;
  }
  bool set_attr(Interpreter& in, std::string_view name, Value v) override {
    if (frozen()) {
      in.fail("cannot set field on a frozen hasfields");
      return false;
    }
    if (name.rfind("no", 0) == 0) {
      // A NoSuchAttrError: starlark-go adds the spelling hint.
      std::string hint = nearest(name, attr_names());
      in.failf("no .{} field{}", name,
               hint.empty() ? "" : fmt::format(" (did you mean .{}?)", hint));
      return false;
    }
    fields_[std::string(name)] = v;
    return true;
  }
  void write_repr(Printer& p) const override { p.out += "hasfields"; }
  bool hash(Interpreter&, uint32_t* out) const override {
    *out = 42;
    return true;
  }
  Value binary(Interpreter&, Tok op, Value other, bool) override {
    if (op == Tok::kPlus && other.type() == Type::kList) return Value::integer(42);
    return Value();
  }
  void freeze() override {
    if (frozen_) return;
    frozen_ = true;
    for (auto& [k, v] : fields_) starlark::freeze(v);
  }

 private:
  std::map<std::string, Value> fields_;
};

// eval_test.go's fibonacci: an endless iterable.
class Fibonacci : public HostObject {
 public:
  std::string_view type_name() const override { return "fibonacci"; }
  bool iterable() const override { return true; }
  Value iter_at(Interpreter&, size_t i) override {
    int64_t a = 0, b = 1;
    for (size_t k = 0; k < i && a < (int64_t{1} << 61); ++k) {
      int64_t t = a + b;
      a = b;
      b = t;
    }
    return Value::integer(a);
  }
};

// starlarkstruct's test-only gensym(name=...): a branded struct constructor.
class Symbol : public HostObject {
 public:
  explicit Symbol(std::string name) : name_(std::move(name)) {}
  std::string_view type_name() const override { return "symbol"; }
  void write_repr(Printer& p) const override { p.out += name_; }
  bool callable() const override { return true; }
  std::string_view name() const override { return name_; }
  Value call(Interpreter& in, const CallArgs& args) override {
    return make_struct(in, name_, Value(this), args);
  }
  bool hash(Interpreter&, uint32_t* out) const override {
    *out = static_cast<uint32_t>(reinterpret_cast<uintptr_t>(this) >> 4);
    return true;
  }

 private:
  std::string name_;
};

// --- running one chunk ---

struct Outcome {
  bool passed = true;
  std::vector<std::string> problems;
  void fail(std::string why) {
    passed = false;
    problems.push_back(std::move(why));
  }
};

// The innermost line in `file` of an evaluation error (its position, else
// the traceback frames), or 0.
int error_line(const Error& e, const std::string& file) {
  if (e.pos && e.pos->file == file) return e.pos->line;
  for (auto it = e.notes.rbegin(); it != e.notes.rend(); ++it) {
    std::string prefix = "  " + file + ":";
    if (it->rfind(prefix, 0) == 0) return std::atoi(it->c_str() + prefix.size());
  }
  return 0;
}

Value add_builtin(Interpreter& in, Predeclared& p, const std::string& name, BuiltinFn fn) {
  Value v(in.heap().make<Builtin>(name, std::move(fn)));
  p[name] = v;
  return v;
}

bool floateq(double x, double y) {
  if (std::isnan(x) && std::isnan(y)) return true;
  if (x == y) return true;
  return std::nextafter(x, y) == y;
}

class ChunkRunner {
 public:
  ChunkRunner(const fs::path& dir, std::string file, Outcome& out)
      : dir_(dir), file_(std::move(file)), out_(out) {}

  // Evaluates a starlark-go chunk and checks its `###` expectations.
  void eval_go(const Chunk& chunk) {
    Hooks hooks;
    hooks.print = [](std::string_view) {};
    hooks.load = [this](Interpreter& in, std::string_view module, std::string_view) {
      return load(in, module);
    };
    Interpreter in(std::move(hooks));
    Predeclared pre;
    pre["struct"] = make_struct_builtin(in);
    add_builtin(in, pre, "hasfields",
                [](Interpreter& i, const CallArgs&) { return Value(i.heap().make<HasFields>()); });
    pre["fibonacci"] = Value(in.heap().make<Fibonacci>());
    add_builtin(in, pre, "gensym", [](Interpreter& i, const CallArgs& args) {
      Value name;
      if (!unpack_args(i, "gensym", args, {{"name", &name}})) return Value();
      return Value(i.heap().make<Symbol>(str(name)));
    });
    auto result = in.exec_file(file_, chunk.source, chunk.dialect, pre);
    check(chunk, result);
  }

  // Runs a bazel-starlark chunk with its prelude.
  void eval_bazel(const Chunk& chunk) {
    Interpreter in;
    Predeclared pre;
    auto where = [](Interpreter& i) { return fmt::format("line {}", i.call_site().line); };
    add_builtin(in, pre, "assert_eq", [this, where](Interpreter& i, const CallArgs& a) {
      Value x, y;
      if (!unpack_positional(i, "assert_eq", a, 2, {&x, &y})) return Value();
      if (!equal(x, y)) out_.fail(fmt::format("{}: {} != {}", where(i), repr(x), repr(y)));
      return Value::none();
    });
    add_builtin(in, pre, "assert_ne", [this, where](Interpreter& i, const CallArgs& a) {
      Value x, y;
      if (!unpack_positional(i, "assert_ne", a, 2, {&x, &y})) return Value();
      if (equal(x, y)) out_.fail(fmt::format("{}: {} == {}", where(i), repr(x), repr(y)));
      return Value::none();
    });
    add_builtin(in, pre, "assert_", [this, where](Interpreter& i, const CallArgs& a) {
      Value x, msg;
      if (!unpack_positional(i, "assert_", a, 1, {&x, &msg})) return Value();
      if (!truth(x)) out_.fail(fmt::format("{}: assertion failed", where(i)));
      return Value::none();
    });
    auto result = in.exec_file(file_, chunk.source, Dialect::tilt(), pre);
    // Only unprefixed and go: expectations apply; lines are not checked.
    std::vector<std::string> expected;
    for (const auto& [line, text] : chunk.expectations) {
      if (text.rfind("java:", 0) == 0 || text.rfind("rust:", 0) == 0) continue;
      expected.push_back(trim(text.rfind("go:", 0) == 0 ? text.substr(3) : text));
    }
    if (result) {
      for (const std::string& e : expected) out_.fail("expected an error matching " + e);
      return;
    }
    std::string msg = result.error().message;
    if (expected.empty()) {
      out_.fail("unexpected error: " + render_diagnostic(result.error()));
      return;
    }
    std::string lower_msg = msg, lower_want = expected.front();
    std::transform(lower_msg.begin(), lower_msg.end(), lower_msg.begin(), ::tolower);
    std::transform(lower_want.begin(), lower_want.end(), lower_want.begin(), ::tolower);
    if (lower_msg.find(lower_want) == std::string::npos &&
        !regex_found(expected.front(), msg, /*icase=*/true)) {
      out_.fail(fmt::format("error \"{}\" does not match {}", msg, expected.front()));
    }
  }

  // syntax/errors.star: parse only; the first error must be expected.
  void parse_only(const Chunk& chunk) {
    auto parsed = parse_file(file_, chunk.source);
    std::vector<std::pair<int, std::string>> errors;
    if (!parsed) {
      for (const Error& e : parsed.error()) errors.emplace_back(e.pos ? e.pos->line : 0, e.message);
    }
    match_all(chunk, errors);
  }

  // resolve/resolve.star: parse, then resolve with predeclared M and
  // universal U and float; every resolver error counts.
  void resolve_only(const Chunk& chunk) {
    auto parsed = parse_file(file_, chunk.source);
    if (!parsed) {
      out_.fail("parse error: " + render_diagnostic(parsed.error().front()));
      return;
    }
    File& f = **parsed;
    f.dialect = chunk.dialect;
    ResolveEnv env;
    env.is_predeclared = [](std::string_view n) { return n == "M"; };
    env.universal_index = [](std::string_view n) { return n == "U" ? 0 : n == "float" ? 1 : -1; };
    std::vector<std::pair<int, std::string>> errors;
    for (const Error& e : resolve_file(f, chunk.dialect, env)) {
      errors.emplace_back(e.pos ? e.pos->line : 0, e.message);
    }
    match_all(chunk, errors);
  }

 private:
  Result<Module*> load(Interpreter& in, std::string_view module) {
    if (module != "assert.star") {
      return make_error(ErrorKind::kTiltfile, fmt::format("no such module: {}", module));
    }
    if (assert_module_ != nullptr) return assert_module_;
    Predeclared pre;
    pre["module"] = make_module_builtin(in);
    add_builtin(in, pre, "error", [this](Interpreter& i, const CallArgs& a) {
      Value msg;
      if (!unpack_positional(i, "error", a, 1, {&msg})) return Value();
      out_.fail(fmt::format("{}:{}: {}", file_, test_line(i), str(msg)));
      return Value::none();
    });
    add_builtin(in, pre, "catch", [](Interpreter& i, const CallArgs& a) {
      Value f;
      if (!unpack_positional(i, "catch", a, 1, {&f})) return Value();
      Result<Value> r = i.call(f, CallArgs{});
      if (r) return Value::none();
      return i.str(r.error().message);
    });
    add_builtin(in, pre, "matches", [](Interpreter& i, const CallArgs& a) {
      Value pattern, s;
      if (!unpack_positional(i, "matches", a, 2, {&pattern, &s})) return Value();
      return Value::boolean(regex_found(str(pattern), str(s)));
    });
    pre["_freeze"] = Value(in.heap().make<Builtin>("freeze", [](Interpreter& i, const CallArgs& a) {
      Value x;
      if (!unpack_positional(i, "freeze", a, 1, {&x})) return Value();
      starlark::freeze(x);
      return x;
    }));
    add_builtin(in, pre, "_floateq", [](Interpreter& i, const CallArgs& a) {
      Value x, y;
      if (!unpack_positional(i, "floateq", a, 2, {&x, &y})) return Value();
      if (x.type() != Type::kFloat || y.type() != Type::kFloat)
        return i.fail("floateq: want floats");
      return Value::boolean(floateq(x.as_float(), y.as_float()));
    });
    fs::path path = dir_ / "starlark-go" / "assert.star";
    auto m = in.exec_file(path.string(), read_file(path), Dialect{}, pre);
    if (m) assert_module_ = *m;
    return m;
  }

  // The line in the test file of the innermost frame running there.
  int test_line(Interpreter& in) {
    std::vector<SourcePos> stack = in.call_stack();
    for (auto it = stack.rbegin(); it != stack.rend(); ++it) {
      if (it->file == file_) return it->line;
    }
    return 0;
  }

  void check(const Chunk& chunk, const Result<Module*>& result) {
    std::vector<std::pair<int, std::string>> errors;
    if (!result) {
      const Error& e = result.error();
      bool runtime = !e.notes.empty() && e.notes.front().rfind("Traceback", 0) == 0;
      if (!runtime) {
        out_.fail("static error: " + render_diagnostic(e));
        return;
      }
      errors.emplace_back(error_line(e, file_), e.message);
    }
    match_all(chunk, errors);
  }

  // Every error must be expected on its line, and every expectation met.
  void match_all(const Chunk& chunk, const std::vector<std::pair<int, std::string>>& errors) {
    std::map<int, bool> met;
    for (const auto& [line, msg] : errors) {
      auto it = chunk.expectations.find(line);
      if (it == chunk.expectations.end()) {
        out_.fail(fmt::format("line {}: unexpected error: {}", line, msg));
      } else if (!regex_found(it->second, msg)) {
        out_.fail(fmt::format("line {}: error \"{}\" does not match {}", line, msg, it->second));
      } else {
        met[line] = true;
      }
    }
    for (const auto& [line, pat] : chunk.expectations) {
      if (!met.count(line))
        out_.fail(fmt::format("line {}: expected an error matching {}", line, pat));
    }
  }

  fs::path dir_;
  std::string file_;
  Outcome& out_;
  Module* assert_module_ = nullptr;
};

enum class Mode { kEval, kBazel, kParse, kResolve, kScan };

struct Totals {
  int passed = 0, failed = 0, skipped = 0;
  bool gating_failure = false;
  // Which kSkips entries matched a chunk: an entry that matches nothing
  // (the suite changed) is reported, so the list cannot hide stale reasons.
  std::vector<bool> skip_used = std::vector<bool>(kSkipCount, false);
};

void run_file(const fs::path& dir, const std::string& rel, Mode mode, bool verbose,
              Totals& totals) {
  fs::path path = dir / rel;
  std::string text = read_file(path);
  std::string file = path.string();
  int passed = 0, failed = 0, skipped = 0;
  std::vector<std::string> report;
  std::vector<Chunk> chunks;
  if (mode == Mode::kScan) {
    Chunk whole;
    whole.source = text;
    chunks.push_back(whole);
  } else {
    chunks = split_chunks(text, mode != Mode::kBazel);
  }
  for (size_t i = 0; i < chunks.size(); ++i) {
    const Chunk& chunk = chunks[i];
    if (size_t skip = find_skip(rel, static_cast<int>(i)); skip != kSkipCount) {
      totals.skip_used[skip] = true;
      ++skipped;
      continue;
    }
    Outcome out;
    ChunkRunner runner(dir, file, out);
    switch (mode) {
      case Mode::kEval:
        runner.eval_go(chunk);
        break;
      case Mode::kBazel:
        runner.eval_bazel(chunk);
        break;
      case Mode::kParse:
        runner.parse_only(chunk);
        break;
      case Mode::kResolve:
        runner.resolve_only(chunk);
        break;
      case Mode::kScan: {
        auto parsed = parse_file(file, chunk.source);
        if (!parsed) out.fail(render_diagnostic(parsed.error().front()));
        break;
      }
    }
    if (out.passed) {
      ++passed;
      continue;
    }
    ++failed;
    report.push_back(fmt::format("  chunk {} (line {}):", i, chunk.first_line));
    for (const std::string& p : out.problems) report.push_back("    " + p);
  }
  fmt::print("{}: {} passed, {} failed, {} skipped\n", rel, passed, failed, skipped);
  if (verbose || failed > 0) {
    for (const std::string& line : report) fmt::print("{}\n", line);
  }
  totals.passed += passed;
  totals.failed += failed;
  totals.skipped += skipped;
  Class c = class_of(rel);
  if (failed > 0 && (c == Class::kCore || c == Class::kTilt)) totals.gating_failure = true;
}

std::vector<std::string> star_files(const fs::path& dir, const std::string& sub) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir / sub)) {
    if (e.path().extension() == ".star") out.push_back(sub + "/" + e.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    fmt::print(stderr, "usage: pitch_conformance CONFORMANCE_DIR [--all] [FILE...]\n");
    return 2;
  }
  fs::path dir = argv[1];
  std::error_code ec;
  if (!fs::is_directory(dir / "starlark-go", ec)) {
    // The suites live in ../shared beside the repository (as CI lays it out).
    fmt::print(stderr,
               "pitch_conformance: no conformance data at {} (expected starlark-go/ there)\n",
               dir.string());
    fmt::print("0 passed, 1 failed\n");
    return 1;
  }
  std::vector<std::string> only(argv + 2, argv + argc);
  // --all also runs bazel-starlark/go and rust (informational: the README
  // calls them redundant or regression-only, so ctest does not).
  bool all = !only.empty() && only.front() == "--all";
  if (all) only.erase(only.begin());
  auto wanted = [&](const std::string& rel) {
    return only.empty() || std::find(only.begin(), only.end(), rel) != only.end();
  };
  Totals totals;
  for (const std::string& rel : star_files(dir, "starlark-go")) {
    if (rel == "starlark-go/assert.star" || !wanted(rel)) continue;
    run_file(dir, rel, Mode::kEval, !only.empty(), totals);
  }
  std::pair<const char*, Mode> special[] = {
      {"starlark-go/starlarkstruct/struct.star", Mode::kEval},
      {"starlark-go/syntax/errors.star", Mode::kParse},
      {"starlark-go/syntax/scan.star", Mode::kScan},
      {"starlark-go/resolve/resolve.star", Mode::kResolve},
  };
  for (const auto& [rel, mode] : special) {
    if (wanted(rel)) run_file(dir, rel, mode, !only.empty(), totals);
  }
  std::vector<std::string> bazel_dirs = {"bazel-starlark/java"};
  if (all) bazel_dirs.insert(bazel_dirs.end(), {"bazel-starlark/go", "bazel-starlark/rust"});
  for (const std::string& sub : bazel_dirs) {
    for (const std::string& rel : star_files(dir, sub)) {
      if (wanted(rel)) run_file(dir, rel, Mode::kBazel, !only.empty(), totals);
    }
  }
  if (totals.skipped > 0) {
    fmt::print("{} chunks skipped:\n", totals.skipped);
    for (const Skip& s : kSkips) fmt::print("  {} chunk {}: {}\n", s.file, s.chunk, s.reason);
  }
  // Only a whole run can tell that an entry matched nothing.
  bool stale = false;
  for (size_t i = 0; i < kSkipCount && only.empty(); ++i) {
    if (totals.skip_used[i]) continue;
    fmt::print("error: skip entry {} chunk {} matches no chunk\n", kSkips[i].file, kSkips[i].chunk);
    stale = true;
  }
  fmt::print("{} passed, {} failed\n", totals.passed, totals.failed);
  return totals.gating_failure || stale ? 1 : 0;
}
