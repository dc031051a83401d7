// tiltfile/container_manifest.h — what a Tiltfile declared about images,
// Kubernetes and Docker Compose, after Tilt's assembly.
//
// Tilt groups Kubernetes objects into resources only once the whole
// Tiltfile has run (k8s_resource may name a workload before its YAML is
// read, and workload_to_resource_function calls back into Starlark), so
// these are the assembled results: each workload named the way Tilt names
// it, Services attached to the workload whose pods they select, images
// linked to the resources whose YAML uses them. Plain structs, no Starlark.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "base/command.h"
#include "base/error.h"
#include "tiltfile/manifest_common.h"

namespace pitch::tiltfile {

// live_update=[...] of an image, in Tilt's order: fall_back_on paths,
// syncs, runs, restart. Paths are absolute.
struct LiveUpdate {
  struct Sync {
    std::string local_path;   // absolute
    std::string remote_path;  // absolute path in the container
  };
  struct Run {
    Command cmd;
    std::vector<std::string> triggers;  // as given (relative to base_path)
    bool echo_off = false;
  };
  bool initial_sync = false;
  std::vector<std::string> fall_back_on;  // absolute
  std::vector<Sync> syncs;
  std::vector<Run> runs;
  bool restart_container = false;
  std::string base_path;  // the directory of the file that declared it

  bool empty() const { return fall_back_on.empty() && syncs.empty() && runs.empty(); }
};

// docker_build / custom_build / an image Docker Compose builds itself.
struct ImageTarget {
  enum class Kind { kDockerBuild, kCustomBuild, kDockerCompose };
  Kind kind = Kind::kDockerBuild;
  std::string ref;  // as given ("web-image", "gcr.io/x/web:dev")
  // The normalised repository name it matches ("docker.io/library/web"),
  // the ref's tag, and whether the tag must match too (Tilt's exact
  // match, when two builds share a name).
  std::string match_name;
  std::string ref_tag;
  bool exact_match = false;
  SourcePos pos;
  // docker_build: the build context and Dockerfile (absolute; dockerfile
  // empty when dockerfile_contents was given).
  std::string context;
  std::string dockerfile;
  std::vector<std::string> build_args;  // "K=V" (or "K"), sorted
  std::string target;                   // --target stage
  std::vector<std::string> ignore;      // as given
  std::vector<std::string> only;        // as given
  bool match_in_env_vars = false;
  Command entrypoint;
  // custom_build: the command (run in `dir`), its deps (absolute) and
  // options.
  Command command;
  std::string dir;
  std::vector<std::string> deps;
  std::string tag;
  bool disable_push = false;
  bool skips_local_docker = false;
  std::string outputs_image_ref_to;
  std::vector<std::string> image_deps;   // custom_build: refs of images built first
  std::vector<std::string> from_images;  // docker_build: the Dockerfile's FROM images
  // Indexes into Manifest::images of the builds this one needs first
  // (FROM images and image_deps that the Tiltfile builds).
  std::vector<size_t> depends_on;
  LiveUpdate live_update;
  // Paths whose changes rebuild it: the context (docker_build) or deps.
  std::vector<std::string> watched_paths() const;
};

// port_forward(...) or the int/string shorthand of port_forwards=.
struct PortForward {
  int local_port = 0;
  int container_port = 0;  // 0: the first port of the pod
  std::string host;        // "" = localhost
  std::string name;
  std::string link_path;
};

// One Kubernetes object of a k8s_yaml() document.
struct K8sObject {
  std::string name;
  std::string kind;
  std::string namespace_;           // "" when the YAML gives none
  std::string group;                // from apiVersion; "" = core
  std::vector<std::string> images;  // container image refs, in order
  // Values of the containers' env vars: an image whose build says
  // match_in_env_vars=True is found here too.
  std::vector<std::string> env_values;
  SourcePos pos;  // the k8s_yaml call that read it
  // Tilt's full name: "name:kind:namespace" (namespace "default" if unset).
  std::string full_name() const;
};

// A k8s resource: a workload with its Services, an object group made by
// k8s_resource(new_name=..., objects=...), k8s_custom_deploy, or Tilt's
// "uncategorized" bucket of the objects no workload took.
struct K8sResource {
  std::string name;
  SourcePos pos;  // of the k8s_resource call that shaped it, else k8s_yaml's
  std::vector<K8sObject> objects;
  // Indexes into Manifest::images of the images its objects use (each
  // once, in the order found).
  std::vector<size_t> images;
  std::vector<PortForward> port_forwards;
  std::vector<ResourceDepRef> resource_deps;
  TriggerMode trigger_mode = TriggerMode::kUnset;
  bool auto_init = true;
  std::vector<Link> links;
  std::vector<std::string> labels;  // sorted, unique
  std::string pod_readiness;        // "", "wait", "ignore", "succeeded"
  std::string discovery_strategy;   // "", "default", "selectors-only"
  std::vector<std::vector<std::pair<std::string, std::string>>> extra_pod_selectors;
  // k8s_custom_deploy: the commands that deploy and delete it.
  bool custom_deploy = false;
  Command apply_cmd;
  Command delete_cmd;
  std::vector<std::string> deps;  // k8s_custom_deploy deps, absolute
};

// A Docker Compose service (docker_compose + dc_resource).
struct DcResource {
  std::string name;     // the service name, or dc_resource(new_name=)
  std::string service;  // the service name in the compose file
  SourcePos pos;        // the docker_compose call (or dc_resource's)
  std::string project_name;
  std::vector<std::string> compose_files;  // absolute
  std::string image;                       // the service's image ref, if any
  std::vector<size_t> images;              // into Manifest::images
  std::vector<ResourceDepRef> resource_deps;
  TriggerMode trigger_mode = TriggerMode::kUnset;
  bool auto_init = true;
  std::vector<Link> links;
  std::vector<std::string> labels;
};

}  // namespace pitch::tiltfile
