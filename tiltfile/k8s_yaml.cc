// k8s_yaml(yaml, allow_duplicates=False) (Tilt's internal/tiltfile/k8s.go):
// a path, a Blob of YAML, or a list of those; the objects are kept in
// order for the assembly after the Tiltfile ran.
#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "tiltfile/api.h"
#include "tiltfile/blob.h"
#include "tiltfile/container_state.h"
#include "tiltfile/starlark/ops.h"
#include "tiltfile/unpack.h"

namespace pitch::tiltfile {
namespace {

using starlark::CallArgs;
using starlark::Interpreter;
using starlark::Value;

bool objects_of(Interpreter& in, TiltfileState& ts, Value v, std::vector<K8sEntity>* out) {
  std::string text, error;
  if (const Blob* blob = as_blob(v)) {
    if (!parse_k8s_yaml(blob->text(), in.call_start(), out, &error)) {
      in.failf("Error reading yaml from {}: {}", blob->source(), error);
      return false;
    }
    return true;
  }
  if (!v.is_string()) {
    in.failf("expected path | string. Actual type: {}", go_type(v));
    return false;
  }
  std::string path = abs_path(ts.exec_dir(), std::string(v.as<starlark::String>()->str()));
  ts.record_file(path);
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    in.failf("error reading yaml file: open {}: no such file or directory", path);
    return false;
  }
  std::ostringstream ss;
  ss << f.rdbuf();
  if (!parse_k8s_yaml(ss.str(), in.call_start(), out, &error)) {
    if (error.find("json parse error: ") != std::string::npos) {
      in.failf("{} is not a valid YAML file: {}", path, error);
    } else {
      in.fail(error);
    }
    return false;
  }
  return true;
}

// Tilt's object index: the same kind/name/namespace twice is an error
// unless allow_duplicates.
bool check_duplicates(Interpreter& in, const ContainerState& state,
                      const std::vector<K8sEntity>& added, bool allow) {
  if (allow) return true;
  for (size_t i = 0; i < added.size(); ++i) {
    const K8sObject& o = added[i].object;
    auto same = [&](const K8sObject& x) {
      return x.kind == o.kind && x.name == o.name && x.namespace_ == o.namespace_ &&
             x.group == o.group;
    };
    const K8sObject* old = nullptr;
    for (const K8sEntity& e : state.k8s_objects) {
      if (same(e.object)) old = &e.object;
    }
    for (size_t j = 0; j < i && old == nullptr; ++j) {
      if (same(added[j].object)) old = &added[j].object;
    }
    if (old == nullptr) continue;
    std::string who = o.namespace_.empty()
                          ? fmt::format("{} {}", o.kind, o.name)
                          : fmt::format("{} {} (Namespace: {})", o.kind, o.name, o.namespace_);
    in.failf(
        "Duplicate YAML: {}\nIgnore this error with k8s_yaml(..., allow_duplicates=True)\nYAML "
        "originally registered at: {}:{}:{}",
        who, old->pos.file, old->pos.line, old->pos.col);
    return false;
  }
  return true;
}

Value k8s_yaml(Interpreter& in, const CallArgs& args, TiltfileState& ts) {
  Value yaml;
  bool allow_duplicates = false;
  if (!unpack(in, "k8s_yaml", args,
              {{"yaml", store(&yaml)}, {"allow_duplicates?", to_bool(&allow_duplicates)}}))
    return Value();
  std::vector<Value> items = value_or_sequence(in, yaml);
  if (items.empty()) return in.fail("Empty YAML passed to k8s_yaml");
  std::vector<K8sEntity> objects;
  for (Value item : items) {
    if (!objects_of(in, ts, item, &objects)) return Value();
  }
  // Tilt looks at the first item as a plain string (a Blob reads as "").
  bool named_file = items[0].is_string() && !items[0].as<starlark::String>()->str().empty();
  if (objects.empty() && !named_file) return in.fail("Empty YAML passed to k8s_yaml");
  ContainerState& state = *ts.containers;
  if (!check_duplicates(in, state, objects, allow_duplicates)) return Value();
  for (K8sEntity& e : objects) state.k8s_objects.push_back(std::move(e));
  return Value::none();
}

}  // namespace

void add_k8s_yaml_api(Interpreter& in, TiltfileState& state, Predeclared& names) {
  TiltfileState* s = &state;
  names["k8s_yaml"] = make_builtin(
      in, "k8s_yaml", [s](Interpreter& i, const CallArgs& a) { return k8s_yaml(i, a, *s); });
}

}  // namespace pitch::tiltfile
