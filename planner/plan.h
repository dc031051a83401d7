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

// What a resource is. Only kLocal runs today; the executor refuses a plan
// whose selected resources include another kind (cli/run_up), so nothing
// is ever skipped silently.
enum class ResourceKind { kLocal, kK8s, kDockerCompose };

// An image's live_update steps, in Tilt's order (paths absolute).
struct LiveUpdateSpec {
  struct Sync {
    std::string local_path;
    std::string container_path;
  };
  struct Run {
    Command cmd;
    std::vector<std::string> triggers;
  };
  bool initial_sync = false;
  std::vector<std::string> fall_back_on;
  std::vector<Sync> syncs;
  std::vector<Run> runs;
  bool restart_container = false;
  bool empty() const { return fall_back_on.empty() && syncs.empty() && runs.empty(); }
};

// An image build: docker_build, custom_build, or one Docker Compose makes.
struct PlanImage {
  enum class Builder { kDockerBuild, kCustomBuild, kDockerCompose };
  // "docker_build", "custom_build", "docker_compose build".
  static const char* builder_name(Builder builder);
  std::string ref;
  Builder builder = Builder::kDockerBuild;
  SourcePos pos;
  std::string context;     // docker_build: absolute
  std::string dockerfile;  // docker_build: absolute; "" = dockerfile_contents
  std::vector<std::string> build_args;
  std::string target;
  Command command;                // custom_build
  std::vector<std::string> deps;  // custom_build: absolute
  LiveUpdateSpec live_update;
  // Indexes into Plan::images of the builds this one needs first (its
  // Dockerfile's FROM images and custom_build image_deps).
  std::vector<size_t> image_deps;
  // Indexes into Plan::resources of the resources that deploy it, in plan
  // order; empty when nothing uses it (Tilt skips such a build).
  std::vector<size_t> used_by;
};

struct PortForwardSpec {
  int local_port = 0;
  int container_port = 0;  // 0 = the pod's first port
  std::string host;        // "" = localhost
  std::string name;
  std::string link_path;
};

// A Kubernetes resource: the objects it applies ("name:Kind:namespace").
struct K8sSpec {
  std::vector<std::string> objects;
  std::vector<PortForwardSpec> port_forwards;
  std::string pod_readiness;   // "" = Tilt's inference
  bool custom_deploy = false;  // k8s_custom_deploy
  Command apply_cmd;
  Command delete_cmd;
};

// A Docker Compose service.
struct DcSpec {
  std::string service;
  std::string project_name;
  std::vector<std::string> compose_files;
  std::string image;  // the service's image ref, if any
};

struct PlanResource {
  std::string name;
  SourcePos pos;
  ResourceKind kind = ResourceKind::kLocal;
  // Indexes into Plan::images of the images this resource deploys.
  std::vector<size_t> images;
  K8sSpec k8s;  // kK8s only
  DcSpec dc;    // kDockerCompose only
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
  std::vector<PlanImage> images;        // declaration order
  PlanSettings settings;

  // Index of the resource with this name, or npos.
  size_t find(std::string_view name) const;
  // "local_resource", "k8s_resource", "dc_resource": how Tilt names a kind.
  static const char* kind_name(ResourceKind kind);
  static constexpr size_t npos = static_cast<size_t>(-1);
};

}  // namespace pitch::planner
