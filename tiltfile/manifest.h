// tiltfile/manifest.h — what a Tiltfile declared, as declared.
//
// The Manifest is the boundary between the Starlark world and the rest of
// pitch: plain structs, no Starlark values. Nothing here is validated across
// resources (duplicate names, unknown or cyclic resource_deps): that is the
// planner's job, so it can report every problem at once with its line.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "base/command.h"
#include "base/error.h"

namespace pitch::tiltfile {

// A resource_deps entry with the position of the local_resource call that
// named it, so the planner can point at the line.
struct ResourceDepRef {
  std::string name;
  SourcePos pos;
};

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
  // Absolute, lexically normalised paths (relative ones are resolved against
  // the directory of the file that made the call).
  std::vector<std::string> deps;
  std::vector<ResourceDepRef> resource_deps;
  bool allow_parallel = false;
  std::vector<std::string> labels;
  // For `cmd` only, as in Tilt. In the order given; later duplicates win.
  std::vector<std::pair<std::string, std::string>> env;
  // Where `cmd` runs. Absolute; the Tiltfile's directory when not given.
  std::string dir;
  // The same for `serve_cmd` (Tilt's serve_env / serve_dir).
  std::vector<std::pair<std::string, std::string>> serve_env;
  std::string serve_dir;
};

struct Manifest {
  std::string tiltfile_path;                   // absolute
  std::string tiltfile_dir;                    // absolute
  std::vector<LocalResource> local_resources;  // in declaration order
  // Every file the evaluation read (the Tiltfile itself, load()ed files),
  // absolute, in the order first read. Used to decide when to re-evaluate.
  std::vector<std::string> read_files;
  // Non-fatal problems found while evaluating (e.g. Tilt-tolerated oddities).
  std::vector<Error> warnings;
};

}  // namespace pitch::tiltfile
