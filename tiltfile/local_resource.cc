#include "tiltfile/local_resource.h"

#include <fmt/format.h>

#include <algorithm>
#include <regex>

#include "tiltfile/starlark/args.h"
#include "tiltfile/starlark/ops.h"

namespace pitch::tiltfile {
namespace {

using starlark::CallArgs;
using starlark::Interpreter;
using starlark::Type;
using starlark::Value;

// Go's %T of the corresponding starlark-go value, which Tilt's messages
// print.
std::string go_type(Value v) {
  switch (v.type()) {
    case Type::kNone:
      return "starlark.NoneType";
    case Type::kBool:
      return "starlark.Bool";
    case Type::kInt:
      return "starlark.Int";
    case Type::kFloat:
      return "starlark.Float";
    case Type::kString:
      return "starlark.String";
    case Type::kBytes:
      return "starlark.Bytes";
    case Type::kList:
      return "*starlark.List";
    case Type::kTuple:
      return "starlark.Tuple";
    case Type::kDict:
      return "*starlark.Dict";
    case Type::kRange:
      return "starlark.rangeValue";
    case Type::kFunction:
      return "*starlark.Function";
    case Type::kBuiltin:
      return "*starlark.Builtin";
    default:
      return fmt::format("*starlark.{}", starlark::type_name(v));
  }
}

// Go's %v of a Starlark value is its String(): the repr.
std::string go_value(Value v) { return starlark::repr(v); }

const std::string& S(Value v) { return v.as<starlark::String>()->str(); }

// Error texts carry the parameter name quoted when it was passed by
// keyword, as in the starlark-go Tilt pins.
struct ParamNamer {
  size_t positional;
  std::string operator()(size_t index, std::string_view name) const {
    return index < positional ? std::string(name) : fmt::format("\"{}\"", name);
  }
};

bool fail_param(Interpreter& in, const std::string& param, const std::string& msg) {
  in.failf("local_resource: for parameter {}: {}", param, msg);
  return false;
}

// value.Name: a string that is a valid path segment.
bool to_name(Interpreter& in, const std::string& param, Value v, std::string* out) {
  if (!v.is_string()) {
    return fail_param(in, param,
                      fmt::format("Value should be convertible to string, but is type {}",
                                  starlark::type_name(v)));
  }
  const std::string& s = S(v);
  std::string problem;
  if (s == ".") {
    problem = "may not be '.'";
  } else if (s == "..") {
    problem = "may not be '..'";
  } else if (s.find('/') != std::string::npos) {
    problem = "may not contain '/'";
  } else if (s.find('%') != std::string::npos) {
    problem = "may not contain '%'";
  }
  if (!problem.empty())
    return fail_param(in, param, fmt::format("invalid value {}: {}", starlark::quote(s), problem));
  *out = s;
  return true;
}

// value.LocalPathList: a string or a list/tuple of strings.
bool to_paths(Interpreter& in, const std::string& param, Value v, const std::string& dir,
              std::vector<std::string>* out) {
  if (!v.ok() || v.is_none()) return true;
  if (v.is_string()) {
    out->push_back(abs_path(dir, S(v)));
    return true;
  }
  if (v.type() != Type::kList && v.type() != Type::kTuple) {
    return fail_param(
        in, param,
        fmt::format("value should be a string or List or Tuple of strings, but is of type {}",
                    starlark::type_name(v)));
  }
  std::vector<Value> elems;
  starlark::iterate(in, v, elems);
  for (size_t i = 0; i < elems.size(); ++i) {
    if (!elems[i].is_string()) {
      return fail_param(
          in, param,
          fmt::format("unpacking list item at index {}: expected path | string. Actual type: {}", i,
                      go_type(elems[i])));
    }
    out->push_back(abs_path(dir, S(elems[i])));
  }
  return true;
}

bool is_sequence(Value v) {
  Type t = v.type();
  return t == Type::kList || t == Type::kTuple || t == Type::kDict || t == Type::kRange;
}

const char* kQualifiedNameMsg =
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
    "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

// Kubernetes' IsQualifiedName + IsValidLabelValue, as Tilt applies them.
std::vector<std::string> label_problems(const std::string& s) {
  static const std::regex kName("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  static const std::regex kDns("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  std::vector<std::string> errs;
  std::string name = s;
  size_t slash = s.find('/');
  if (slash != std::string::npos) {
    if (s.find('/', slash + 1) != std::string::npos) {
      errs.push_back(
          fmt::format("a qualified name {} with an optional DNS subdomain prefix and '/' (e.g. "
                      "'example.com/MyName')",
                      kQualifiedNameMsg));
      return errs;
    }
    std::string prefix = s.substr(0, slash);
    name = s.substr(slash + 1);
    if (prefix.empty()) {
      errs.push_back("prefix part must be non-empty");
    } else if (!std::regex_match(prefix, kDns)) {
      errs.push_back(
          "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
          "characters, '-' or '.', and must start and end with an alphanumeric character (e.g. "
          "'example.com', regex used for validation is "
          "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
    }
  }
  if (name.empty()) {
    errs.push_back("name part must be non-empty");
  } else if (name.size() > 63) {
    errs.push_back("name part must be no more than 63 characters");
  }
  if (!std::regex_match(name, kName))
    errs.push_back(fmt::format("name part {}", kQualifiedNameMsg));
  if (!errs.empty()) return errs;
  if (s.size() > 63) errs.push_back("must be no more than 63 characters");
  if (!std::regex_match(s, std::regex("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?"))) {
    errs.push_back(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
        "'.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "
        "'my_value',  or '12345', regex used for validation is "
        "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
  }
  return errs;
}

bool to_label(Interpreter& in, const std::string& param, Value v, std::vector<std::string>* out) {
  if (!v.is_string()) {
    return fail_param(in, param,
                      fmt::format("Value should be convertible to string, but is type {}",
                                  starlark::type_name(v)));
  }
  const std::string& s = S(v);
  std::vector<std::string> errs = label_problems(s);
  if (!errs.empty())
    return fail_param(
        in, param, fmt::format("Invalid label {}: {}", starlark::quote(s), fmt::join(errs, ", ")));
  if (s.find('/') != std::string::npos)
    return fail_param(in, param,
                      fmt::format("Invalid label {}: cannot contain /", starlark::quote(s)));
  out->push_back(s);
  return true;
}

// value.LabelSet: a label or a list/tuple of labels. Tilt keeps them in a
// map, so they come out sorted and unique.
bool to_labels(Interpreter& in, const std::string& param, Value v, std::vector<std::string>* out) {
  if (!v.ok() || v.is_none()) return true;
  if (v.is_string()) return to_label(in, param, v, out);
  if (v.type() != Type::kList && v.type() != Type::kTuple) {
    return fail_param(
        in, param,
        fmt::format("value should be a label or List or Tuple of labels, but is of type {}",
                    starlark::type_name(v)));
  }
  std::vector<Value> elems;
  starlark::iterate(in, v, elems);
  for (Value e : elems) {
    if (!to_label(in, param, e, out)) return false;
  }
  std::sort(out->begin(), out->end());
  out->erase(std::unique(out->begin(), out->end()), out->end());
  return true;
}

// value.StringStringMap.
bool to_env(Interpreter& in, const std::string& param, Value v,
            std::vector<std::pair<std::string, std::string>>* out) {
  if (!v.ok() || v.is_none()) return true;
  if (v.type() != Type::kDict)
    return fail_param(in, param, fmt::format("expected dict, got {}", go_type(v)));
  for (const starlark::Dict::Entry& e : v.as<starlark::Dict>()->entries()) {
    if (!e.key.ok()) continue;
    if (!e.key.is_string())
      return fail_param(
          in, param, fmt::format("key is not a string: {} ({})", go_type(e.key), go_value(e.key)));
    if (!e.value.is_string())
      return fail_param(
          in, param,
          fmt::format("value is not a string: {} ({})", go_type(e.value), go_value(e.value)));
    out->emplace_back(S(e.key), S(e.value));
  }
  return true;
}

// value.ValueToHostCmd: a string runs under sh -c, a sequence of strings
// is an argv; an empty string or list is no command.
bool to_command(Interpreter& in, Value v, Command* out) {
  if (!v.ok()) return true;
  if (v.is_string()) {
    if (!S(v).empty()) *out = Command::from_shell(S(v));
    return true;
  }
  if (is_sequence(v)) {
    std::vector<Value> elems;
    starlark::iterate(in, v, elems);
    std::vector<std::string> argv;
    for (Value e : elems) {
      if (!e.is_string()) {
        in.failf("a command must be a string or a list of strings: '{}' is a {}, not a string",
                 go_value(e), go_type(e));
        return false;
      }
      argv.push_back(S(e));
    }
    if (!argv.empty()) *out = Command::from_argv(std::move(argv));
    return true;
  }
  in.failf("a command must be a string or list of strings. found {}", go_type(v));
  return false;
}

}  // namespace

Value local_resource(Interpreter& in, const CallArgs& args, TiltfileState& state) {
  if (args.positional.size() > 3) {
    // Tilt's fourth positional parameter onwards (trigger_mode, ...) are
    // not supported yet; refuse rather than bind them to the wrong names.
    return in.failf("local_resource: got {} arguments, want at most 3", args.positional.size());
  }
  Value name, cmd, deps, resource_deps, serve_cmd, allow_parallel, labels, env, dir;
  if (!starlark::unpack_args(in, "local_resource", args,
                             {{"name", &name},
                              {"cmd?", &cmd},
                              {"deps?", &deps},
                              {"resource_deps?", &resource_deps},
                              {"serve_cmd?", &serve_cmd},
                              {"allow_parallel?", &allow_parallel},
                              {"labels?", &labels},
                              {"env?", &env},
                              {"dir?", &dir}})) {
    return Value();
  }
  ParamNamer param{args.positional.size()};
  LocalResource r;
  std::string exec_dir = state.exec_dir();
  // Argument unpacking errors come first, in Tilt's parameter order.
  if (!to_name(in, param(0, "name"), name, &r.name)) return Value();
  if (!to_paths(in, param(2, "deps"), deps, exec_dir, &r.deps)) return Value();
  if (resource_deps.ok() && !is_sequence(resource_deps)) {
    return in.failf(
        "local_resource: for parameter \"resource_deps\": got {}, want starlark.Sequence",
        starlark::type_name(resource_deps));
  }
  if (allow_parallel.ok()) {
    if (allow_parallel.type() != Type::kBool) {
      return in.failf("local_resource: for parameter \"allow_parallel\": got {}, want bool",
                      starlark::type_name(allow_parallel));
    }
    r.allow_parallel = allow_parallel.as_bool();
  }
  if (!to_labels(in, "\"labels\"", labels, &r.labels)) return Value();
  if (!to_env(in, "\"env\"", env, &r.env)) return Value();
  if (resource_deps.ok()) {
    std::vector<Value> elems;
    starlark::iterate(in, resource_deps, elems);
    for (Value e : elems) {
      if (!e.is_string()) {
        return in.failf("local_resource: resource_deps: '{}' is a {}, not a string", go_value(e),
                        go_type(e));
      }
      r.resource_deps.push_back(ResourceDepRef{S(e), in.call_start()});
    }
  }
  r.dir = exec_dir;
  r.serve_dir = exec_dir;
  if (dir.ok() && !dir.is_none()) {
    if (!dir.is_string()) {
      return in.failf(
          "a command directory must be empty or a string: expected path | string. Actual type: {}",
          go_type(dir));
    }
    r.dir = abs_path(exec_dir, S(dir));
  }
  for (const auto& [k, v] : r.env) {
    if (k.empty()) return in.failf("environment has empty key for value {}", starlark::quote(v));
  }
  if (!to_command(in, cmd, &r.cmd) || !to_command(in, serve_cmd, &r.serve_cmd)) return Value();
  if (r.cmd.empty() && r.serve_cmd.empty()) {
    return in.fail("local_resource must have a cmd and/or a serve_cmd, but both were empty");
  }
  r.pos = in.call_start();
  r.call_stack = in.call_stack();
  state.manifest.local_resources.push_back(std::move(r));
  return Value::none();
}

}  // namespace pitch::tiltfile
