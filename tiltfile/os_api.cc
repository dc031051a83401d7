// os, os.path, sys and shlex (Tilt v0.32.4, internal/tiltfile/os, sys,
// shlex). Paths resolve against the directory of the executing file.
// os.environ is a live view of the environment (tiltfile/environ.h).
#include <fmt/format.h>
#include <stdlib.h>
#include <unistd.h>

#include <climits>
#include <filesystem>

#include "tiltfile/api.h"
#include "tiltfile/environ.h"
#include "tiltfile/starlark/ops.h"
#include "tiltfile/starlark/struct.h"
#include "tiltfile/unpack.h"

namespace pitch::tiltfile {
namespace {

using starlark::CallArgs;
using starlark::Interpreter;
using starlark::Struct;
using starlark::Value;
namespace fs = std::filesystem;

// Go's filepath.Clean.
std::string clean(const std::string& p) {
  if (p.empty()) return ".";
  std::string out = fs::path(p).lexically_normal().string();
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return out.empty() ? "." : out;
}

// Go's filepath.Rel for two absolute or two relative paths.
bool rel(const std::string& base, const std::string& target, std::string* out) {
  std::string b = clean(base), t = clean(target);
  if ((b[0] == '/') != (t[0] == '/')) return false;
  std::string r = fs::path(t).lexically_relative(b).string();
  *out = r.empty() ? "." : r;
  return true;
}

using PathFn = Value (*)(Interpreter&, TiltfileState&, const std::string&);

Value path_builtin(Interpreter& in, TiltfileState& state, const char* name, PathFn fn) {
  TiltfileState* s = &state;
  std::string full = std::string("os.path.") + name;
  return make_builtin(in, full, [s, fn, full](Interpreter& i, const CallArgs& a) {
    std::string path;
    if (!unpack(i, full, a, {{"path", to_string(&path)}})) return Value();
    return fn(i, *s, path);
  });
}

Value abspath(Interpreter& in, TiltfileState& s, const std::string& p) {
  return in.str(abs_path(s.exec_dir(), p));
}
Value basename(Interpreter& in, TiltfileState&, const std::string& p) {
  std::string c = p;
  while (c.size() > 1 && c.back() == '/') c.pop_back();
  if (c.empty()) return in.str(".");
  if (c == "/") return in.str("/");
  return in.str(c.substr(c.rfind('/') + 1));
}
Value dirname(Interpreter& in, TiltfileState&, const std::string& p) {
  size_t slash = p.rfind('/');
  if (slash == std::string::npos) return in.str(".");
  return in.str(clean(p.substr(0, slash + 1)));
}
Value exists(Interpreter&, TiltfileState& s, const std::string& p) {
  std::string abs = abs_path(s.exec_dir(), p);
  s.record_file(abs);
  std::error_code ec;
  return Value::boolean(fs::exists(abs, ec));
}
Value realpath(Interpreter& in, TiltfileState& s, const std::string& p) {
  std::string abs = abs_path(s.exec_dir(), p);
  char buf[PATH_MAX];
  if (::realpath(abs.c_str(), buf) == nullptr)
    return in.failf("lstat {}: no such file or directory", abs);
  return in.str(buf);
}

Value join(Interpreter& in, const CallArgs& args) {
  std::string out;
  for (size_t i = 0; i < args.positional.size(); ++i) {
    std::string s;
    if (!as_string(args.positional[i], &s)) {
      return in.failf("os.path.join() only accepts strings. Argument #{}: {}", i,
                      starlark::repr(args.positional[i]));
    }
    if (s.empty()) continue;
    out += out.empty() ? s : "/" + s;
  }
  return in.str(out.empty() ? "" : clean(out));
}

Value relpath(Interpreter& in, const CallArgs& args, TiltfileState& state) {
  std::string target, base = state.exec_dir();
  if (!unpack(in, "os.path.relpath", args,
              {{"targpath", to_string(&target)}, {"basepath?", to_string(&base)}})) {
    return Value();
  }
  std::string out;
  if (!rel(base, target, &out)) return in.failf("Rel: can't make {} relative to {}", target, base);
  return in.str(out);
}

Value getenv(Interpreter& in, const CallArgs& args, TiltfileState& state) {
  std::string key;
  Value def = Value::none();
  if (!unpack(in, "os.getenv", args, {{"key", to_stringable(&key)}, {"default?", store(&def)}}))
    return Value();
  const char* v = ::getenv(key.c_str());
  state.manifest.inputs.env.emplace_back(key, v ? std::optional<std::string>(v) : std::nullopt);
  return v ? in.str(v) : def;
}

Value putenv(Interpreter& in, const CallArgs& args) {
  std::string key, value;
  if (!unpack(in, "os.putenv", args,
              {{"key", to_stringable(&key)}, {"value", to_stringable(&value)}}))
    return Value();
  ::setenv(key.c_str(), value.c_str(), 1);
  return Value::none();
}

Value unsetenv(Interpreter& in, const CallArgs& args) {
  std::string key;
  if (!unpack(in, "os.unsetenv", args, {{"key", to_stringable(&key)}})) return Value();
  ::unsetenv(key.c_str());
  return Value::none();
}

Value getcwd(Interpreter& in, const CallArgs& args, TiltfileState& state) {
  if (!unpack(in, "os.getcwd", args, {})) return Value();
  return in.str(state.exec_dir());
}

// shellescape.Quote: safe strings as they are, others in single quotes.
std::string shell_quote(const std::string& s) {
  if (s.empty()) return "''";
  bool safe = true;
  for (char c : s) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) ||
          std::string_view("@%+=:,./-_").find(c) != std::string_view::npos)) {
      safe = false;
    }
  }
  if (safe) return s;
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\"'\"'") : std::string(1, c);
  return out + "'";
}

Value quote(Interpreter& in, const CallArgs& args) {
  std::string s;
  if (!unpack(in, "shlex.quote", args, {{"name", to_string(&s)}})) return Value();
  return in.str(shell_quote(s));
}

}  // namespace

void add_os_api(Interpreter& in, TiltfileState& state, Predeclared& names) {
  TiltfileState* s = &state;
  Struct::Fields path = {
      {"abspath", path_builtin(in, state, "abspath", abspath)},
      {"basename", path_builtin(in, state, "basename", basename)},
      {"dirname", path_builtin(in, state, "dirname", dirname)},
      {"exists", path_builtin(in, state, "exists", exists)},
      {"realpath", path_builtin(in, state, "realpath", realpath)},
      {"join", make_builtin(in, "os.path.join", join)},
      {"relpath",
       make_builtin(in, "os.path.relpath",
                    [s](Interpreter& i, const CallArgs& a) { return relpath(i, a, *s); })},
  };
  Struct::Fields os = {
      {"path", Value(in.heap().make<starlark::HostModule>("os.path", std::move(path)))},
      {"environ", make_environ(in, state)},
      {"getenv", make_builtin(in, "os.getenv",
                              [s](Interpreter& i, const CallArgs& a) { return getenv(i, a, *s); })},
      {"putenv", make_builtin(in, "os.putenv", putenv)},
      {"unsetenv", make_builtin(in, "os.unsetenv", unsetenv)},
      {"getcwd", make_builtin(in, "os.getcwd",
                              [s](Interpreter& i, const CallArgs& a) { return getcwd(i, a, *s); })},
      {"name", in.str("posix")},
  };
  names["os"] = Value(in.heap().make<starlark::HostModule>("os", std::move(os)));
  std::vector<Value> argv;
  for (const std::string& a : state.argv) argv.push_back(in.str(a));
  Value argv_list = in.heap().list(std::move(argv));
  starlark::freeze(argv_list);
  char exe[PATH_MAX];
  ssize_t n = ::readlink("/proc/self/exe", exe, sizeof(exe) - 1);
  std::string executable = n > 0 ? std::string(exe, static_cast<size_t>(n)) : "";
  names["sys"] = Value(in.heap().make<starlark::HostModule>(
      "sys", Struct::Fields{{"argv", argv_list}, {"executable", in.str(executable)}}));
  names["shlex"] = Value(in.heap().make<starlark::HostModule>(
      "shlex", Struct::Fields{{"quote", make_builtin(in, "shlex.quote", quote)}}));
}

}  // namespace pitch::tiltfile
