// k8s_custom_deploy() (Tilt's internal/tiltfile/k8s_custom_deploy.go): a
// k8s resource deployed by a command instead of YAML. Tilt makes the
// resource at the call, so it comes before every workload and its name is
// taken from then on.
#include <fmt/format.h>

#include "tiltfile/api.h"
#include "tiltfile/container_state.h"
#include "tiltfile/image_ref.h"
#include "tiltfile/live_update.h"
#include "tiltfile/local_resource.h"
#include "tiltfile/starlark/ops.h"

namespace pitch::tiltfile {
namespace {

using starlark::CallArgs;
using starlark::Interpreter;
using starlark::Value;

// ValueGroupToCmdHelper on a non-Windows host: dir, then env, then cmd.
bool to_cmd(Interpreter& in, Value cmd, Value dir,
            const std::vector<std::pair<std::string, std::string>>& env, const std::string& base,
            const char* what, Command* out) {
  if (dir.ok() && !dir.is_none() && !dir.is_string()) {
    in.failf(
        "{}: a command directory must be empty or a string: expected path | string. Actual "
        "type: {}",
        what, go_type(dir));
    return false;
  }
  for (const auto& [k, v] : env) {
    if (k.empty()) {
      in.failf("{}: environment has empty key for value {}", what, starlark::quote(v));
      return false;
    }
  }
  if (!to_command(in, cmd, out)) {
    in.amend_error(std::string(what) + ": ");
    return false;
  }
  (void)base;
  return true;
}

bool taken(const TiltfileState& ts, const std::string& name, std::string* problem) {
  for (const auto& d : ts.containers->custom_deploys) {
    if (d.resource.name == name) {
      *problem = fmt::format("k8s_resource named {} already exists", starlark::quote(name));
      return true;
    }
  }
  for (const LocalResource& r : ts.manifest.local_resources) {
    if (r.name == name) {
      *problem = fmt::format("local_resource named {} already exists", starlark::quote(name));
      return true;
    }
  }
  for (const DcService& dc : ts.containers->dc_services) {
    if (dc.resource.name == name) {
      *problem = fmt::format("dc_resource named {} already exists", starlark::quote(name));
      return true;
    }
  }
  return false;
}

Value k8s_custom_deploy(Interpreter& in, const CallArgs& args, TiltfileState& ts) {
  ContainerState::CustomDeploy d;
  K8sResource& r = d.resource;
  const std::string dir = ts.exec_dir();
  std::string image_selector, container_selector;
  Value apply_cmd, apply_dir, apply_bat, delete_cmd, delete_dir, delete_bat, live_update,
      image_deps;
  std::vector<std::pair<std::string, std::string>> apply_env, delete_env;
  if (!unpack(in, "k8s_custom_deploy", args,
              {{"name", to_string(&r.name)},
               {"apply_cmd", store(&apply_cmd)},
               {"delete_cmd", store(&delete_cmd)},
               {"deps", to_local_paths(dir, &r.deps)},
               {"image_selector?", to_string(&image_selector)},
               {"live_update?", store(&live_update)},
               {"apply_dir?", store(&apply_dir)},
               {"apply_env?", to_string_map(&apply_env)},
               {"apply_cmd_bat?", store(&apply_bat)},
               {"delete_dir?", store(&delete_dir)},
               {"delete_env?", to_string_map(&delete_env)},
               {"delete_cmd_bat?", store(&delete_bat)},
               {"container_selector?", to_string(&container_selector)},
               {"image_deps?", to_string_list(&d.required_images)}})) {
    return Value();
  }
  if (!to_cmd(in, apply_cmd, apply_dir, apply_env, dir, "apply_cmd", &r.apply_cmd)) return Value();
  if (r.apply_cmd.empty()) return in.fail("k8s_custom_deploy: apply_cmd cannot be empty");
  if (!to_cmd(in, delete_cmd, delete_dir, delete_env, dir, "delete_cmd", &r.delete_cmd))
    return Value();
  if (r.delete_cmd.empty()) return in.fail("k8s_custom_deploy: delete_cmd cannot be empty");
  ImageTarget img;
  if (!live_update_from_steps(in, *ts.containers, live_update, dir, &img.live_update))
    return Value();
  std::string problem;
  if (taken(ts, r.name, &problem))
    return in.failf("error making resource for {}: {}", r.name, problem);
  r.custom_deploy = true;
  r.pos = in.call_start();
  if (!img.live_update.empty()) {
    int selectors = !image_selector.empty() + !container_selector.empty();
    if (selectors == 0) return in.fail("k8s_custom_deploy: no Live Update selector specified");
    if (selectors > 1)
      return in.fail("k8s_custom_deploy: cannot specify more than one Live Update selector");
    std::string ref_text = image_selector.empty() ? "k8s_custom_deploy:" + r.name : image_selector;
    ImageRef ref;
    std::string error;
    if (!parse_image_ref(ref_text, &ref, &error))
      return in.failf("can't parse {}: {}", starlark::quote(ref_text), error);
    img.kind = ImageTarget::Kind::kCustomBuild;
    img.ref = ref_text;
    img.match_name = ref.name;
    img.ref_tag = ref.tag;
    img.pos = r.pos;
    img.command = Command::from_shell(":");
    img.dir = dir;
    img.deps = r.deps;
    img.disable_push = img.skips_local_docker = true;
    d.optional_images.push_back(ref_text);
    if (!add_image_target(in, *ts.containers, std::move(img))) return Value();
  }
  ts.containers->custom_deploys.push_back(std::move(d));
  return Value::none();
}

}  // namespace

void add_k8s_custom_deploy_api(Interpreter& in, TiltfileState& state, Predeclared& names) {
  TiltfileState* s = &state;
  names["k8s_custom_deploy"] =
      make_builtin(in, "k8s_custom_deploy",
                   [s](Interpreter& i, const CallArgs& a) { return k8s_custom_deploy(i, a, *s); });
}

}  // namespace pitch::tiltfile
