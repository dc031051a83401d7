// k8s_resource(), port_forward() and workload_to_resource_function()
// (Tilt's internal/tiltfile/k8s.go). k8s_resource only records its
// options: which workload they apply to is settled after the Tiltfile ran
// (k8s_assemble.cc), as in Tilt.
#include <fmt/format.h>

#include <regex>

#include "tiltfile/api.h"
#include "tiltfile/container_state.h"
#include "tiltfile/link.h"
#include "tiltfile/settings.h"
#include "tiltfile/starlark/function.h"
#include "tiltfile/starlark/host_object.h"
#include "tiltfile/starlark/ops.h"
#include "tiltfile/unpack.h"

namespace pitch::tiltfile {
namespace {

using starlark::CallArgs;
using starlark::Interpreter;
using starlark::Type;
using starlark::Value;

class PortForwardValue : public starlark::HostObject {
 public:
  explicit PortForwardValue(PortForward pf) : pf_(std::move(pf)) {}
  std::string_view type_name() const override { return "port_forward"; }
  void write_repr(starlark::Printer& p) const override {
    p.out += fmt::format("port_forward(local_port={}, container_port={}, name={})", pf_.local_port,
                         pf_.container_port, starlark::quote(pf_.name));
  }
  bool truth() const override {
    return pf_.local_port != 0 || pf_.container_port != 0 || !pf_.host.empty() ||
           !pf_.name.empty() || !pf_.link_path.empty();
  }
  const PortForward& spec() const { return pf_; }

 private:
  PortForward pf_;
};

const PortForwardValue* as_port_forward(Value v) {
  if (!starlark::is_host(v)) return nullptr;
  return dynamic_cast<const PortForwardValue*>(starlark::as_host(v));
}

bool int_port(Value v, PortForward* out, std::string* err) {
  if (v.type() == Type::kBigInt) {
    *err = fmt::format("portForward port value {} is not representable as an int64",
                       starlark::repr(v));
    return false;
  }
  int64_t n = v.as_int();
  if (n < 0 || n > 65535) {
    *err = fmt::format("portForward port value {} is not in the valid range [0-65535]", n);
    return false;
  }
  *out = PortForward{};
  out->local_port = static_cast<int>(n);
  return true;
}

bool parse_port(const std::string& s, int* out) {
  if (s.empty() || s.size() > 6) return false;
  size_t i = (s[0] == '+' || s[0] == '-') ? 1 : 0;
  if (i == s.size()) return false;
  for (size_t j = i; j < s.size(); ++j) {
    if (s[j] < '0' || s[j] > '9') return false;
  }
  int n = std::stoi(s);
  if (n < 0 || n > 65535) return false;
  *out = n;
  return true;
}

// "8000", "8000:80", "host:8000:80".
bool string_port(const std::string& s, PortForward* out, std::string* err) {
  static const std::regex valid_host(
      R"(^(([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])\.){3}([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])$|^(([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9\-]*[a-zA-Z0-9])\.)*([A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9\-]*[A-Za-z0-9])$)");
  std::vector<std::string> parts;
  size_t start = 0;
  while (parts.size() < 2) {
    size_t colon = s.find(':', start);
    if (colon == std::string::npos) break;
    parts.push_back(s.substr(start, colon - start));
    start = colon + 1;
  }
  parts.push_back(s.substr(start));
  *out = PortForward{};
  std::string local = parts[0];
  if (parts.size() == 3) {
    local = parts[1];
    out->host = parts[0];
    // Tilt's message names the port, not the host.
    if (!std::regex_search(out->host, valid_host)) {
      *err = fmt::format("portForward host value {} is not a valid hostname or IP address",
                         starlark::quote(local));
      return false;
    }
  }
  if (!parse_port(local, &out->local_port)) {
    *err = fmt::format("portForward port value {} is not in the valid range [0-65535]",
                       starlark::quote(local));
    return false;
  }
  if (parts.size() > 1 && !parse_port(parts.back(), &out->container_port)) {
    *err = fmt::format("portForward port value {} is not in the valid range [0-65535]",
                       starlark::quote(parts.back()));
    return false;
  }
  return true;
}

bool one_port(Value v, PortForward* out, std::string* err) {
  if (v.type() == Type::kInt || v.type() == Type::kBigInt) return int_port(v, out, err);
  if (v.is_string()) return string_port(std::string(v.as<starlark::String>()->str()), out, err);
  if (const PortForwardValue* pf = as_port_forward(v)) {
    *out = pf->spec();
    return true;
  }
  return false;
}

// convertPortForwards; *err empty when the value is well formed.
bool to_port_forwards(Interpreter& in, Value v, std::vector<PortForward>* out, std::string* err) {
  if (!v.ok() || v.is_none()) return true;
  PortForward pf;
  if (one_port(v, &pf, err)) {
    out->push_back(pf);
    return true;
  }
  if (!err->empty()) return false;
  if (!is_sequence(v)) {
    *err =
        fmt::format("port_forwards must be an int, a port_forward, or a sequence of those; is a {}",
                    go_type(v));
    return false;
  }
  std::vector<Value> items;
  starlark::iterate(in, v, items);
  for (Value item : items) {
    if (one_port(item, &pf, err)) {
      out->push_back(pf);
      continue;
    }
    if (err->empty()) {
      *err = fmt::format(
          "port_forwards arg {} includes element {} which must be an int or a port_forward; is a "
          "{}",
          starlark::str(v), starlark::str(item), go_type(item));
    }
    return false;
  }
  return true;
}

bool label_set(Value d, LabelMap* out, std::string* err) {
  for (const starlark::Dict::Entry& e : d.as<starlark::Dict>()->entries()) {
    if (!e.key.ok()) continue;
    if (!e.key.is_string()) {
      *err = fmt::format("pod label keys must be strings; got '{}' of type {}",
                         starlark::str(e.key), go_type(e.key));
      return false;
    }
    if (!e.value.is_string()) {
      *err = fmt::format("pod label values must be strings; got '{}' of type {}",
                         starlark::str(e.value), go_type(e.value));
      return false;
    }
    (*out)[std::string(e.key.as<starlark::String>()->str())] =
        e.value.as<starlark::String>()->str();
  }
  return true;
}

bool to_pod_selectors(Value v, std::vector<LabelMap>* out, std::string* err) {
  if (!v.ok()) return true;
  std::vector<Value> dicts;
  if (v.type() == Type::kDict) {
    dicts.push_back(v);
  } else if (v.type() == Type::kList) {
    for (Value item : v.as<starlark::List>()->elems()) {
      if (item.type() != Type::kDict) {
        *err = fmt::format("pod labels elements must be dicts; got {}", go_type(item));
        return false;
      }
      dicts.push_back(item);
    }
  } else {
    *err = fmt::format("pod labels must be a dict or a list; got {}", go_type(v));
    return false;
  }
  for (Value d : dicts) {
    LabelMap labels;
    if (!label_set(d, &labels, err)) return false;
    if (!labels.empty()) out->push_back(std::move(labels));
  }
  return true;
}

// A string parameter with a fixed set of values (PodReadinessMode,
// DiscoveryStrategy).
ArgConverter to_choice(std::string* out, std::vector<std::string> allowed, std::string invalid) {
  return [out, allowed, invalid](Interpreter&, Value v, std::string* err) {
    std::string s;
    if (!as_string(v, &s)) {
      *err = fmt::format("Must be a string. Got: {}", type_of(v));
      return false;
    }
    if (std::find(allowed.begin(), allowed.end(), s) == allowed.end()) {
      *err = fmt::format(fmt::runtime(invalid), s);
      return false;
    }
    *out = s;
    return true;
  };
}

Value k8s_resource(Interpreter& in, const CallArgs& args, TiltfileState& ts) {
  K8sResourceOptions o;
  Value port_forwards, extra_pod_selectors, resource_deps, objects;
  bool auto_init = true, auto_init_set = false;
  if (!unpack(in, "k8s_resource", args,
              {{"workload?", to_name(&o.workload)},
               {"new_name?", to_name(&o.new_name)},
               {"port_forwards?", store(&port_forwards)},
               {"extra_pod_selectors?", store(&extra_pod_selectors)},
               {"trigger_mode?", to_trigger_mode(&o.trigger_mode)},
               {"resource_deps?", to_sequence(&resource_deps)},
               {"objects?", to_sequence(&objects)},
               {"auto_init?",
                [&](Interpreter& i, Value v, std::string* err) {
                  auto_init_set = true;
                  return to_bool(&auto_init)(i, v, err);
                }},
               {"pod_readiness?", to_choice(&o.pod_readiness, {"ignore", "wait", "succeeded", ""},
                                            "Invalid value. Allowed: {{ignore, wait}}. Got: {}")},
               {"links?", to_links(&o.links)},
               {"labels?", to_labels(&o.labels)},
               {"discovery_strategy?",
                to_choice(&o.discovery_strategy, {"", "default", "selectors-only"},
                          "Invalid. Must be one of: \"default\", \"selectors-only\"")}})) {
    return Value();
  }
  if (auto_init_set) o.auto_init = auto_init;
  if (o.workload.empty()) {
    o.workload = o.new_name;
    o.manually_grouped = true;
  }
  if (o.workload.empty()) {
    return in.fail(
        "Resource name missing. Must give a name for an existing resource or a new_name to "
        "create a new resource.");
  }
  std::string err;
  if (!to_port_forwards(in, port_forwards, &o.port_forwards, &err))
    return in.failf("k8s_resource {}: {}", starlark::quote(o.workload), err);
  if (!to_pod_selectors(extra_pod_selectors, &o.extra_pod_selectors, &err)) return in.fail(err);
  std::vector<std::string> deps;
  if (resource_deps.ok() && !sequence_to_strings(in, resource_deps, &deps, &err))
    return in.failf("k8s_resource: resource_deps: {}", err);
  for (std::string& d : deps) o.resource_deps.push_back(ResourceDepRef{d, in.call_start()});
  // Tilt's message says resource_deps here too.
  if (objects.ok() && !sequence_to_strings(in, objects, &o.objects, &err))
    return in.failf("k8s_resource: resource_deps: {}", err);
  if (o.manually_grouped && o.objects.empty()) {
    return in.fail(
        "k8s_resource doesn't specify a workload or any objects. All non-workload resources must "
        "specify 1 or more objects");
  }
  o.pos = in.call_start();
  o.where = call_where(in);
  ts.containers->k8s_resource_calls.push_back(std::move(o));
  return Value::none();
}

Value port_forward(Interpreter& in, const CallArgs& args) {
  PortForward pf;
  int64_t local = 0, container = 0;
  if (!unpack(in, "port_forward", args,
              {{"local_port", to_int(&local)},
               {"container_port?", to_int(&container)},
               {"name?", to_string(&pf.name)},
               {"link_path?", to_string(&pf.link_path)},
               {"host?", to_string(&pf.host)}})) {
    return Value();
  }
  pf.local_port = static_cast<int>(local);
  pf.container_port = static_cast<int>(container);
  return Value(in.heap().make<PortForwardValue>(pf));
}

Value workload_to_resource_function(Interpreter& in, const CallArgs& args, TiltfileState& ts) {
  Value fn;
  if (!unpack(in, "workload_to_resource_function", args,
              {{"func", [&fn](Interpreter&, Value v, std::string* err) {
                  if (v.type() != Type::kFunction) {
                    *err = fmt::format("got {}, want function", type_of(v));
                    return false;
                  }
                  fn = v;
                  return true;
                }}})) {
    return Value();
  }
  const starlark::FunctionDef& def = fn.as<starlark::Function>()->def();
  int params = def.num_params + (def.has_varargs ? 1 : 0) + (def.has_kwargs ? 1 : 0);
  if (params != 1) {
    return in.failf("workload_to_resource_function arg must take 1 argument. {} takes {}", def.name,
                    params);
  }
  ContainerState& state = *ts.containers;
  state.workload_to_resource_fn = fn;
  state.workload_to_resource_pos = in.call_start();
  state.workload_to_resource_where =
      fmt::format("{}:{}:{}", in.current_file(), def.pos.line, def.pos.col);
  return Value::none();
}

Value allow_k8s_contexts(Interpreter& in, const CallArgs& args, TiltfileState& ts) {
  Value contexts;
  if (!unpack(in, "allow_k8s_contexts", args, {{"contexts", store(&contexts)}})) return Value();
  std::vector<std::string> added;
  for (Value c : value_or_sequence(in, contexts)) {
    if (!c.is_string()) {
      return in.failf(
          "allow_k8s_contexts contexts must be a string or a sequence of strings; found a {}",
          go_type(c));
    }
    added.emplace_back(c.as<starlark::String>()->str());
  }
  auto& allowed = ts.manifest.settings.allowed_k8s_contexts;
  allowed.insert(allowed.begin(), added.begin(), added.end());
  return Value::none();
}

}  // namespace

void add_k8s_resource_api(Interpreter& in, TiltfileState& state, Predeclared& names) {
  TiltfileState* s = &state;
  names["k8s_resource"] = make_builtin(in, "k8s_resource", [s](Interpreter& i, const CallArgs& a) {
    return k8s_resource(i, a, *s);
  });
  names["port_forward"] = make_builtin(in, "port_forward", port_forward);
  names["allow_k8s_contexts"] =
      make_builtin(in, "allow_k8s_contexts",
                   [s](Interpreter& i, const CallArgs& a) { return allow_k8s_contexts(i, a, *s); });
  names["workload_to_resource_function"] = make_builtin(
      in, "workload_to_resource_function",
      [s](Interpreter& i, const CallArgs& a) { return workload_to_resource_function(i, a, *s); });
}

}  // namespace pitch::tiltfile
