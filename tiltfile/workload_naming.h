// tiltfile/workload_naming.h — how Tilt names a k8s resource after its
// workload.
//
// A workload is named by the shortest of "name", "name:kind",
// "name:kind:namespace", "name:kind:namespace:group" (lower case, group
// "core" for the core API) that no other workload also wants; two
// workloads identical in all four get ":<index>" appended. The same
// candidate names are the "fragments" k8s_resource(objects=[...]) accepts.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "tiltfile/container_manifest.h"

namespace pitch::tiltfile {

// The candidate names of an object, in order of preference.
std::vector<std::string> potential_names(const K8sObject& o);

// One name per workload, in the same order.
std::vector<std::string> unique_names(const std::vector<const K8sObject*>& workloads);

// "name:kind:namespace:group" in lower case: what
// workload_to_resource_function's argument prints as.
std::string object_id_string(const K8sObject& o);

// Every fragment to the indexes of the objects it names.
std::map<std::string, std::vector<size_t>> fragments_to_objects(
    const std::vector<const K8sObject*>& objects);

}  // namespace pitch::tiltfile
