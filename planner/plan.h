// planner/plan.h — the compiled, validated DAG that the executor runs.
//
// A Plan is immutable once built. Resources are stored in a topological order
// (every resource after all of its resource_deps; ties keep declaration
// order), so index order is a valid run order and indexes are stable ids.
// The Plan carries no Starlark and no tiltfile types: executor and ci see
// only this.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/command.h"
#include "base/duration.h"
#include "base/error.h"

namespace pitch::planner {

// A readiness probe with Kubernetes' semantics. The planner fills Tilt's
// defaults, so every field here is the value in force.
struct ProbeSpec {
  enum class Kind { kExec, kHttpGet, kTcpSocket };
  Kind kind = Kind::kExec;
  std::vector<std::string> exec_argv;  // kExec: run in the Tiltfile's directory
  std::string host = "localhost";      // kHttpGet, kTcpSocket
  int port = 0;
  std::string path = "/";       // kHttpGet
  std::string scheme = "http";  // kHttpGet: "http" or "https"
  int initial_delay_secs = 0;
  int timeout_secs = 1;
  int period_secs = 10;
  int success_threshold = 1;
  int failure_threshold = 3;

  friend bool operator==(const ProbeSpec&, const ProbeSpec&) = default;
};

enum class TriggerMode { kAuto, kManual };

struct Link {
  std::string url;
  std::string name;
};

struct PlanResource {
  std::string name;
  SourcePos pos;
  Command cmd;
  Command serve_cmd;
  std::vector<std::string> deps;  // absolute paths, as declared
  // Indexes into Plan::resources, each smaller than this resource's index,
  // in declaration order; unknown names were dropped with a warning.
  std::vector<size_t> resource_deps;
  // Tilt's effective value: allow_parallel=True, or no cmd (a serve-only
  // resource's update does nothing, so Tilt never serialises it).
  bool allow_parallel = false;
  std::vector<std::string> labels;
  // env and dir apply to cmd; serve_env and serve_dir to serve_cmd (Tilt).
  std::vector<std::pair<std::string, std::string>> env;
  std::string dir;  // absolute working directory of cmd
  std::vector<std::pair<std::string, std::string>> serve_env;
  std::string serve_dir;                     // absolute working directory of serve_cmd
  std::optional<ProbeSpec> readiness_probe;  // for serve_cmd
  // The effective trigger mode (the resource's, else the Tiltfile's global
  // trigger_mode()) and whether it starts with the run (auto_init).
  TriggerMode trigger_mode = TriggerMode::kAuto;
  bool auto_init = true;
  // False when config.set_enabled_resources() left it out.
  bool enabled = true;
  // Patterns excluded from deps: .tiltignore, watch_settings(ignore=) and
  // the resource's ignore=, in that order; dockerignore syntax, made
  // absolute ("!" exceptions keep their "!" in front).
  std::vector<std::string> ignore;
  std::vector<Link> links;
};

// Settings the Tiltfile made (update_settings, ci_settings, ...). Absent
// optionals mean "not set in the Tiltfile": the command line or the
// built-in default applies.
struct PlanSettings {
  int max_parallel_updates = 3;
  std::optional<Millis> ci_timeout;
  std::optional<Millis> readiness_timeout;
};

struct Plan {
  std::string tiltfile_path;
  std::string tiltfile_dir;
  std::vector<PlanResource> resources;  // topological order
  PlanSettings settings;

  // Index of the resource with this name, or npos.
  size_t find(std::string_view name) const;
  static constexpr size_t npos = static_cast<size_t>(-1);
};

}  // namespace pitch::planner
