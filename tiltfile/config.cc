#include "tiltfile/config.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "tiltfile/api.h"
#include "tiltfile/encoding.h"
#include "tiltfile/starlark/ops.h"
#include "tiltfile/starlark/struct.h"
#include "tiltfile/unpack.h"

namespace pitch::tiltfile {
namespace {

using starlark::CallArgs;
using starlark::Interpreter;
using starlark::Value;
using Kind = ConfigSetting::Kind;

const char* type_name(Kind k) {
  switch (k) {
    case Kind::kString:
      return "string";
    case Kind::kStringList:
      return "list[string]";
    case Kind::kBool:
      return "bool";
    case Kind::kObject:
      return "object";
  }
  return "?";
}

// One setting's value while parsing.
struct Setting {
  const ConfigSetting* def = nullptr;
  bool set = false;
  std::string str;
  std::vector<std::string> list;
  bool flag = false;
  Value object;
};

// pflag's FlagUsagesWrapped for our flags (sorted, positional left out).
// pflag decides whether to print "(default ...)" from the flag's current
// value, so a flag already set shows its (empty) default.
std::string usage(const ConfigState& c, const std::map<std::string, Setting>& values) {
  std::vector<const ConfigSetting*> flags;
  for (const ConfigSetting& s : c.settings) {
    if (s.name != c.positional) flags.push_back(&s);
  }
  std::sort(flags.begin(), flags.end(),
            [](const ConfigSetting* a, const ConfigSetting* b) { return a->name < b->name; });
  std::vector<std::pair<std::string, std::string>> lines;
  size_t maxlen = 0;
  for (const ConfigSetting* s : flags) {
    std::string left = "      --" + s->name;
    if (s->kind != Kind::kBool) left += std::string(" ") + type_name(s->kind);
    maxlen = std::max(maxlen, left.size() + 1);
    std::string right = s->usage;
    const Setting& v = values.at(s->name);
    std::string current;
    switch (s->kind) {
      case Kind::kString:
        current = v.str;
        break;
      case Kind::kStringList:
        for (const std::string& e : v.list) current += (current.empty() ? "" : ",") + e;
        break;
      case Kind::kBool:
        current = v.flag ? "true" : "false";
        break;
      case Kind::kObject:
        current = v.set ? starlark::str(v.object) : "None";
        break;
    }
    if (current != "false" && current != "<nil>" && !current.empty() && current != "0") {
      switch (s->kind) {
        case Kind::kString:
          right += " (default \"\")";
          break;
        case Kind::kStringList:
          right += " (default )";
          break;
        case Kind::kBool:
          right += " (default false)";
          break;
        case Kind::kObject:
          right += " (default None)";
          break;
      }
    }
    lines.emplace_back(left, right);
  }
  std::string out;
  for (const auto& [left, right] : lines)
    out += left + " " + std::string(maxlen - left.size(), ' ') + " " + right + "\n";
  return out;
}

bool parse_bool(const std::string& v, bool* out) {
  static const char* kTrue[] = {"1", "t", "T", "TRUE", "true", "True"};
  static const char* kFalse[] = {"0", "f", "F", "FALSE", "false", "False"};
  for (const char* t : kTrue) {
    if (v == t) return *out = true, true;
  }
  for (const char* f : kFalse) {
    if (v == f) return *out = false, true;
  }
  return false;
}

// flag.Value.Set for each kind; false with *error set.
bool set_value(Interpreter& in, Setting& s, const std::string& v, std::string* error) {
  switch (s.def->kind) {
    case Kind::kString:
      if (s.set) {
        *error = fmt::format(
            "string settings can only be specified once. multiple values found (last value: {})",
            v);
        return false;
      }
      s.str = v;
      break;
    case Kind::kStringList:
      s.list.push_back(v);
      break;
    case Kind::kBool: {
      if (s.set) {
        *error = fmt::format(
            "bool settings can only be specified once. multiple values found (last value: {})", v);
        return false;
      }
      if (!parse_bool(v, &s.flag)) {
        *error = fmt::format("strconv.ParseBool: parsing {}: invalid syntax", starlark::quote(v));
        return false;
      }
      break;
    }
    case Kind::kObject: {
      if (s.set) {
        *error = fmt::format(
            "object settings can only be specified once. multiple values found (last value: {})",
            starlark::str(s.object));
        return false;
      }
      std::string json_error;
      if (!json_to_starlark(in, v, &s.object, &json_error)) {
        *error = fmt::format("decoding JSON, got {}: {}", starlark::quote(v), json_error);
        return false;
      }
      break;
    }
  }
  s.set = true;
  return true;
}

// pflag parsing of the Tiltfile arguments into `values`.
bool parse_args(Interpreter& in, const ConfigState& c, const std::vector<std::string>& args,
                std::map<std::string, Setting>& values, std::string* error) {
  std::vector<std::string> positional;
  auto fail = [&](const std::string& why) {
    std::string u = usage(c, values);
    *error = why + (u.empty() ? "" : "\nUsage:\n" + u);
    if (!error->empty() && error->back() == '\n') error->pop_back();
    return false;
  };
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--") {
      positional.insert(positional.end(), args.begin() + static_cast<long>(i) + 1, args.end());
      break;
    }
    if (a.size() < 2 || a[0] != '-') {
      positional.push_back(a);
      continue;
    }
    if (a[1] != '-') {
      return fail(fmt::format("unknown shorthand flag: '{}' in {}", a[1], a));
    }
    std::string name = a.substr(2), value;
    bool has_value = false;
    if (size_t eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      has_value = true;
    }
    auto it = values.find(name);
    if (it == values.end() || name == c.positional) {
      if (name == "help") return fail("pflag: help requested");
      return fail("unknown flag: --" + name);
    }
    if (!has_value) {
      if (it->second.def->kind == Kind::kBool) {
        value = "true";
      } else if (i + 1 < args.size()) {
        value = args[++i];
      } else {
        return fail("flag needs an argument: --" + name);
      }
    }
    std::string set_error;
    if (!set_value(in, it->second, value, &set_error)) {
      return fail(fmt::format("invalid argument {} for {} flag: {}", starlark::quote(value),
                              starlark::quote("--" + name), set_error));
    }
  }
  if (positional.empty()) return true;
  if (c.positional.empty()) {
    std::string joined;
    for (const std::string& p : positional) joined += (joined.empty() ? "" : " ") + p;
    *error = fmt::format(
        "positional CLI args ({}) were specified, but none were expected.\n"
        "See https://docs.tilt.dev/tiltfile_config.html#positional-arguments for examples.",
        starlark::quote(joined));
    return false;
  }
  for (const std::string& p : positional) {
    std::string set_error;
    if (!set_value(in, values[c.positional], p, &set_error)) {
      *error = fmt::format("invalid positional args ({}): {}", c.positional, set_error);
      return false;
    }
  }
  return true;
}

const char* json_go_type(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::string:
      return "string";
    case nlohmann::json::value_t::boolean:
      return "bool";
    case nlohmann::json::value_t::array:
      return "[]interface {}";
    case nlohmann::json::value_t::object:
      return "map[string]interface {}";
    case nlohmann::json::value_t::null:
      return "<nil>";
    default:
      return "float64";
  }
}

// tilt_config.json: settings by name, each checked against its kind.
bool read_config_file(Interpreter& in, const std::string& path,
                      std::map<std::string, Setting>& values, std::string* error) {
  std::ifstream f(path);
  if (!f) return true;
  std::stringstream ss;
  ss << f.rdbuf();
  nlohmann::json doc = nlohmann::json::parse(ss.str(), nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    *error = fmt::format("error parsing json from {}: not a JSON object", path);
    return false;
  }
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    auto v = values.find(it.key());
    if (v == values.end()) {
      *error = fmt::format("{} specified unknown setting name '{}'", path, it.key());
      return false;
    }
    Setting& s = v->second;
    const nlohmann::json& j = it.value();
    if (j.is_null()) continue;
    std::string bad;
    switch (s.def->kind) {
      case Kind::kString:
        if (!j.is_string())
          bad = fmt::format("expected string, found {}", json_go_type(j));
        else
          s.str = j.get<std::string>();
        break;
      case Kind::kBool:
        if (!j.is_boolean())
          bad = fmt::format("expected bool, found {}", json_go_type(j));
        else
          s.flag = j.get<bool>();
        break;
      case Kind::kStringList:
        if (!j.is_array()) {
          bad = "expected array";
          break;
        }
        for (const nlohmann::json& e : j) {
          if (!e.is_string()) {
            bad = fmt::format("expected string, got {}", json_go_type(e));
            break;
          }
          s.list.push_back(e.get<std::string>());
        }
        break;
      case Kind::kObject: {
        std::string json_error;
        json_to_starlark(in, j.dump(), &s.object, &json_error);
        break;
      }
    }
    if (!bad.empty()) {
      *error = fmt::format("{} specified invalid value for setting {}: {}", path, it.key(), bad);
      return false;
    }
    s.set = true;
  }
  return true;
}

Value parse(Interpreter& in, const CallArgs& args, TiltfileState& state) {
  if (!unpack(in, "config.parse", args, {})) return Value();
  ConfigState& c = *state.config;
  const std::string wd = state.exec_dir();
  if (!c.parse_dir.empty() && c.parse_dir != wd) {
    return in.failf(
        "config.parse can only be called from one Tiltfile working directory per run. It was "
        "called from {} and {}",
        c.parse_dir, wd);
  }
  c.parse_dir = wd;
  c.parse_called = true;
  const std::string path = abs_path(wd, "tilt_config.json");
  state.record_file(path);
  state.manifest.inputs.config_args = state.args;
  std::map<std::string, Setting> from_file, from_args;
  for (const ConfigSetting& s : c.settings) {
    from_file[s.name].def = &s;
    from_args[s.name].def = &s;
  }
  std::string error;
  if (!read_config_file(in, path, from_file, &error)) return in.fail(error);
  if (!parse_args(in, c, state.args, from_args, &error))
    return in.failf("invalid Tiltfile config args: {}", error);
  auto* d = in.heap().make<starlark::Dict>();
  for (const ConfigSetting& def : c.settings) {
    const Setting& s = from_args[def.name].set ? from_args[def.name] : from_file[def.name];
    if (!s.set) continue;
    Value v;
    switch (def.kind) {
      case Kind::kString:
        v = in.str(s.str);
        break;
      case Kind::kBool:
        v = Value::boolean(s.flag);
        break;
      case Kind::kStringList: {
        std::vector<Value> elems;
        for (const std::string& e : s.list) elems.push_back(in.str(e));
        v = in.heap().list(std::move(elems));
        break;
      }
      case Kind::kObject:
        v = s.object;
        break;
    }
    starlark::dict_insert(in, *d, in.str(def.name), v);
  }
  return Value(d);
}

Value define(Interpreter& in, const CallArgs& args, TiltfileState& state, Kind kind,
             const std::string& fn) {
  std::string name, usage_text;
  bool is_args = false;
  if (!unpack(in, fn, args,
              {{"name", to_string(&name)},
               {"args?", to_bool(&is_args)},
               {"usage?", to_string(&usage_text)}})) {
    return Value();
  }
  if (name.empty()) return in.fail("'name' is required");
  ConfigState& c = *state.config;
  if (c.parse_called) return in.failf("{} cannot be called after config.parse is called", fn);
  for (const ConfigSetting& s : c.settings) {
    if (s.name == name) return in.failf("{} defined multiple times", name);
  }
  if (is_args) {
    if (!c.positional.empty())
      return in.failf("both {} and {} are defined as positional args", name, c.positional);
    c.positional = name;
  }
  c.settings.push_back(ConfigSetting{name, kind, usage_text});
  return Value::none();
}

Value set_enabled_resources(Interpreter& in, const CallArgs& args, TiltfileState& state) {
  Value seq;
  if (!unpack(in, "config.set_enabled_resources", args, {{"resources", to_sequence(&seq)}}))
    return Value();
  std::vector<std::string> names;
  std::string error;
  if (!sequence_to_strings(in, seq, &names, &error))
    return in.failf("resources must be a list of string: {}", error);
  EnabledResources& e = state.manifest.enabled;
  e.mode = names.empty() ? EnabledResources::Mode::kAll : EnabledResources::Mode::kListed;
  e.names = std::move(names);
  e.pos = in.call_start();
  return Value::none();
}

Value clear_enabled_resources(Interpreter& in, const CallArgs& args, TiltfileState& state) {
  if (!unpack(in, "config.clear_enabled_resources", args, {})) return Value();
  EnabledResources& e = state.manifest.enabled;
  e.mode = EnabledResources::Mode::kNone;
  e.names.clear();
  e.pos = in.call_start();
  return Value::none();
}

}  // namespace

void resolve_enabled(TiltfileState& state) {
  EnabledResources& e = state.manifest.enabled;
  bool explicitly_set = e.pos.known();
  if (explicitly_set && e.mode != EnabledResources::Mode::kAll) return;
  if (state.config->parse_called || state.args.empty()) return;
  e.mode = EnabledResources::Mode::kListed;
  e.names = state.args;
  e.pos = SourcePos{state.manifest.tiltfile_path, 0, 0};
  state.manifest.inputs.config_args = state.args;
}

void add_config_api(Interpreter& in, TiltfileState& state, Predeclared& names) {
  state.config = std::make_shared<ConfigState>();
  TiltfileState* s = &state;
  auto bind = [&](const char* name, Value (*fn)(Interpreter&, const CallArgs&, TiltfileState&)) {
    return make_builtin(in, std::string("config.") + name,
                        [s, fn](Interpreter& i, const CallArgs& a) { return fn(i, a, *s); });
  };
  auto definer = [&](const char* name, Kind kind) {
    std::string fn = std::string("config.") + name;
    return make_builtin(in, fn, [s, kind, fn](Interpreter& i, const CallArgs& a) {
      return define(i, a, *s, kind, fn);
    });
  };
  const std::string& main_path = state.manifest.tiltfile_path;
  starlark::Struct::Fields members = {
      {"set_enabled_resources", bind("set_enabled_resources", set_enabled_resources)},
      {"clear_enabled_resources", bind("clear_enabled_resources", clear_enabled_resources)},
      {"parse", bind("parse", parse)},
      {"define_string_list", definer("define_string_list", Kind::kStringList)},
      {"define_string", definer("define_string", Kind::kString)},
      {"define_bool", definer("define_bool", Kind::kBool)},
      {"define_object", definer("define_object", Kind::kObject)},
      {"tilt_subcommand", in.str(state.subcommand)},
      {"main_path", in.str(main_path)},
      {"main_dir", in.str(dir_name(main_path))},
  };
  names["config"] = Value(in.heap().make<starlark::HostModule>("config", std::move(members)));
}

}  // namespace pitch::tiltfile
