#include "tiltfile/workload_naming.h"

#include <fmt/format.h>

#include <cctype>

#include "tiltfile/k8s_objects.h"

namespace pitch::tiltfile {
namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

std::vector<std::string> potential_names(const K8sObject& o) {
  std::vector<std::string> parts = {o.name, o.kind, namespace_or_default(o),
                                    o.group.empty() ? "core" : o.group};
  std::vector<std::string> out;
  for (size_t n = 1; n <= parts.size(); ++n) {
    out.push_back(
        lower(selector_string(std::vector<std::string>(parts.begin(), parts.begin() + n))));
  }
  return out;
}

std::vector<std::string> unique_names(const std::vector<const K8sObject*>& workloads) {
  std::map<std::string, int> wanted;
  for (const K8sObject* o : workloads) {
    for (const std::string& n : potential_names(*o)) ++wanted[n];
  }
  std::vector<std::string> out;
  for (size_t i = 0; i < workloads.size(); ++i) {
    std::vector<std::string> names = potential_names(*workloads[i]);
    std::string chosen;
    for (const std::string& n : names) {
      if (wanted[n] == 1) {
        chosen = n;
        break;
      }
    }
    // The same object twice (k8s_yaml(allow_duplicates=True)).
    if (chosen.empty()) chosen = fmt::format("{}:{}", names.back(), i);
    out.push_back(chosen);
  }
  return out;
}

std::string object_id_string(const K8sObject& o) {
  return lower(fmt::format("{}:{}:{}:{}", o.name, o.kind, namespace_or_default(o), o.group));
}

std::map<std::string, std::vector<size_t>> fragments_to_objects(
    const std::vector<const K8sObject*>& objects) {
  std::map<std::string, std::vector<size_t>> out;
  for (size_t i = 0; i < objects.size(); ++i) {
    for (const std::string& n : potential_names(*objects[i])) out[n].push_back(i);
  }
  return out;
}

}  // namespace pitch::tiltfile
