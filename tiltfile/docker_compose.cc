// docker_compose() and dc_resource() (Tilt's internal/tiltfile/
// docker_compose.go). Compose files are read here (yaml-cpp), not by the
// docker CLI: services, their image or build, depends_on, published ports
// and profiles, which is what the Plan needs. Service order follows
// compose-go: by name, each after the services it depends on.
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "tiltfile/api.h"
#include "tiltfile/blob.h"
#include "tiltfile/container_state.h"
#include "tiltfile/image_ref.h"
#include "tiltfile/link.h"
#include "tiltfile/settings.h"
#include "tiltfile/starlark/ops.h"
#include "tiltfile/unpack.h"

namespace pitch::tiltfile {
namespace {

using starlark::CallArgs;
using starlark::Interpreter;
using starlark::Value;

// compose-go's NormalizeProjectName: lower case, only [a-z0-9_-].
std::string normalize_project_name(const std::string& s) {
  std::string out;
  for (char c : s) {
    char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if ((l >= 'a' && l <= 'z') || (l >= '0' && l <= '9') || l == '_' || l == '-') out += l;
  }
  size_t start = out.find_first_not_of("_-");
  return start == std::string::npos ? "" : out.substr(start);
}

struct ServiceConfig {
  std::string image;
  std::string build_context;  // as written
  std::string dockerfile;
  std::vector<std::string> depends_on;
  std::vector<int> published_ports;
  std::vector<std::string> profiles;
};

std::vector<std::string> names_of(const YAML::Node& n) {
  std::vector<std::string> out;
  if (n.IsSequence()) {
    for (const YAML::Node& e : n) out.push_back(e.as<std::string>());
  } else if (n.IsMap()) {
    for (const auto& kv : n) out.push_back(kv.first.as<std::string>());
  }
  return out;
}

void read_service(const YAML::Node& n, ServiceConfig* s) {
  if (!n.IsMap()) return;
  if (n["image"]) s->image = n["image"].as<std::string>();
  if (const YAML::Node b = n["build"]) {
    if (b.IsScalar()) {
      s->build_context = b.as<std::string>();
    } else if (b.IsMap()) {
      s->build_context = b["context"] ? b["context"].as<std::string>() : ".";
      if (b["dockerfile"]) s->dockerfile = b["dockerfile"].as<std::string>();
    }
  }
  if (n["depends_on"]) s->depends_on = names_of(n["depends_on"]);
  if (n["profiles"]) s->profiles = names_of(n["profiles"]);
  if (const YAML::Node ports = n["ports"]; ports && ports.IsSequence()) {
    s->published_ports.clear();
    for (const YAML::Node& p : ports) {
      std::string published;
      if (p.IsScalar()) {
        std::string spec = p.as<std::string>();
        size_t colon = spec.rfind(':');
        if (colon != std::string::npos) {
          published = spec.substr(0, colon);
          published = published.substr(
              published.rfind(':') == std::string::npos ? 0 : published.rfind(':') + 1);
        }
      } else if (p.IsMap() && p["published"]) {
        published = p["published"].as<std::string>();
      }
      if (!published.empty() && published.find_first_not_of("0123456789") == std::string::npos) {
        int port = std::stoi(published);
        if (port != 0) s->published_ports.push_back(port);
      }
    }
  }
}

// Services of every file of the project, later files overriding earlier
// ones key by key. False with *error.
bool load_services(const DcProject& p, std::map<std::string, ServiceConfig>* out,
                   std::string* error) {
  std::vector<std::pair<std::string, std::string>> texts;  // (where, text)
  for (const std::string& path : p.config_paths) {
    std::ifstream f(path);
    if (!f) {
      *error = fmt::format("open {}: no such file or directory", path);
      return false;
    }
    std::ostringstream ss;
    ss << f.rdbuf();
    texts.emplace_back(path, ss.str());
  }
  for (const std::string& b : p.blobs) texts.emplace_back("blob", b);
  try {
    for (const auto& [where, text] : texts) {
      YAML::Node doc = YAML::Load(text);
      if (!doc.IsMap() || !doc["services"] || !doc["services"].IsMap()) continue;
      for (const auto& kv : doc["services"])
        read_service(kv.second, &(*out)[kv.first.as<std::string>()]);
    }
  } catch (const YAML::Exception& e) {
    *error = fmt::format("yaml: line {}: {}", e.mark.line + 1, e.msg);
    return false;
  }
  // Services in profiles no one enabled are not part of the project.
  for (auto it = out->begin(); it != out->end();) {
    const auto& profiles = it->second.profiles;
    bool active = profiles.empty() || std::any_of(profiles.begin(), profiles.end(), [&](auto& x) {
                    return std::find(p.profiles.begin(), p.profiles.end(), x) != p.profiles.end();
                  });
    it = active ? std::next(it) : out->erase(it);
  }
  return true;
}

// By name, each service after those it depends on.
std::vector<std::string> service_order(const std::map<std::string, ServiceConfig>& services) {
  std::vector<std::string> order;
  std::set<std::string> done;
  std::function<void(const std::string&, int)> visit = [&](const std::string& name, int depth) {
    if (done.count(name) || depth > 100 || !services.count(name)) return;
    for (const std::string& dep : services.at(name).depends_on) visit(dep, depth + 1);
    if (done.insert(name).second) order.push_back(name);
  };
  for (const auto& [name, unused] : services) visit(name, 0);
  return order;
}

std::string conflict(const TiltfileState& ts, const std::string& name, const std::string& project) {
  for (const LocalResource& r : ts.manifest.local_resources) {
    if (r.name == name)
      return fmt::format("local_resource named {} already exists", starlark::quote(name));
  }
  for (const DcService& dc : ts.containers->dc_services) {
    if (dc.resource.name == name && dc.resource.project_name != project)
      return fmt::format("dc_resource named {} already exists", starlark::quote(name));
  }
  return "";
}

bool rebuild_services(Interpreter& in, TiltfileState& ts, const DcProject& p) {
  std::map<std::string, ServiceConfig> services;
  std::string error;
  if (!load_services(p, &services, &error)) {
    in.fail(error);
    return false;
  }
  ContainerState& cs = *ts.containers;
  // Keep the options of services already known (dc_resource may have run).
  std::map<std::string, DcService> old;
  std::vector<DcService> others;
  for (DcService& s : cs.dc_services) {
    if (s.resource.project_name == p.name) {
      old[s.resource.service] = std::move(s);
    } else {
      others.push_back(std::move(s));
    }
  }
  cs.dc_services = std::move(others);
  for (const std::string& name : service_order(services)) {
    const ServiceConfig& cfg = services[name];
    std::string problem = conflict(ts, name, p.name);
    if (!problem.empty()) {
      in.fail(problem);
      return false;
    }
    DcService svc;
    if (auto it = old.find(name); it != old.end()) svc = std::move(it->second);
    DcResource& r = svc.resource;
    if (r.name.empty()) r.name = name;
    r.service = name;
    if (!r.pos.known()) r.pos = in.call_start();
    r.project_name = p.name;
    r.compose_files = p.config_paths;
    r.image = cfg.image.empty() ? p.name + "_" + name : cfg.image;
    ImageRef ref;
    if (!parse_image_ref(r.image, &ref, &error)) {
      in.failf("getting service {}: Error parsing image name {}: {}", name,
               starlark::quote(r.image), error);
      return false;
    }
    for (const std::string& dep : cfg.depends_on) {
      auto& deps = r.resource_deps;
      if (std::none_of(deps.begin(), deps.end(), [&](auto& d) { return d.name == dep; }))
        deps.push_back(ResourceDepRef{dep, r.pos});
    }
    std::sort(r.resource_deps.begin(), r.resource_deps.end(),
              [](const ResourceDepRef& a, const ResourceDepRef& b) { return a.name < b.name; });
    r.links.clear();
    for (int port : cfg.published_ports)
      r.links.push_back(Link{fmt::format("http://localhost:{}/", port), ""});
    if (!cfg.build_context.empty()) {
      svc.build_context = abs_path(p.project_path, cfg.build_context);
      svc.dockerfile =
          abs_path(svc.build_context, cfg.dockerfile.empty() ? "Dockerfile" : cfg.dockerfile);
    }
    cs.dc_services.push_back(std::move(svc));
  }
  return true;
}

Value docker_compose(Interpreter& in, const CallArgs& args, TiltfileState& ts) {
  Value config_paths;
  DcProject project;
  std::string env_file;
  bool wait = false, profiles_set = false;
  if (!unpack(in, "docker_compose", args,
              {{"configPaths", store(&config_paths)},
               {"env_file?", to_local_path(ts.exec_dir(), &env_file)},
               {"project_name?", to_string(&project.name)},
               {"profiles?",
                [&](Interpreter& i, Value v, std::string* err) {
                  profiles_set = true;
                  return to_string_or_list(&project.profiles)(i, v, err);
                }},
               {"wait?", to_bool(&wait)}})) {
    return Value();
  }
  std::vector<Value> paths = value_or_sequence(in, config_paths);
  if (paths.empty()) return in.fail("Nothing to compose");
  if (!env_file.empty()) ts.record_file(env_file);
  for (Value v : paths) {
    if (const Blob* blob = as_blob(v)) {
      project.blobs.push_back(blob->text());
      continue;
    }
    if (!v.is_string()) {
      return in.failf("expected blob | path (string). Actual type: {}", go_type(v));
    }
    std::string path = abs_path(ts.exec_dir(), std::string(v.as<starlark::String>()->str()));
    if (project.project_path.empty()) project.project_path = dir_name(path);
    if (project.name.empty())
      project.name = normalize_project_name(dir_name(path).substr(dir_name(path).rfind('/') + 1));
    project.config_paths.push_back(path);
    ts.record_file(path);
  }
  const std::string tiltfile_dir = ts.exec_dir();
  if (project.name.empty())
    project.name = normalize_project_name(tiltfile_dir.substr(tiltfile_dir.rfind('/') + 1));
  if (project.project_path.empty()) project.project_path = tiltfile_dir;
  if (!profiles_set) {
    if (const char* env = std::getenv("COMPOSE_PROFILES"); env != nullptr && *env != '\0') {
      std::string list = env;
      for (size_t start = 0;;) {
        size_t comma = list.find(',', start);
        project.profiles.push_back(list.substr(start, comma - start));
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
    }
  }
  ContainerState& cs = *ts.containers;
  auto it = std::find_if(cs.dc_projects.begin(), cs.dc_projects.end(),
                         [&](const DcProject& p) { return p.name == project.name; });
  if (it == cs.dc_projects.end()) {
    cs.dc_projects.push_back(project);
    it = cs.dc_projects.end() - 1;
  } else {
    for (const std::string& p : project.config_paths) {
      if (std::find(it->config_paths.begin(), it->config_paths.end(), p) == it->config_paths.end())
        it->config_paths.push_back(p);
    }
    it->blobs.insert(it->blobs.end(), project.blobs.begin(), project.blobs.end());
  }
  if (!rebuild_services(in, ts, *it)) return Value();
  return Value::none();
}

Value dc_resource(Interpreter& in, const CallArgs& args, TiltfileState& ts) {
  std::string name, project_name, new_name;
  Value image, resource_deps;
  TriggerMode trigger_mode = TriggerMode::kUnset;
  bool infer_links = true, auto_init = true, auto_init_set = false;
  std::vector<Link> links;
  std::vector<std::string> labels;
  if (!unpack(in, "dc_resource", args,
              {{"name", to_string(&name)},
               {"image?", store(&image)},
               {"trigger_mode?", to_trigger_mode(&trigger_mode)},
               {"resource_deps?", to_sequence(&resource_deps)},
               {"infer_links?", to_bool(&infer_links)},
               {"links?", to_links(&links)},
               {"labels?", to_labels(&labels)},
               {"auto_init?",
                [&](Interpreter& i, Value v, std::string* err) {
                  auto_init_set = true;
                  return to_bool(&auto_init)(i, v, err);
                }},
               {"project_name?", to_string(&project_name)},
               {"new_name?", to_string(&new_name)}})) {
    return Value();
  }
  if (name.empty()) return in.fail("dc_resource: `name` must not be empty");
  if (image.ok() && !image.is_string())
    return in.failf("image arg must be a string; got {}", go_type(image));
  ContainerState& cs = *ts.containers;
  DcService* found = nullptr;
  std::vector<std::string> all;
  for (DcService& s : cs.dc_services) {
    if (!project_name.empty() && s.resource.project_name != project_name) continue;
    all.push_back(s.resource.name);
    if (s.resource.name != name) continue;
    if (found != nullptr) {
      return in.failf(
          "found multiple resources named {}, please specify which one with project_name= "
          "argument",
          starlark::quote(name));
    }
    found = &s;
  }
  if (found == nullptr) {
    return in.failf("no Docker Compose service found with name {}. Found these instead:\n\t{}",
                    starlark::quote(name), fmt::join(all, "; "));
  }
  DcResource& r = found->resource;
  if (!new_name.empty()) {
    std::string problem = conflict(ts, new_name, "");
    if (!problem.empty()) return in.fail(problem);
    for (DcService& s : cs.dc_services) {
      for (ResourceDepRef& d : s.resource.resource_deps) {
        if (s.resource.project_name == r.project_name && d.name == r.name) d.name = new_name;
      }
    }
    r.name = new_name;
  }
  if (trigger_mode != TriggerMode::kUnset) r.trigger_mode = trigger_mode;
  if (!infer_links) r.links.clear();
  r.links.insert(r.links.end(), links.begin(), links.end());
  for (const std::string& l : labels) {
    if (std::find(r.labels.begin(), r.labels.end(), l) == r.labels.end()) r.labels.push_back(l);
  }
  std::sort(r.labels.begin(), r.labels.end());
  if (image.ok()) {
    std::string text(image.as<starlark::String>()->str()), error;
    ImageRef ref;
    if (!parse_image_ref(text, &ref, &error)) return in.fail(error);
    r.image = text;
  }
  std::vector<std::string> deps;
  std::string error;
  if (resource_deps.ok() && !sequence_to_strings(in, resource_deps, &deps, &error))
    return in.failf("dc_resource: resource_deps: {}", error);
  for (const std::string& d : deps) {
    auto& rd = r.resource_deps;
    if (std::none_of(rd.begin(), rd.end(), [&](auto& x) { return x.name == d; }))
      rd.push_back(ResourceDepRef{d, in.call_start()});
  }
  if (auto_init_set) r.auto_init = auto_init;
  r.pos = in.call_start();
  return Value::none();
}

}  // namespace

void add_docker_compose_api(Interpreter& in, TiltfileState& state, Predeclared& names) {
  TiltfileState* s = &state;
  names["docker_compose"] =
      make_builtin(in, "docker_compose",
                   [s](Interpreter& i, const CallArgs& a) { return docker_compose(i, a, *s); });
  names["dc_resource"] = make_builtin(
      in, "dc_resource", [s](Interpreter& i, const CallArgs& a) { return dc_resource(i, a, *s); });
}

}  // namespace pitch::tiltfile
