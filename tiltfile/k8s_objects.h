// tiltfile/k8s_objects.h — Kubernetes YAML split into objects, with what
// Tilt's assembly needs of each: its identity, the images its containers
// run, its pod templates' labels and (for a Service) its selector.
//
// Tilt decodes the built-in kinds into typed Go objects and finds
// containers by reflection; a custom resource stays untyped and shows no
// containers. We reproduce that by reading pod specs only where the
// built-in workload kinds keep them.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "tiltfile/container_manifest.h"

namespace pitch::tiltfile {

using LabelMap = std::map<std::string, std::string>;

struct K8sEntity {
  K8sObject object;
  std::vector<LabelMap> pod_template_labels;  // one per pod template
  LabelMap service_selector;                  // Service only
  std::string api_version;
  bool has_pod_template() const { return !pod_template_labels.empty(); }
};

// Every object of every document in `text` (empty documents dropped).
// False with *error set when the YAML does not parse.
bool parse_k8s_yaml(const std::string& text, const SourcePos& pos, std::vector<K8sEntity>* out,
                    std::string* error);

// Tilt's default k8s_kind()s: batch/v1 Jobs and CronJobs are workloads
// even without an image (selectors match by substring, as Tilt's partial
// match does).
bool is_default_workload_kind(const K8sEntity& e);

// Tilt's escaped "a:b:c" join (a ':' or '\' inside a part gets a '\').
std::string selector_string(const std::vector<std::string>& parts);

// Tilt's namespace of an object: "default" when the YAML gives none.
std::string namespace_or_default(const K8sObject& o);

}  // namespace pitch::tiltfile
