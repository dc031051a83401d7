// docker_build() and custom_build() (Tilt's internal/tiltfile/docker.go):
// every parameter, Tilt's checks and messages. Images are recorded in
// ContainerState; which resources use them is decided after the Tiltfile
// ran (k8s_assemble.cc).
#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <system_error>

#include "tiltfile/api.h"
#include "tiltfile/blob.h"
#include "tiltfile/image_ref.h"
#include "tiltfile/live_update.h"
#include "tiltfile/local_resource.h"
#include "tiltfile/starlark/host_object.h"
#include "tiltfile/starlark/ops.h"

namespace pitch::tiltfile {
namespace {

using starlark::CallArgs;
using starlark::Interpreter;
using starlark::Value;

// What custom_build returns: prints as custom_build("ref").
class CustomBuildValue : public starlark::HostObject {
 public:
  explicit CustomBuildValue(std::string ref) : ref_(std::move(ref)) {}
  std::string_view type_name() const override { return "custom_build"; }
  void write_repr(starlark::Printer& p) const override {
    p.out += "custom_build(" + starlark::quote(ref_) + ")";
  }

 private:
  std::string ref_;
};

// A value.LocalPath that, like Tilt's "name??" parameters, treats None as
// not given.
ArgConverter to_optional_path(const std::string& dir, std::string* out, bool* set) {
  ArgConverter path = to_local_path(dir, out, set);
  return [path](Interpreter& in, Value v, std::string* err) {
    return v.is_none() || path(in, v, err);
  };
}

bool parse_ref(Interpreter& in, const std::string& text, ImageTarget* img) {
  ImageRef ref;
  std::string error;
  if (!parse_image_ref(text, &ref, &error)) {
    in.failf("Argument 1 (ref): can't parse {}: {}", starlark::quote(text), error);
    return false;
  }
  img->ref = text;
  img->match_name = ref.name;
  img->ref_tag = ref.tag;
  return true;
}

// parseValuesToStrings(v, param).
bool to_patterns(Interpreter& in, Value v, const char* param, std::vector<std::string>* out) {
  for (Value item : value_or_sequence(in, v)) {
    if (!item.is_string()) {
      in.failf("{} must be a string or a sequence of strings; found a {}", param, go_type(item));
      return false;
    }
    std::string_view s = item.as<starlark::String>()->str();
    if (s.find('\n') != std::string::npos) {
      in.failf("{} cannot contain newlines; found {}: {}", param, param, starlark::quote(s));
      return false;
    }
    out->push_back(std::string(s));
  }
  return true;
}

bool check_container_args(Interpreter& in, Value v) {
  if (!v.ok() || v.is_none()) return true;
  std::vector<std::string> args;
  std::string error;
  if (!sequence_to_strings(in, v, &args, &error)) {
    in.failf("Argument 'container_args': {}", error);
    return false;
  }
  return true;
}

// buildIndex.addImage: one build per ref; two builds of one name (with
// different tags) both match exactly.
}  // namespace

bool add_image_target(Interpreter& in, ContainerState& state, ImageTarget img) {
  for (const ImageTarget& other : state.images) {
    if (other.match_name == img.match_name && other.ref_tag == img.ref_tag) {
      ImageRef ref;
      std::string unused;
      parse_image_ref(img.ref, &ref, &unused);
      std::string familiar = ref.familiar_name() + (ref.tag.empty() ? "" : ":" + ref.tag);
      in.failf("Image for ref {} has already been defined", starlark::quote(familiar));
      return false;
    }
  }
  for (ImageTarget& other : state.images) {
    if (other.match_name == img.match_name) other.exact_match = img.exact_match = true;
  }
  state.images.push_back(std::move(img));
  return true;
}

namespace {

// The images a Dockerfile's FROM lines name (not earlier stages), with
// ${ARG}s from build_args or the ARG default substituted.
std::vector<std::string> from_images(const std::string& text,
                                     const std::vector<std::pair<std::string, std::string>>& args) {
  std::map<std::string, std::string> vars(args.begin(), args.end());
  std::vector<std::string> stages, out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::istringstream words(line);
    std::vector<std::string> w;
    for (std::string x; words >> x;) w.push_back(x);
    if (w.empty()) continue;
    std::string cmd = w[0];
    for (char& c : cmd) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (cmd == "ARG" && w.size() > 1) {
      size_t eq = w[1].find('=');
      std::string name = w[1].substr(0, eq);
      if (!vars.count(name) && eq != std::string::npos) vars[name] = w[1].substr(eq + 1);
      continue;
    }
    if (cmd != "FROM") continue;
    size_t i = 1;
    while (i < w.size() && w[i].rfind("--", 0) == 0) ++i;
    if (i >= w.size()) continue;
    std::string image = w[i];
    for (const auto& [k, v] : vars) {
      for (const std::string& form : {"${" + k + "}", "$" + k}) {
        for (size_t at; (at = image.find(form)) != std::string::npos;)
          image.replace(at, form.size(), v);
      }
    }
    if (std::find(stages.begin(), stages.end(), image) == stages.end() && image != "scratch")
      out.push_back(image);
    if (i + 2 < w.size()) stages.push_back(w[i + 2]);  // FROM image AS stage
  }
  return out;
}

bool read_dockerfile(Interpreter& in, TiltfileState& ts, const std::string& path,
                     std::string* text) {
  ts.record_file(path);
  std::ifstream f(path);
  if (f) {
    std::ostringstream ss;
    ss << f.rdbuf();
    *text = ss.str();
  }
  if (!f) {
    std::error_code ec(errno, std::generic_category());
    in.failf(
        "error reading dockerfile: open {}: {}", path,
        ec == std::errc::no_such_file_or_directory ? "no such file or directory" : ec.message());
    return false;
  }
  return true;
}

Value docker_build(Interpreter& in, const CallArgs& args, TiltfileState& ts) {
  ImageTarget img;
  img.kind = ImageTarget::Kind::kDockerBuild;
  const std::string dir = ts.exec_dir();
  std::string ref, dockerfile, network, platform;
  bool dockerfile_set = false;
  Value contents, cache, live_update, ignore, only, entrypoint, container_args;
  std::vector<std::pair<std::string, std::string>> build_args;
  std::vector<std::string> ssh, secret, extra_tags, cache_from, extra_hosts;
  bool pull = false;
  if (!unpack(in, "docker_build", args,
              {{"ref", to_string(&ref)},
               {"context", to_local_path(dir, &img.context)},
               {"build_args?", to_string_map(&build_args)},
               {"dockerfile?", to_optional_path(dir, &dockerfile, &dockerfile_set)},
               {"dockerfile_contents?", store(&contents)},
               {"cache?", store(&cache)},
               {"live_update?", store(&live_update)},
               {"match_in_env_vars?", to_bool(&img.match_in_env_vars)},
               {"ignore?", store(&ignore)},
               {"only?", store(&only)},
               {"entrypoint?", store(&entrypoint)},
               {"container_args?", to_sequence(&container_args)},
               {"target?", to_string(&img.target)},
               {"ssh?", to_string_or_list(&ssh)},
               {"secret?", to_string_or_list(&secret)},
               {"network?", to_stringable(&network)},
               {"extra_tag?", to_string_or_list(&extra_tags)},
               {"cache_from?", to_string_or_list(&cache_from)},
               {"pull?", to_bool(&pull)},
               {"platform?", to_stringable(&platform)},
               {"extra_hosts?", to_string_or_list(&extra_hosts)}})) {
    return Value();
  }
  if (!parse_ref(in, ref, &img)) return Value();
  img.pos = in.call_start();
  img.dockerfile = dockerfile_set ? dockerfile : abs_path(img.context, "Dockerfile");
  bool has_contents = contents.ok() && !contents.is_none();
  if (has_contents && dockerfile_set)
    return in.fail("Cannot specify both dockerfile and dockerfile_contents keyword arguments");
  std::string text;
  if (has_contents) {
    if (!as_string(contents, &text))
      return in.fail("Argument (dockerfile_contents): must be string or blob.");
    img.dockerfile.clear();
  } else if (!read_dockerfile(in, ts, img.dockerfile, &text)) {
    return Value();
  }
  img.from_images = from_images(text, build_args);
  if (cache.ok()) {
    ts.warn(in,
            "docker_build(cache=...) is obsolete, and currently a no-op.\nYou should switch to "
            "live_update to optimize your builds.");
  }
  if (!live_update_from_steps(in, *ts.containers, live_update, dir, &img.live_update)) {
    return Value();
  }
  if (!to_patterns(in, ignore, "ignore", &img.ignore) || !to_patterns(in, only, "only", &img.only))
    return Value();
  for (const std::string& p : img.only) {
    if (p.find('*') != std::string::npos)
      return in.failf("'only' does not support '*' file globs. Must be a real path: {}", p);
  }
  if (!to_command(in, entrypoint, &img.entrypoint) || !check_container_args(in, container_args))
    return Value();
  for (const std::string& tag : extra_tags) {
    ImageRef unused;
    std::string error;
    if (!parse_image_ref(tag, &unused, &error)) {
      return in.failf("Argument extra_tag={} not a valid image reference: {}", starlark::quote(tag),
                      error);
    }
  }
  for (const auto& [k, v] : build_args) img.build_args.push_back(v.empty() ? k : k + "=" + v);
  std::sort(img.build_args.begin(), img.build_args.end());
  if (!add_image_target(in, *ts.containers, std::move(img))) return Value();
  return Value::none();
}

// image_deps: a list of image refs (value.ImageList).
ArgConverter to_image_list(std::vector<std::string>* out) {
  return [out](Interpreter& in, Value v, std::string* err) {
    if (v.type() != starlark::Type::kList && v.type() != starlark::Type::kTuple) {
      *err = fmt::format("Expected list, got {}", type_of(v));
      return false;
    }
    std::vector<Value> items;
    starlark::iterate(in, v, items);
    for (Value item : items) {
      std::string s, error;
      ImageRef ref;
      if (!as_string(item, &s)) {
        *err = fmt::format("Expected string, got {}", type_of(item));
        return false;
      }
      if (!parse_image_ref(s, &ref, &error)) {
        *err = fmt::format("Argument image_deps: can't parse {}: {}", starlark::quote(s), error);
        return false;
      }
      out->push_back(s);
    }
    return true;
  };
}

Value custom_build(Interpreter& in, const CallArgs& args, TiltfileState& ts) {
  ImageTarget img;
  img.kind = ImageTarget::Kind::kCustomBuild;
  const std::string dir = ts.exec_dir();
  std::string ref;
  Value command, command_bat_val, command_bat, live_update, ignore, entrypoint, container_args,
      cmd_dir;
  std::vector<std::pair<std::string, std::string>> env;
  if (!unpack(in, "custom_build", args,
              {{"ref", to_string(&ref)},
               {"command", store(&command)},
               {"deps", to_local_paths(dir, &img.deps)},
               {"tag?", to_string(&img.tag)},
               {"disable_push?", to_bool(&img.disable_push)},
               {"skips_local_docker?", to_bool(&img.skips_local_docker)},
               {"live_update?", store(&live_update)},
               {"match_in_env_vars?", to_bool(&img.match_in_env_vars)},
               {"ignore?", store(&ignore)},
               {"entrypoint?", store(&entrypoint)},
               {"container_args?", to_sequence(&container_args)},
               {"command_bat_val", store(&command_bat_val)},
               {"outputs_image_ref_to", to_local_path(dir, &img.outputs_image_ref_to)},
               {"command_bat", store(&command_bat)},
               {"image_deps", to_image_list(&img.image_deps)},
               {"env?", to_string_map(&env)},
               {"dir?", store(&cmd_dir)}})) {
    return Value();
  }
  if (!parse_ref(in, ref, &img)) return Value();
  img.pos = in.call_start();
  if (!live_update_from_steps(in, *ts.containers, live_update, dir, &img.live_update) ||
      !to_patterns(in, ignore, "ignore", &img.ignore) ||
      !to_command(in, entrypoint, &img.entrypoint) || !check_container_args(in, container_args)) {
    return Value();
  }
  img.dir = dir;
  if (cmd_dir.ok() && !cmd_dir.is_none()) {
    if (!cmd_dir.is_string()) {
      return in.failf(
          "Argument 2 (command): a command directory must be empty or a string: expected path | "
          "string. Actual type: {}",
          go_type(cmd_dir));
    }
    img.dir = abs_path(dir, std::string(cmd_dir.as<starlark::String>()->str()));
  }
  if (!to_command(in, command, &img.command)) {
    in.amend_error("Argument 2 (command): ");
    return Value();
  }
  if (img.command.empty()) return in.fail("Argument 2 (command) can't be empty");
  if (!img.tag.empty() && !img.outputs_image_ref_to.empty())
    return in.fail("Cannot specify both tag= and outputs_image_ref_to=");
  if (!add_image_target(in, *ts.containers, img)) return Value();
  return Value(in.heap().make<CustomBuildValue>(ref));
}

}  // namespace

std::vector<std::string> ImageTarget::watched_paths() const {
  if (kind == Kind::kCustomBuild) return deps;
  std::vector<std::string> out;
  if (!context.empty()) out.push_back(context);
  return out;
}

void add_image_api(Interpreter& in, TiltfileState& state, Predeclared& names) {
  TiltfileState* s = &state;
  names["docker_build"] = make_builtin(in, "docker_build", [s](Interpreter& i, const CallArgs& a) {
    return docker_build(i, a, *s);
  });
  names["custom_build"] = make_builtin(in, "custom_build", [s](Interpreter& i, const CallArgs& a) {
    return custom_build(i, a, *s);
  });
}

}  // namespace pitch::tiltfile
