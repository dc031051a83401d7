#include "tiltfile/environ.h"

#include <cstdlib>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "tiltfile/starlark/args.h"
#include "tiltfile/starlark/dict.h"
#include "tiltfile/starlark/host_object.h"
#include "tiltfile/starlark/interpreter.h"
#include "tiltfile/starlark/ops.h"
#include "tiltfile/state.h"
#include "tiltfile/unpack.h"

extern char** environ;

namespace pitch::tiltfile {
namespace {

using starlark::CallArgs;
using starlark::Interpreter;
using starlark::Value;

using Variables = std::vector<std::pair<std::string, std::string>>;

// The environment in its own order (Go's os.Environ order, which Tilt's
// items(), keys() and repr follow).
Variables read_environment() {
  Variables vars;
  for (char** e = ::environ; e != nullptr && *e != nullptr; ++e) {
    std::string_view kv = *e;
    size_t eq = kv.find('=');
    if (eq == std::string_view::npos) continue;
    vars.emplace_back(std::string(kv.substr(0, eq)), std::string(kv.substr(eq + 1)));
  }
  return vars;
}

class Environ : public starlark::HostObject {
 public:
  explicit Environ(TiltfileState& state) : state_(state) {}

  std::string_view type_name() const override { return "environ"; }

  Value attr(Interpreter& in, std::string_view name) override {
    static constexpr std::string_view kMethods[] = {
        "clear", "get", "items", "keys", "pop", "popitem", "setdefault", "update", "values"};
    for (std::string_view m : kMethods) {
      if (m != name) continue;
      std::string method(m);
      return make_builtin(in, method, [this, method](Interpreter& i, const CallArgs& a) {
        return call_method(i, method, a);
      });
    }
    return Value();
  }
  std::vector<std::string> attr_names() const override {
    return {"clear", "get", "items", "keys", "pop", "popitem", "setdefault", "update", "values"};
  }

  void write_repr(starlark::Printer& p) const override {
    p.out += '{';
    bool first = true;
    for (const auto& [k, v] : read_all()) {
      if (!first) p.out += ", ";
      first = false;
      p.out += starlark::quote(k) + ": " + starlark::quote(v);
    }
    p.out += '}';
  }
  bool truth() const override { return !read_all().empty(); }
  bool equals(const starlark::HostObject& other, int) const override {
    return dynamic_cast<const Environ*>(&other) != nullptr;  // one environment
  }
  bool hash(Interpreter& in, uint32_t*) const override {
    in.fail("unhashable type: environ");
    return false;
  }

  int64_t length() const override { return static_cast<int64_t>(read_all().size()); }
  bool iterable() const override { return true; }
  Value iter_at(Interpreter& in, size_t i) override {
    if (i == 0) snapshot_ = read_all();
    if (i >= snapshot_.size()) return Value();
    return in.str(snapshot_[i].first);
  }

  Value index(Interpreter& in, Value key) override {
    std::optional<std::string> v = get(key);
    if (!v) return in.failf("key {} not in environ", starlark::repr(key));
    return in.str(*v);
  }
  bool set_index(Interpreter& in, Value key, Value value) override {
    std::string error = set(key, value);
    if (error.empty()) return true;
    in.fail(error);
    return false;
  }
  Value binary(Interpreter&, starlark::Tok op, Value other, bool self_on_left) override {
    if (op != starlark::Tok::kIn || self_on_left) return Value();
    return Value::boolean(get(other).has_value());
  }

 private:
  // Every read goes into the Manifest's inputs: a Tiltfile that branches
  // on a variable must be evaluated again when it changes.
  std::optional<std::string> get(Value key) const {
    std::string name;
    if (!as_string(key, &name)) return std::nullopt;
    const char* v = ::getenv(name.c_str());
    std::optional<std::string> seen = v ? std::optional<std::string>(v) : std::nullopt;
    state_.manifest.inputs.env.emplace_back(name, seen);
    return seen;
  }
  Variables read_all() const {
    Variables vars = read_environment();
    for (const auto& [k, v] : vars) state_.manifest.inputs.env.emplace_back(k, v);
    return vars;
  }
  // Tilt's SetKey; "" on success.
  static std::string set(Value key, Value value) {
    std::string k, v;
    if (!as_string(key, &k)) {
      return fmt::format("putenv() key must be a string, not {}", type_of(key));
    }
    if (!as_string(value, &v)) {
      return fmt::format("putenv() value must be a string, not {}", type_of(value));
    }
    ::setenv(k.c_str(), v.c_str(), 1);
    return "";
  }
  std::optional<std::string> remove(Value key) const {
    std::optional<std::string> v = get(key);
    std::string name;
    if (v && as_string(key, &name)) ::unsetenv(name.c_str());
    return v;
  }

  Value pairs(Interpreter& in, bool keys, bool values) const {
    std::vector<Value> out;
    for (const auto& [k, v] : read_all()) {
      if (keys && values) {
        out.push_back(in.heap().tuple({in.str(k), in.str(v)}));
      } else {
        out.push_back(in.str(keys ? k : v));
      }
    }
    return in.heap().list(std::move(out));
  }

  Value call_method(Interpreter& in, const std::string& name, const CallArgs& args) {
    if (name == "update") return update(in, args);
    Value key, fallback;
    const size_t min = name == "get" || name == "pop" || name == "setdefault" ? 1 : 0;
    std::initializer_list<Value*> none = {};
    std::initializer_list<Value*> two = {&key, &fallback};
    if (!starlark::unpack_positional(in, name, args, min, min == 0 ? none : two)) return Value();
    if (name == "get") {
      std::optional<std::string> v = get(key);
      if (v) return in.str(*v);
      return fallback.ok() ? fallback : Value::none();
    }
    if (name == "pop") {
      std::optional<std::string> v = remove(key);
      if (v) return in.str(*v);
      if (fallback.ok()) return fallback;
      return in.fail("pop: missing key");
    }
    if (name == "setdefault") {
      if (std::optional<std::string> v = get(key)) return in.str(*v);
      if (!fallback.ok()) fallback = Value::none();
      if (std::string error = set(key, fallback); !error.empty()) {
        return in.failf("setdefault: {}", error);
      }
      return fallback;
    }
    if (name == "popitem") {
      Variables vars = read_all();
      if (vars.empty()) return in.fail("popitem: empty environ");
      ::unsetenv(vars.front().first.c_str());
      return in.heap().tuple({in.str(vars.front().first), in.str(vars.front().second)});
    }
    if (name == "clear") {
      ::clearenv();
      return Value::none();
    }
    return pairs(in, name != "values", name != "keys");  // items, keys, values
  }

  // dict.update's rules, as Tilt's updateEnviron has them.
  Value update(Interpreter& in, const CallArgs& args) {
    if (args.positional.size() > 1) {
      return in.failf("update: got {} arguments, want at most 1", args.positional.size());
    }
    auto set_or_fail = [&](Value k, Value v) {
      std::string error = set(k, v);
      if (!error.empty()) in.failf("update: {}", error);
      return error.empty();
    };
    if (args.positional.size() == 1) {
      Value updates = args.positional[0];
      if (updates.type() == starlark::Type::kDict || dynamic_cast_environ(updates)) {
        std::vector<Value> keys;
        if (!starlark::iterate(in, updates, keys)) return Value();
        for (Value k : keys) {
          Value v = starlark::index(in, updates, k);
          if (!v.ok() || !set_or_fail(k, v)) return Value();
        }
      } else {
        std::vector<Value> items;
        if (!starlark::iterate(in, updates, items)) {
          in.clear_error();
          return in.failf("update: got {}, want iterable", type_of(updates));
        }
        for (size_t i = 0; i < items.size(); ++i) {
          std::vector<Value> pair;
          if (!starlark::iterate(in, items[i], pair)) {
            in.clear_error();
            return in.failf("update: dictionary update sequence element #{} is not iterable ({})",
                            i, type_of(items[i]));
          }
          if (pair.size() != 2) {
            return in.failf("update: dictionary update sequence element #{} has length {}, want 2",
                            i, pair.size());
          }
          if (!set_or_fail(pair[0], pair[1])) return Value();
        }
      }
    }
    for (const auto& [k, v] : args.named) {
      if (!set_or_fail(k, v)) return Value();
    }
    return Value::none();
  }

  static bool dynamic_cast_environ(Value v) {
    return starlark::is_host(v) && dynamic_cast<Environ*>(starlark::as_host(v)) != nullptr;
  }

  TiltfileState& state_;
  // The names an iteration walks, taken when it starts.
  Variables snapshot_;
};

}  // namespace

Value make_environ(Interpreter& in, TiltfileState& state) {
  return Value(in.heap().make<Environ>(state));
}

}  // namespace pitch::tiltfile
