// tiltfile/local_resource.h — Tilt's local_resource() builtin.
//
// Every parameter Tilt v0.32 accepts, in its positional order: name, cmd,
// deps, trigger_mode, resource_deps, ignore, auto_init, serve_cmd,
// cmd_bat, serve_cmd_bat, allow_parallel, links, labels, env, serve_env,
// readiness_probe, dir, serve_dir — with Tilt's types, defaults and
// messages (internal/tiltfile/local_resource.go and value/). `tags`, which
// Tilt's docs list but Tilt rejects, is rejected the same way. The _bat
// forms are recorded, never validated (Tilt reads them only on Windows).
// Every call is recorded in order; duplicate names are the planner's to
// report.
#pragma once

#include "tiltfile/api.h"

namespace pitch::tiltfile {

// value.ValueToHostCmd: a string runs under sh -c, a sequence of strings
// is an argv; empty = no command, unset leaves *out. False after in.fail.
bool to_command(starlark::Interpreter& in, starlark::Value v, Command* out);

starlark::Value local_resource(starlark::Interpreter& in, const starlark::CallArgs& args,
                               TiltfileState& state);

}  // namespace pitch::tiltfile
