// tiltfile/manifest.h — what a Tiltfile declared, as declared.
//
// The Manifest is the boundary between the Starlark world and the rest of
// pitch: plain structs, no Starlark values. Nothing here is validated across
// resources (duplicate names, unknown or cyclic resource_deps, unknown
// enabled resources): that is the planner's job, so it can report every
// problem at once with its line. Values are as the Tiltfile gave them
// (probe fields left 0 mean "Tilt's default"); the planner fills defaults.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/command.h"
#include "base/duration.h"
#include "base/error.h"
#include "tiltfile/container_manifest.h"
#include "tiltfile/manifest_common.h"

namespace pitch::tiltfile {

// One local_resource(...) call.
struct LocalResource {
  std::string name;
  SourcePos pos;  // the call's position in the Tiltfile (or load()ed file)
  // How that call was reached, outermost first, ending with pos: lets an
  // error about a resource made by a helper function name the line that
  // called the helper too.
  std::vector<SourcePos> call_stack;
  Command cmd;
  Command serve_cmd;
  // cmd_bat / serve_cmd_bat: used instead of cmd / serve_cmd on Windows
  // only; recorded so the plan can show them.
  Command cmd_bat;
  Command serve_cmd_bat;
  // Absolute, lexically normalised paths (relative ones are resolved against
  // the directory of the file that made the call).
  std::vector<std::string> deps;
  std::vector<ResourceDepRef> resource_deps;
  TriggerMode trigger_mode = TriggerMode::kUnset;
  bool auto_init = true;
  // ignore=: dockerignore-style patterns, relative to ignore_base (the
  // directory of the file that made the call, as in Tilt).
  std::vector<std::string> ignore;
  std::string ignore_base;
  bool allow_parallel = false;
  std::vector<Link> links;
  std::vector<std::string> labels;  // sorted, unique
  // For `cmd` only, as in Tilt. In the order given.
  std::vector<std::pair<std::string, std::string>> env;
  // Where `cmd` runs. Absolute; the Tiltfile's directory when not given.
  std::string dir;
  // The same for `serve_cmd` (Tilt's serve_env / serve_dir).
  std::vector<std::pair<std::string, std::string>> serve_env;
  std::string serve_dir;
  // Dropped (with a warning) when there is no serve_cmd, as Tilt does.
  std::optional<ProbeDecl> readiness_probe;
};

// config.set_enabled_resources / clear_enabled_resources, and the command
// line arguments that select resources when config.parse() is not called.
struct EnabledResources {
  enum class Mode {
    kAll,     // neither was called (or set_enabled_resources([]))
    kListed,  // set_enabled_resources([...]): these and their resource_deps
    kNone,    // clear_enabled_resources()
  };
  Mode mode = Mode::kAll;
  std::vector<std::string> names;
  SourcePos pos;  // of the call that set the mode, when one did
};

// Settings the Tiltfile made. Absent optionals were not set.
struct Settings {
  TriggerMode trigger_mode = TriggerMode::kUnset;  // trigger_mode()
  std::optional<int> max_parallel_updates;         // update_settings
  std::optional<int> k8s_upsert_timeout_secs;
  std::vector<std::string> suppress_unused_image_warnings;
  // allow_k8s_contexts(): the contexts a run may deploy to (checked when
  // pitch runs Kubernetes resources).
  std::vector<std::string> allowed_k8s_contexts;
  std::optional<Millis> ci_timeout;  // ci_settings
  std::optional<Millis> k8s_grace_period;
  std::optional<Millis> readiness_timeout;
  // watch_settings(ignore=...): absolute dockerignore-style patterns.
  std::vector<std::string> watch_ignore;
  bool check_updates = true;       // version_settings
  std::string version_constraint;  // "" when not set
};

// Something the evaluation read that decides its result; when any changes,
// the Tiltfile must be evaluated again.
struct RecordedInputs {
  // Environment variables looked up (os.getenv, os.environ[...]) and the
  // value seen (nullopt when unset).
  std::vector<std::pair<std::string, std::optional<std::string>>> env;
  // The Tiltfile arguments (EvalOptions::args), when config.parse() used them.
  std::vector<std::string> config_args;
  // local() commands run at evaluation time, as displayed.
  std::vector<std::string> local_commands;
};

struct Manifest {
  std::string tiltfile_path;                   // absolute
  std::string tiltfile_dir;                    // absolute
  std::vector<LocalResource> local_resources;  // in declaration order
  // Kubernetes and Docker Compose resources, assembled as Tilt does (see
  // container_manifest.h), in Tilt's order; images in declaration order.
  std::vector<K8sResource> k8s_resources;
  std::vector<DcResource> dc_resources;
  std::vector<ImageTarget> images;
  Settings settings;
  EnabledResources enabled;
  // .tiltignore beside the Tiltfile: absolute dockerignore-style patterns.
  std::vector<std::string> tiltignore;
  // Every file the evaluation read or looked for (the Tiltfile, load()ed
  // files, read_file, listdir, watch_file, tilt_config.json, .tiltignore),
  // absolute, in the order first read; missing ones too, since creating one
  // changes the result. Used to decide when to re-evaluate.
  std::vector<std::string> read_files;
  RecordedInputs inputs;
  // Non-fatal problems found while evaluating (e.g. Tilt-tolerated oddities).
  std::vector<Error> warnings;
};

}  // namespace pitch::tiltfile
