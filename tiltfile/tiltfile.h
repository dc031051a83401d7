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
  // config.tilt_subcommand: "up" under `pitch run`, "ci" under `pitch ci`
  // (Tilt's names; anything else is passed through).
  std::string subcommand = "up";
  // The Tiltfile arguments, as `tilt up ARGS` passes them: resource names
  // and/or flags for config.parse() (what follows `--`). Without
  // config.parse() they select resources, as in Tilt.
  std::vector<std::string> args;
  // sys.argv: the command line pitch was started with.
  std::vector<std::string> argv;
};

// Errors are kTiltfile and carry the position (file:line:col), the source
// line, and for runtime errors a traceback in notes.
Result<Manifest> evaluate_tiltfile(const EvalOptions& options);

}  // namespace pitch::tiltfile
