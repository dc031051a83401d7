// tiltfile/state.h — what Tilt's builtins share during one evaluation.
//
// The Manifest being built, the options the evaluation runs with, and the
// stack of files whose toplevel is executing. Tilt resolves relative paths
// against the directory of the file being executed (its "exec path"), not
// the file a function was defined in: a helper defined in lib/x.star and
// called from the Tiltfile resolves against the Tiltfile's directory.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tiltfile/manifest.h"
#include "tiltfile/starlark/interpreter.h"

namespace pitch::tiltfile {

struct ConfigState;     // config.h
struct ContainerState;  // container_state.h

struct TiltfileState {
  Manifest manifest;
  std::vector<std::string> exec_stack;  // absolute paths, innermost last
  // "up", "ci", "down", ... (config.tilt_subcommand) and the Tiltfile
  // arguments (what `tilt up ARGS` passes).
  std::string subcommand;
  std::vector<std::string> args;
  // sys.argv: pitch's own command line.
  std::vector<std::string> argv;
  // Where trigger_mode() was called ("file:line:col"), once it was.
  std::string trigger_mode_call;
  std::shared_ptr<ConfigState> config;
  std::shared_ptr<ContainerState> containers;
  // Log lines for the run (print(), warnings Tilt logs).
  std::function<void(const std::string&)> log;

  // The directory relative paths resolve against.
  std::string exec_dir() const;
  // Records a file the evaluation read (once).
  void record_file(const std::string& path);
  // Records a non-fatal problem at the current call (Manifest::warnings).
  void warn(starlark::Interpreter& in, std::string message);
};

// `path` made absolute against `base_dir` (when relative) and lexically
// normalised ("a/./b/../c" -> "a/c", no trailing slash), as Go's
// filepath.Join/Clean do.
std::string abs_path(const std::string& base_dir, const std::string& path);
std::string dir_name(const std::string& path);

// A host builtin on in's heap.
starlark::Value make_builtin(starlark::Interpreter& in, std::string name, starlark::BuiltinFn fn);

}  // namespace pitch::tiltfile
