// After the Tiltfile ran: Kubernetes objects grouped into resources the way
// Tilt's assembly does (tiltfile_state.go assembleK8s*), images linked to
// the resources that use them, and the checks Tilt makes only then.
//
// Order of work, as in Tilt: workloads (objects whose containers name an
// image) become resources, named by workload_to_resource_function or by
// the shortest unique fragment; each takes the Services that select its
// pods. Objects with a pod template but no image then join (or make) the
// resource of their name. k8s_resource calls apply in call order (rename,
// objects=, options). Whatever is left is "uncategorized".
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "tiltfile/container_checks.h"
#include "tiltfile/container_state.h"
#include "tiltfile/image_ref.h"
#include "tiltfile/starlark/host_object.h"
#include "tiltfile/starlark/ops.h"
#include "tiltfile/unpack.h"
#include "tiltfile/workload_naming.h"

namespace pitch::tiltfile {
namespace {

using starlark::Interpreter;
using starlark::Value;

// The argument workload_to_resource_function's function gets.
class K8sObjectId : public starlark::HostObject {
 public:
  K8sObjectId(Interpreter& in, const K8sObject& o)
      : name_(in.str(o.name)),
        kind_(in.str(o.kind)),
        namespace_(in.str(namespace_or_default(o))),
        group_(in.str(o.group)),
        text_(object_id_string(o)) {}
  std::string_view type_name() const override { return "K8sObjectID"; }
  Value attr(Interpreter&, std::string_view name) override {
    if (name == "name") return name_;
    if (name == "kind") return kind_;
    if (name == "namespace") return namespace_;
    if (name == "group") return group_;
    return Value();
  }
  std::vector<std::string> attr_names() const override {
    return {"name", "kind", "namespace", "group"};
  }
  void write_repr(starlark::Printer& p) const override { p.out += text_; }

 private:
  Value name_, kind_, namespace_, group_;
  std::string text_;
};

Error error_at(std::string message, const SourcePos& pos) {
  return assembly_error(std::move(message), pos);
}

bool selector_matches(const LabelMap& selector, const LabelMap& labels) {
  if (selector.empty()) return false;
  for (const auto& [k, v] : selector) {
    auto it = labels.find(k);
    if (it == labels.end() || it->second != v) return false;
  }
  return true;
}

struct Assembly {
  Interpreter& in;
  TiltfileState& ts;
  ContainerState& cs;
  std::vector<K8sResource> resources;
  std::vector<bool> manually_grouped;
  std::vector<K8sEntity> unresourced;
  std::vector<bool> image_used;

  size_t find(const std::string& name) const {
    for (size_t i = 0; i < resources.size(); ++i) {
      if (resources[i].name == name) return i;
    }
    return resources.size();
  }

  // checkResourceConflict: "" when `name` is free.
  std::string conflict(const std::string& name) const {
    if (find(name) != resources.size())
      return fmt::format("k8s_resource named {} already exists", starlark::quote(name));
    for (const LocalResource& r : ts.manifest.local_resources) {
      if (r.name == name)
        return fmt::format("local_resource named {} already exists", starlark::quote(name));
    }
    for (const DcService& dc : cs.dc_services) {
      if (dc.resource.name == name)
        return fmt::format("dc_resource named {} already exists", starlark::quote(name));
    }
    return "";
  }

  size_t make_resource(const std::string& name, const SourcePos& pos) {
    K8sResource r;
    r.name = name;
    r.pos = pos;
    resources.push_back(std::move(r));
    manually_grouped.push_back(false);
    return resources.size() - 1;
  }

  // The Services among `unresourced` that select the workload's pods (in
  // its namespace, or with none of their own) join resource r.
  void take_services(const K8sEntity& workload, size_t r) {
    for (const LabelMap& labels : workload.pod_template_labels) {
      std::vector<K8sEntity> rest;
      for (K8sEntity& e : unresourced) {
        bool ns_ok = e.object.namespace_.empty() ||
                     namespace_or_default(e.object) == namespace_or_default(workload.object);
        if (ns_ok && selector_matches(e.service_selector, labels)) {
          resources[r].objects.push_back(e.object);
        } else {
          rest.push_back(std::move(e));
        }
      }
      unresourced = std::move(rest);
    }
  }

  Result<std::vector<std::string>> names_from_function(const std::vector<const K8sObject*>& ws) {
    const SourcePos& pos = cs.workload_to_resource_pos;
    const std::string prefix = "error applying workload_to_resource_function: ";
    std::vector<std::string> names;
    std::map<std::string, const K8sObject*> taken;
    for (const K8sObject* o : ws) {
      Value id(in.heap().make<K8sObjectId>(in, *o));
      std::vector<Value> argv = {id};
      starlark::CallArgs args{argv, {}};
      Result<Value> result = in.call(cs.workload_to_resource_fn, args);
      const std::string what =
          fmt::format("error determining resource name for '{}'", object_id_string(*o));
      if (!result) {
        return tl::unexpected(
            error_at(fmt::format("{}{}: {}", prefix, what, result.error().message), pos));
      }
      if (!result->is_string()) {
        return tl::unexpected(
            error_at(fmt::format("{}{}: {}: invalid return value. wanted: string. got: {}", prefix,
                                 what, cs.workload_to_resource_fn.as<starlark::Function>()->name(),
                                 go_type(*result)),
                     pos));
      }
      std::string name(result->as<starlark::String>()->str());
      if (auto it = taken.find(name); it != taken.end()) {
        return tl::unexpected(
            error_at(fmt::format("{}both '{}' and '{}' mapped to resource name '{}'", prefix,
                                 object_id_string(*o), object_id_string(*it->second), name),
                     pos));
      }
      taken[name] = o;
      names.push_back(name);
    }
    return names;
  }

  Result<void> by_workload() {
    std::vector<K8sEntity> workloads, rest;
    for (K8sEntity& e : unresourced) {
      bool workload =
          !e.object.images.empty() || is_default_workload_kind(e) || uses_env_var_image(e.object);
      (workload ? workloads : rest).push_back(std::move(e));
    }
    unresourced = std::move(rest);
    std::vector<const K8sObject*> ws;
    for (const K8sEntity& e : workloads) ws.push_back(&e.object);
    std::vector<std::string> names;
    if (cs.workload_to_resource_fn.ok()) {
      PITCH_TRY_ASSIGN(names, names_from_function(ws));
    } else {
      names = unique_names(ws);
    }
    for (size_t i = 0; i < workloads.size(); ++i) {
      std::string problem = conflict(names[i]);
      if (!problem.empty()) {
        return tl::unexpected(error_at(fmt::format("error making resource for workload {}: {}",
                                                   object_id_string(workloads[i].object), problem),
                                       workloads[i].object.pos));
      }
      size_t r = make_resource(names[i], workloads[i].object.pos);
      resources[r].objects.push_back(workloads[i].object);
      take_services(workloads[i], r);
    }
    return {};
  }

  Result<void> with_pod_templates() {
    std::vector<K8sEntity> templated, rest;
    for (K8sEntity& e : unresourced) {
      (e.has_pod_template() ? templated : rest).push_back(std::move(e));
    }
    unresourced = std::move(rest);
    for (const K8sEntity& e : templated) {
      size_t r = find(e.object.name);
      if (r == resources.size()) {
        std::string problem = conflict(e.object.name);
        if (!problem.empty()) return tl::unexpected(error_at(problem, e.object.pos));
        r = make_resource(e.object.name, e.object.pos);
      }
      resources[r].objects.push_back(e.object);
      take_services(e, r);
    }
    return {};
  }

  static std::string quoted_list(const std::vector<std::string>& items) {
    std::vector<std::string> q;
    for (const std::string& s : items) q.push_back(starlark::quote(s));
    return fmt::format("{}", fmt::join(q, ", "));
  }

  Result<void> take_objects(const K8sResourceOptions& o, size_t r,
                            const std::vector<K8sObject>& all) {
    std::vector<const K8sObject*> all_ptrs;
    std::vector<std::string> full_names;
    for (const K8sObject& x : all) {
      all_ptrs.push_back(&x);
      full_names.push_back(x.full_name());
    }
    auto fragments = fragments_to_objects(all_ptrs);
    for (const std::string& fragment : o.objects) {
      std::string key = fragment;
      for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      auto it = fragments.find(key);
      if (it == fragments.end() || it->second.empty()) {
        return tl::unexpected(
            error_at(fmt::format("No object identified by the fragment {} could be found. Possible "
                                 "objects are: {}",
                                 starlark::quote(fragment), quoted_list(full_names)),
                     o.pos));
      }
      if (it->second.size() > 1) {
        std::vector<std::string> matching;
        for (size_t i : it->second) matching.push_back(full_names[i]);
        return tl::unexpected(
            error_at(fmt::format("{} is not a unique fragment. Objects that match {} are {}",
                                 starlark::quote(fragment), starlark::quote(fragment),
                                 quoted_list(matching)),
                     o.pos));
      }
      const K8sObject& target = all[it->second.front()];
      auto found = std::find_if(unresourced.begin(), unresourced.end(), [&](const K8sEntity& e) {
        return e.object.full_name() == target.full_name() && e.object.group == target.group;
      });
      if (found == unresourced.end()) {
        std::vector<std::string> remaining;
        for (const K8sEntity& e : unresourced) remaining.push_back(e.object.full_name());
        return tl::unexpected(error_at(
            fmt::format("No object identified by the fragment {} could be found in remaining "
                        "YAML. Valid remaining fragments are: {}",
                        starlark::quote(fragment), quoted_list(remaining)),
            o.pos));
      }
      resources[r].objects.push_back(found->object);
      unresourced.erase(found);
    }
    return {};
  }

  void apply_options(const K8sResourceOptions& o, K8sResource& r) {
    r.pos = o.pos;
    r.port_forwards.insert(r.port_forwards.end(), o.port_forwards.begin(), o.port_forwards.end());
    for (const LabelMap& sel : o.extra_pod_selectors)
      r.extra_pod_selectors.emplace_back(sel.begin(), sel.end());
    if (!o.pod_readiness.empty()) r.pod_readiness = o.pod_readiness;
    if (!o.discovery_strategy.empty()) r.discovery_strategy = o.discovery_strategy;
    if (o.trigger_mode != TriggerMode::kUnset) r.trigger_mode = o.trigger_mode;
    if (o.auto_init) r.auto_init = *o.auto_init;
    r.resource_deps.insert(r.resource_deps.end(), o.resource_deps.begin(), o.resource_deps.end());
    r.links.insert(r.links.end(), o.links.begin(), o.links.end());
    for (const std::string& l : o.labels) {
      if (std::find(r.labels.begin(), r.labels.end(), l) == r.labels.end()) r.labels.push_back(l);
    }
    std::sort(r.labels.begin(), r.labels.end());
  }

  Result<void> k8s_resource_calls() {
    std::vector<K8sObject> all;
    for (const K8sResource& r : resources)
      all.insert(all.end(), r.objects.begin(), r.objects.end());
    for (const K8sEntity& e : unresourced) all.push_back(e.object);
    for (const K8sResourceOptions& o : cs.k8s_resource_calls) {
      if (o.manually_grouped) {
        std::string problem = conflict(o.new_name);
        if (!problem.empty()) return tl::unexpected(error_at(problem, o.pos));
        manually_grouped[make_resource(o.new_name, o.pos)] = true;
      }
      size_t r = find(o.workload);
      if (r == resources.size()) {
        std::vector<std::string> known;
        for (const K8sResource& k : resources) known.push_back(k.name);
        return tl::unexpected(error_at(
            fmt::format("k8s_resource specified unknown resource {}. known k8s resources: {}",
                        starlark::quote(o.workload), fmt::join(known, ", ")),
            o.pos));
      }
      apply_options(o, resources[r]);
      if (!o.new_name.empty() && o.new_name != resources[r].name) {
        std::string problem = conflict(o.new_name);
        if (!problem.empty()) {
          return tl::unexpected(error_at(
              fmt::format("k8s_resource specified to rename {} to {}: {}",
                          starlark::quote(resources[r].name), starlark::quote(o.new_name), problem),
              o.pos));
        }
        resources[r].name = o.new_name;
      }
      PITCH_TRY(take_objects(o, r, all));
    }
    return {};
  }

  // Index of the match_in_env_vars build an env var value names, or
  // images.size().
  size_t env_var_image(const std::string& value) const {
    ImageRef ref;
    std::string unused;
    if (!parse_image_ref(value, &ref, &unused)) return cs.images.size();
    for (size_t i = 0; i < cs.images.size(); ++i) {
      const ImageTarget& img = cs.images[i];
      if (img.match_in_env_vars && img.match_name == ref.name &&
          (!img.exact_match || img.ref_tag == ref.tag))
        return i;
    }
    return cs.images.size();
  }

  bool uses_env_var_image(const K8sObject& o) const {
    return std::any_of(o.env_values.begin(), o.env_values.end(),
                       [&](const std::string& v) { return env_var_image(v) < cs.images.size(); });
  }

  // The images of a resource's objects that a build in the Tiltfile makes.
  void link_images(K8sResource& r) {
    for (const K8sObject& o : r.objects) {
      for (const std::string& v : o.env_values) {
        size_t i = env_var_image(v);
        if (i == cs.images.size()) continue;
        image_used[i] = true;
        if (std::find(r.images.begin(), r.images.end(), i) == r.images.end()) r.images.push_back(i);
      }
      for (const std::string& text : o.images) {
        ImageRef ref;
        std::string unused;
        if (!parse_image_ref(text, &ref, &unused)) continue;
        for (size_t i = 0; i < cs.images.size(); ++i) {
          const ImageTarget& img = cs.images[i];
          bool match = img.match_name == ref.name && (!img.exact_match || img.ref_tag == ref.tag);
          if (!match) continue;
          image_used[i] = true;
          if (std::find(r.images.begin(), r.images.end(), i) == r.images.end())
            r.images.push_back(i);
          break;
        }
      }
    }
  }

  // k8s_custom_deploy: the resource exists from the call on; the images
  // it names must (image_deps) or may (live update) have a build.
  Result<void> link_custom_deploy(size_t r, const ContainerState::CustomDeploy& d) {
    auto link = [&](const std::string& text) {
      ImageRef ref;
      std::string unused;
      if (!parse_image_ref(text, &ref, &unused)) return false;
      for (size_t i = 0; i < cs.images.size(); ++i) {
        const ImageTarget& img = cs.images[i];
        if (img.match_name == ref.name && (!img.exact_match || img.ref_tag == ref.tag)) {
          image_used[i] = true;
          if (std::find(resources[r].images.begin(), resources[r].images.end(), i) ==
              resources[r].images.end())
            resources[r].images.push_back(i);
          return true;
        }
      }
      return false;
    };
    for (const std::string& text : d.optional_images) link(text);
    for (const std::string& text : d.required_images) {
      if (!link(text)) {
        return tl::unexpected(
            error_at(fmt::format("resource {}: image build {} not found",
                                 starlark::quote(resources[r].name), starlark::quote(text)),
                     resources[r].pos));
      }
    }
    return {};
  }

  Result<void> run() {
    unresourced = cs.k8s_objects;
    for (const auto& d : cs.custom_deploys) {
      resources.push_back(d.resource);
      manually_grouped.push_back(false);
    }
    PITCH_TRY(by_workload());
    PITCH_TRY(with_pod_templates());
    PITCH_TRY(k8s_resource_calls());
    for (size_t i = 0; i < resources.size(); ++i) {
      if (resources[i].objects.empty() && !resources[i].custom_deploy) {
        return tl::unexpected(error_at(
            fmt::format("resource {}: could not associate any k8s_yaml() or k8s_custom_deploy() "
                        "with this resource",
                        starlark::quote(resources[i].name)),
            resources[i].pos));
      }
      link_images(resources[i]);
    }
    for (size_t i = 0; i < cs.custom_deploys.size(); ++i)
      PITCH_TRY(link_custom_deploy(i, cs.custom_deploys[i]));
    return {};
  }
};

}  // namespace

Result<void> assemble_containers(Interpreter& in, TiltfileState& ts) {
  ContainerState& cs = *ts.containers;
  Assembly a{in, ts, cs, {}, {}, {}, {}};
  a.image_used.assign(cs.images.size(), false);
  PITCH_TRY(link_image_deps(cs, &a.image_used));
  PITCH_TRY(a.run());
  link_dc_images(cs, &a.image_used);
  bool any_k8s = !a.resources.empty();
  bool any_unresourced = !a.unresourced.empty();
  warn_unused_images(ts, cs, a.image_used, any_k8s, any_unresourced);
  PITCH_TRY(check_restart_container(a.resources, cs.images));
  for (const K8sResource& r : a.resources) {
    for (size_t i : r.images) {
      if (!cs.images[i].live_update.empty()) PITCH_TRY(check_live_update(cs.images[i]));
    }
  }
  PITCH_TRY(check_unconsumed_steps(cs));
  if (any_unresourced) {
    K8sResource r;
    r.name = "uncategorized";
    r.pos = a.unresourced.front().object.pos;
    for (const K8sEntity& e : a.unresourced) r.objects.push_back(e.object);
    a.resources.push_back(std::move(r));
  }
  Manifest& m = ts.manifest;
  m.images = cs.images;
  m.k8s_resources = std::move(a.resources);
  for (const DcService& dc : cs.dc_services) m.dc_resources.push_back(dc.resource);
  return {};
}

}  // namespace pitch::tiltfile
