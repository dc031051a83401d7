// tiltfile/local_resource.h — Tilt's local_resource() builtin.
//
// Accepts (for now) name, cmd, deps, resource_deps, serve_cmd,
// allow_parallel, labels, env and dir, with Tilt's argument types and
// validation messages (internal/tiltfile/local_resource.go and value/);
// other Tilt parameters are rejected honestly as unexpected. Every call is
// recorded in order; duplicate names are the planner's to report.
#pragma once

#include "tiltfile/starlark/function.h"
#include "tiltfile/starlark/interpreter.h"
#include "tiltfile/state.h"

namespace pitch::tiltfile {

starlark::Value local_resource(starlark::Interpreter& in, const starlark::CallArgs& args,
                               TiltfileState& state);

}  // namespace pitch::tiltfile
