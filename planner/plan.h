// planner/plan.h — the compiled, validated DAG that the executor runs.
//
// A Plan is immutable once built. Resources are stored in a topological order
// (every resource after all of its resource_deps; ties keep declaration
// order), so index order is a valid run order and indexes are stable ids.
// The Plan carries no Starlark and no tiltfile types: executor and ci see
// only this.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "base/command.h"
#include "base/error.h"

namespace pitch::planner {

struct PlanResource {
  std::string name;
  SourcePos pos;
  Command cmd;
  Command serve_cmd;
  std::vector<std::string> deps;  // absolute paths, as declared
  // Indexes into Plan::resources, each smaller than this resource's index,
  // in declaration order; unknown names were dropped with a warning.
  std::vector<size_t> resource_deps;
  bool allow_parallel = false;
  std::vector<std::string> labels;
  // env and dir apply to cmd; serve_env and serve_dir to serve_cmd (Tilt).
  std::vector<std::pair<std::string, std::string>> env;
  std::string dir;  // absolute working directory of cmd
  std::vector<std::pair<std::string, std::string>> serve_env;
  std::string serve_dir;  // absolute working directory of serve_cmd
};

struct Plan {
  std::string tiltfile_path;
  std::string tiltfile_dir;
  std::vector<PlanResource> resources;  // topological order

  // Index of the resource with this name, or npos.
  size_t find(std::string_view name) const;
  static constexpr size_t npos = static_cast<size_t>(-1);
};

}  // namespace pitch::planner
