// tiltfile/tiltfile.h — evaluate a Tiltfile into a Manifest.
//
// The Starlark interpreter (tiltfile/starlark/) knows nothing of Tilt; this
// layer installs Tilt's builtins (local_resource, ...) and the host hooks
// (load, print, file reads) and turns the calls into a Manifest.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "base/error.h"
#include "tiltfile/manifest.h"

namespace pitch::tiltfile {

struct EvalOptions {
  std::string tiltfile_path;  // as given by the user; made absolute inside
  // Where print() output goes (one call per printed line, without newline).
  std::function<void(const std::string&)> print;
};

// Errors are kTiltfile and carry the position (file:line:col), the source
// line, and for runtime errors a traceback in notes.
Result<Manifest> evaluate_tiltfile(const EvalOptions& options);

}  // namespace pitch::tiltfile
