#include "tiltfile/local_resource.h"

#include <fmt/format.h>

#include "tiltfile/link.h"
#include "tiltfile/probe.h"
#include "tiltfile/settings.h"
#include "tiltfile/starlark/ops.h"
#include "tiltfile/unpack.h"

namespace pitch::tiltfile {

using starlark::CallArgs;
using starlark::Interpreter;
using starlark::Value;

// value.ValueToHostCmd: a string runs under sh -c, a sequence of strings is
// an argv; an empty string or list is no command. Unset = no command.
bool to_command(Interpreter& in, Value v, Command* out) {
  if (!v.ok()) return true;
  // A Blob is not a command here: Tilt switches on starlark.String.
  if (v.is_string()) {
    std::string_view s = v.as<starlark::String>()->str();
    if (!s.empty()) *out = Command::from_shell(std::string(s));
    return true;
  }
  if (is_sequence(v)) {
    std::vector<std::string> argv;
    std::string error;
    if (!sequence_to_strings(in, v, &argv, &error)) {
      in.failf("a command must be a string or a list of strings: {}", error);
      return false;
    }
    if (!argv.empty()) *out = Command::from_argv(std::move(argv));
    return true;
  }
  in.failf("a command must be a string or list of strings. found {}", go_type(v));
  return false;
}

namespace {

// value.valueToCmdHelper's directory: unset/None = the exec dir.
bool to_command_dir(Interpreter& in, Value v, const std::string& exec_dir, std::string* out) {
  *out = exec_dir;
  if (!v.ok() || v.is_none()) return true;
  // starlark.AsString: a Blob is not a directory.
  if (!v.is_string()) {
    in.failf(
        "a command directory must be empty or a string: expected path | string. Actual type: {}",
        go_type(v));
    return false;
  }
  *out = abs_path(exec_dir, std::string(v.as<starlark::String>()->str()));
  return true;
}

bool check_env(Interpreter& in, const std::vector<std::pair<std::string, std::string>>& env) {
  for (const auto& [k, v] : env) {
    if (k.empty()) {
      in.failf("environment has empty key for value {}", starlark::quote(v));
      return false;
    }
  }
  return true;
}

// valueGroupToCmdHelper on a non-Windows host: dir, then env, then cmd.
bool to_host_command(Interpreter& in, Value cmd, Value dir,
                     const std::vector<std::pair<std::string, std::string>>& env,
                     const std::string& exec_dir, Command* out, std::string* out_dir) {
  return to_command_dir(in, dir, exec_dir, out_dir) && check_env(in, env) &&
         to_command(in, cmd, out);
}

// The Windows-only forms: recorded when well formed, otherwise ignored, as
// Tilt never looks at them on this platform.
Command lenient_command(Interpreter& in, Value v) {
  Command c;
  if (!v.ok() || v.is_none()) return c;
  if (!to_command(in, v, &c)) {
    in.clear_error();
    return Command();
  }
  return c;
}

// parseValuesToStrings(v, "ignore").
bool to_ignores(Interpreter& in, Value v, std::vector<std::string>* out) {
  for (Value item : value_or_sequence(in, v)) {
    if (!item.is_string()) {
      in.failf("ignore must be a string or a sequence of strings; found a {}", go_type(item));
      return false;
    }
    std::string_view s = item.as<starlark::String>()->str();
    if (s.find('\n') != std::string::npos) {
      in.failf("ignore cannot contain newlines; found ignore: {}", starlark::quote(s));
      return false;
    }
    out->push_back(std::string(s));
  }
  return true;
}

}  // namespace

Value local_resource(Interpreter& in, const CallArgs& args, TiltfileState& state) {
  LocalResource r;
  const std::string exec_dir = state.exec_dir();
  Value cmd, deps, resource_deps, ignore, serve_cmd, cmd_bat, serve_cmd_bat, dir, serve_dir;
  if (!unpack(in, "local_resource", args,
              {{"name", to_name(&r.name)},
               {"cmd?", store(&cmd)},
               {"deps?", to_local_paths(exec_dir, &r.deps)},
               {"trigger_mode?", to_trigger_mode(&r.trigger_mode)},
               {"resource_deps?", to_sequence(&resource_deps)},
               {"ignore?", store(&ignore)},
               {"auto_init?", to_bool(&r.auto_init)},
               {"serve_cmd?", store(&serve_cmd)},
               {"cmd_bat?", store(&cmd_bat)},
               {"serve_cmd_bat?", store(&serve_cmd_bat)},
               {"allow_parallel?", to_bool(&r.allow_parallel)},
               {"links?", to_links(&r.links)},
               {"labels?", to_labels(&r.labels)},
               {"env?", to_string_map(&r.env)},
               {"serve_env?", to_string_map(&r.serve_env)},
               {"readiness_probe?", to_probe(&r.readiness_probe)},
               {"dir?", store(&dir)},
               {"serve_dir?", store(&serve_dir)}})) {
    return Value();
  }
  if (resource_deps.ok()) {
    std::vector<std::string> names;
    std::string error;
    if (!sequence_to_strings(in, resource_deps, &names, &error))
      return in.failf("local_resource: resource_deps: {}", error);
    for (std::string& n : names) r.resource_deps.push_back(ResourceDepRef{n, in.call_start()});
  }
  if (!to_ignores(in, ignore, &r.ignore)) return Value();
  r.ignore_base = exec_dir;
  if (!to_host_command(in, cmd, dir, r.env, exec_dir, &r.cmd, &r.dir)) return Value();
  if (!to_host_command(in, serve_cmd, serve_dir, r.serve_env, exec_dir, &r.serve_cmd,
                       &r.serve_dir)) {
    return Value();
  }
  r.cmd_bat = lenient_command(in, cmd_bat);
  r.serve_cmd_bat = lenient_command(in, serve_cmd_bat);
  if (r.cmd.empty() && r.serve_cmd.empty())
    return in.fail("local_resource must have a cmd and/or a serve_cmd, but both were empty");
  if (r.readiness_probe && r.serve_cmd.empty()) {
    state.warn(in, fmt::format("Ignoring readiness probe for local resource {} (no serve_cmd "
                               "was defined)",
                               starlark::quote(r.name)));
    r.readiness_probe.reset();
  }
  r.pos = in.call_start();
  r.call_stack = in.call_stack();
  state.manifest.local_resources.push_back(std::move(r));
  return Value::none();
}

void add_local_resource_api(Interpreter& in, TiltfileState& state, Predeclared& names) {
  TiltfileState* s = &state;
  names["local_resource"] =
      make_builtin(in, "local_resource",
                   [s](Interpreter& i, const CallArgs& a) { return local_resource(i, a, *s); });
}

}  // namespace pitch::tiltfile
