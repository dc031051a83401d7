// tiltfile/container_state.h — what the image, Kubernetes and Docker
// Compose builtins collect while the Tiltfile runs, for the assembly that
// follows it (k8s_assemble.cc).
//
// Tilt decides which objects form which resource only after the whole
// Tiltfile ran, so the builtins only record: images, objects in k8s_yaml
// order, k8s_resource calls in call order, live_update steps not yet used.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tiltfile/container_manifest.h"
#include "tiltfile/k8s_objects.h"
#include "tiltfile/manifest.h"
#include "tiltfile/starlark/value.h"
#include "tiltfile/state.h"

namespace pitch::tiltfile {

// One k8s_resource(...) call.
struct K8sResourceOptions {
  std::string workload;  // the workload named, or new_name when none
  std::string new_name;
  bool manually_grouped = false;  // no workload: new_name + objects
  std::vector<std::string> objects;
  std::vector<PortForward> port_forwards;
  std::vector<LabelMap> extra_pod_selectors;
  TriggerMode trigger_mode = TriggerMode::kUnset;
  std::optional<bool> auto_init;
  std::vector<ResourceDepRef> resource_deps;
  std::vector<Link> links;
  std::vector<std::string> labels;
  std::string pod_readiness;
  std::string discovery_strategy;
  SourcePos pos;      // the call, for our diagnostics
  std::string where;  // "file:line:col" as Tilt prints it in messages
};

// A live_update step made but not (yet) given to a live_update=.
struct PendingStep {
  std::string where;  // "file:line:col" of the call
  SourcePos pos;
  std::string text;  // Tilt's String() of the step
  std::string type;  // Tilt's Type()
};

// One Docker Compose service: the resource it becomes, and what the
// assembly needs to link or make its image.
struct DcService {
  DcResource resource;
  std::string build_context;  // absolute; "" when the service does not build
  std::string dockerfile;     // absolute
};

// A Docker Compose project: every docker_compose() call with its name adds
// config files; the services are read again from all of them.
struct DcProject {
  std::string name;
  std::string project_path;
  std::vector<std::string> config_paths;  // absolute
  std::vector<std::string> blobs;         // YAML given as blob()
  std::vector<std::string> profiles;
};

struct ContainerState {
  std::vector<ImageTarget> images;
  std::vector<K8sEntity> k8s_objects;  // every k8s_yaml object, in order
  std::vector<K8sResourceOptions> k8s_resource_calls;
  std::vector<PendingStep> unconsumed_steps;  // in creation order
  // workload_to_resource_function(fn), when called.
  starlark::Value workload_to_resource_fn;
  std::string workload_to_resource_where;
  SourcePos workload_to_resource_pos;
  // k8s_custom_deploy resources, in call order, with the images they
  // name: image_deps (a build must exist) and the live-update image.
  struct CustomDeploy {
    K8sResource resource;
    std::vector<std::string> required_images;
    std::vector<std::string> optional_images;
  };
  std::vector<CustomDeploy> custom_deploys;
  std::vector<DcProject> dc_projects;
  std::vector<DcService> dc_services;  // every project's, in project order
};

// Records an image build (docker_build.cc): one per ref; two of one name
// with different tags both match exactly. False after in.fail().
bool add_image_target(starlark::Interpreter& in, ContainerState& state, ImageTarget img);

// "file:line:col" of the running builtin's call, as starlark-go prints a
// call position (the column of its opening parenthesis).
std::string call_where(starlark::Interpreter& in);

// Assembles the resources after the Tiltfile ran (k8s_assemble.cc): the
// Manifest's k8s_resources, dc_resources and images. An error is Tilt's
// evaluation error, positioned at the call it is about.
Result<void> assemble_containers(starlark::Interpreter& in, TiltfileState& state);

}  // namespace pitch::tiltfile
