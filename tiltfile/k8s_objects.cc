#include "tiltfile/k8s_objects.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

namespace pitch::tiltfile {
namespace {

std::string scalar(const YAML::Node& n) { return n && n.IsScalar() ? n.Scalar() : std::string(); }

LabelMap string_map(const YAML::Node& n) {
  LabelMap out;
  if (!n || !n.IsMap()) return out;
  for (const auto& kv : n) out[kv.first.as<std::string>()] = scalar(kv.second);
  return out;
}

void add_images(const YAML::Node& pod_spec, K8sObject* o) {
  if (!pod_spec || !pod_spec.IsMap()) return;
  for (const char* list : {"initContainers", "containers", "ephemeralContainers"}) {
    const YAML::Node containers = pod_spec[list];
    if (!containers || !containers.IsSequence()) continue;
    for (const YAML::Node& c : containers) {
      if (!c.IsMap()) continue;
      if (c["image"]) o->images.push_back(scalar(c["image"]));
      const YAML::Node env = c["env"];
      if (!env || !env.IsSequence()) continue;
      for (const YAML::Node& e : env) {
        if (e.IsMap() && e["value"]) o->env_values.push_back(scalar(e["value"]));
      }
    }
  }
}

// The pod templates of the built-in workload kinds (Tilt reads only the
// typed ones); a Pod has a pod spec but no template.
std::vector<YAML::Node> pod_templates(const YAML::Node& doc, const std::string& kind) {
  const YAML::Node spec = doc["spec"];
  if (!spec || !spec.IsMap()) return {};
  if (kind == "Deployment" || kind == "StatefulSet" || kind == "DaemonSet" ||
      kind == "ReplicaSet" || kind == "ReplicationController" || kind == "Job") {
    if (spec["template"]) return {spec["template"]};
  }
  if (kind == "CronJob") {
    const YAML::Node job = spec["jobTemplate"];
    if (job && job.IsMap() && job["spec"] && job["spec"].IsMap() && job["spec"]["template"])
      return {job["spec"]["template"]};
  }
  return {};
}

// A scalar typed as sigs.k8s.io/yaml (YAML 1.1) types it.
nlohmann::json scalar_json(const YAML::Node& n) {
  const std::string& s = n.Scalar();
  if (n.Tag() == "!") return s;
  for (const char* t : {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"}) {
    if (s == t) return true;
  }
  for (const char* f :
       {"n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"}) {
    if (s == f) return false;
  }
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
  char* end = nullptr;
  long long i = std::strtoll(s.c_str(), &end, 10);
  if (*end == '\0') return i;
  double d = std::strtod(s.c_str(), &end);
  if (*end == '\0' && s.find_first_of("0123456789") != std::string::npos) return d;
  return s;
}

// The object as the JSON Tilt's messages quote (keys sorted).
nlohmann::json to_json(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Scalar:
      return scalar_json(n);
    case YAML::NodeType::Sequence: {
      nlohmann::json out = nlohmann::json::array();
      for (const YAML::Node& e : n) out.push_back(to_json(e));
      return out;
    }
    case YAML::NodeType::Map: {
      nlohmann::json out = nlohmann::json::object();
      for (const auto& kv : n) {
        nlohmann::json key = to_json(kv.first);
        out[key.is_string() ? key.get<std::string>() : key.dump()] = to_json(kv.second);
      }
      return out;
    }
    default:
      return nullptr;
  }
}

// Kubernetes' decoder: every object names its kind and apiVersion.
bool check_type_meta(const YAML::Node& doc, std::string* error) {
  std::string kind = scalar(doc["kind"]);
  if (kind.empty()) {
    *error = fmt::format("Object 'Kind' is missing in '{}'", to_json(doc).dump());
    return false;
  }
  if (scalar(doc["apiVersion"]).empty()) {
    std::string name =
        doc["metadata"] && doc["metadata"].IsMap() ? scalar(doc["metadata"]["name"]) : "";
    *error = fmt::format("decoding {} \"{}\": Object 'apiVersion' is missing in '{}'", kind, name,
                         to_json(doc).dump());
    return false;
  }
  return true;
}

bool is_typed_group(const std::string& group) {
  return group.empty() || group == "apps" || group == "extensions" || group == "batch";
}

K8sEntity to_entity(const YAML::Node& doc, const SourcePos& pos) {
  K8sEntity e;
  K8sObject& o = e.object;
  o.pos = pos;
  o.kind = scalar(doc["kind"]);
  std::string api_version = scalar(doc["apiVersion"]);
  e.api_version = api_version;
  size_t slash = api_version.find('/');
  o.group = slash == std::string::npos ? "" : api_version.substr(0, slash);
  const YAML::Node meta = doc["metadata"];
  if (meta && meta.IsMap()) {
    o.name = scalar(meta["name"]);
    o.namespace_ = scalar(meta["namespace"]);
  }
  if (!is_typed_group(o.group)) return e;
  if (o.kind == "PodTemplate" && doc["template"]) {
    const YAML::Node t = doc["template"];
    add_images(t["spec"], &o);
    e.pod_template_labels.push_back(t["metadata"] ? string_map(t["metadata"]["labels"])
                                                  : LabelMap());
  }
  if (o.kind == "Pod") add_images(doc["spec"], &o);
  for (const YAML::Node& t : pod_templates(doc, o.kind)) {
    if (!t.IsMap()) continue;
    add_images(t["spec"], &o);
    e.pod_template_labels.push_back(
        t["metadata"] && t["metadata"].IsMap() ? string_map(t["metadata"]["labels"]) : LabelMap());
  }
  if (o.kind == "Service" && o.group.empty() && doc["spec"] && doc["spec"].IsMap())
    e.service_selector = string_map(doc["spec"]["selector"]);
  return e;
}

}  // namespace

bool parse_k8s_yaml(const std::string& text, const SourcePos& pos, std::vector<K8sEntity>* out,
                    std::string* error) {
  try {
    for (const YAML::Node& doc : YAML::LoadAll(text)) {
      if (!doc || doc.IsNull()) continue;
      if (!doc.IsMap()) {
        *error =
            "couldn't get version/kind; json parse error: json: cannot unmarshal string into Go "
            "value of type struct { APIVersion string \"json:\\\"apiVersion,omitempty\\\"\"; Kind "
            "string \"json:\\\"kind,omitempty\\\"\" }";
        return false;
      }
      if (!check_type_meta(doc, error)) return false;
      // A List holds its objects in items.
      if (scalar(doc["kind"]) == "List" && doc["items"] && doc["items"].IsSequence()) {
        for (const YAML::Node& item : doc["items"]) {
          if (!item.IsMap() || !check_type_meta(item, error)) return false;
          out->push_back(to_entity(item, pos));
        }
        continue;
      }
      out->push_back(to_entity(doc, pos));
    }
  } catch (const YAML::Exception& e) {
    *error =
        fmt::format("error converting YAML to JSON: yaml: line {}: {}", e.mark.line + 1, e.msg);
    return false;
  }
  return true;
}

bool is_default_workload_kind(const K8sEntity& e) {
  return e.api_version.find("batch/v1") != std::string::npos &&
         e.object.kind.find("Job") != std::string::npos;
}

std::string selector_string(const std::vector<std::string>& parts) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i != 0) out += ':';
    for (char c : parts[i]) {
      if (c == ':' || c == '\\') out += '\\';
      out += c;
    }
  }
  return out;
}

std::string namespace_or_default(const K8sObject& o) {
  return o.namespace_.empty() ? "default" : o.namespace_;
}

std::string K8sObject::full_name() const {
  return selector_string({name, kind, namespace_or_default(*this)});
}

}  // namespace pitch::tiltfile
