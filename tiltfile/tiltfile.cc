#include "tiltfile/tiltfile.h"

#include <fmt/format.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <system_error>

#include "tiltfile/api.h"
#include "tiltfile/config.h"
#include "tiltfile/container_state.h"
#include "tiltfile/starlark/args.h"
#include "tiltfile/starlark/interpreter.h"
#include "tiltfile/starlark/ops.h"
#include "tiltfile/starlark/struct.h"
#include "tiltfile/state.h"

namespace pitch::tiltfile {
namespace {

using starlark::Interpreter;
using starlark::Module;
using starlark::Value;

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::error_code ec(errno, std::generic_category());
    return make_error(ErrorKind::kTiltfile,
                      fmt::format("error reading file {}: open {}: {}", path, path, ec.message()));
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// One evaluation: the Tilt builtins, the interpreter, and the load cache.
class Evaluation {
 public:
  explicit Evaluation(const EvalOptions& options) : options_(options) {
    starlark::Hooks hooks;
    hooks.print = [this](std::string_view msg) {
      if (!options_.print) return;
      // EvalOptions::print takes one line per call.
      size_t start = 0;
      while (true) {
        size_t nl = msg.find('\n', start);
        options_.print(
            std::string(msg.substr(start, nl == std::string_view::npos ? nl : nl - start)));
        if (nl == std::string_view::npos) break;
        start = nl + 1;
      }
    };
    hooks.load = [this](Interpreter& in, std::string_view module, std::string_view from) {
      return load(in, module, from);
    };
    interp_ = std::make_unique<Interpreter>(std::move(hooks));
    state_.subcommand = options_.subcommand;
    state_.args = options_.args;
    state_.argv = options_.argv;
    state_.log = options_.print;
    state_.containers = std::make_shared<ContainerState>();
  }

  Result<Manifest> run() {
    std::error_code ec;
    std::filesystem::path abs = std::filesystem::absolute(options_.tiltfile_path, ec);
    if (ec)
      return make_error(ErrorKind::kTiltfile,
                        fmt::format("{}: {}", options_.tiltfile_path, ec.message()));
    std::string path = abs.lexically_normal().string();
    state_.manifest.tiltfile_path = path;
    state_.manifest.tiltfile_dir = dir_name(path);
    install_api();
    PITCH_TRY(exec(path));
    PITCH_TRY(assemble_containers(*interp_, state_));
    read_tiltignore();
    resolve_enabled(state_);
    return std::move(state_.manifest);
  }

 private:
  enum class Status { kExecuting, kDone };
  struct CacheEntry {
    Status status = Status::kExecuting;
    Module* module = nullptr;
    std::optional<Error> error;
  };

  void install_api() {
    Interpreter& in = *interp_;
    add_local_resource_api(in, state_, predeclared_);
    add_probe_api(in, predeclared_);
    add_link_api(in, predeclared_);
    add_settings_api(in, state_, predeclared_);
    add_config_api(in, state_, predeclared_);
    add_encoding_api(in, state_, predeclared_);
    add_os_api(in, state_, predeclared_);
    add_files_api(in, state_, predeclared_);
    add_yaml_api(in, state_, predeclared_);
    add_image_api(in, state_, predeclared_);
    add_live_update_api(in, state_, predeclared_);
    add_k8s_yaml_api(in, state_, predeclared_);
    add_k8s_resource_api(in, state_, predeclared_);
    add_docker_compose_api(in, state_, predeclared_);
    add_k8s_custom_deploy_api(in, state_, predeclared_);
    predeclared_["struct"] = starlark::make_struct_builtin(in);
    predeclared_["load_dynamic"] = make_builtin(
        in, "load_dynamic",
        [this](Interpreter& i, const starlark::CallArgs& a) { return load_dynamic(i, a); });
  }

  // .tiltignore beside the Tiltfile (dockerignore syntax): its patterns,
  // made absolute. Recorded even when absent: creating it changes the plan.
  void read_tiltignore() {
    const std::string path = abs_path(state_.manifest.tiltfile_dir, ".tiltignore");
    state_.record_file(path);
    std::ifstream in(path);
    for (std::string line; std::getline(in, line);) {
      while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back())))
        line.pop_back();
      size_t start = line.find_first_not_of(" \t");
      if (start == std::string::npos || line[start] == '#') continue;
      line = line.substr(start);
      bool negated = line[0] == '!';
      std::string pattern = abs_path(state_.manifest.tiltfile_dir, negated ? line.substr(1) : line);
      state_.manifest.tiltignore.push_back(negated ? "!" + pattern : pattern);
    }
  }

  // Runs one file (the Tiltfile or a load()ed one) once; later loads of the
  // same file get the same module (or the same error).
  Result<Module*> exec(const std::string& path) {
    if (auto it = cache_.find(path); it != cache_.end()) {
      if (it->second.status == Status::kExecuting) {
        std::string chain;
        for (const std::string& f : state_.exec_stack) chain += f + " -> ";
        return make_error(ErrorKind::kTiltfile,
                          fmt::format("Circular load: {} (load chain: {}{})", path, chain, path));
      }
      if (it->second.error) return tl::unexpected(*it->second.error);
      return it->second.module;
    }
    cache_[path] = CacheEntry{};
    auto result = read_and_exec(path);
    CacheEntry& entry = cache_[path];
    entry.status = Status::kDone;
    if (result) {
      entry.module = *result;
    } else {
      entry.error = result.error();
    }
    return result;
  }

  Result<Module*> read_and_exec(const std::string& path) {
    PITCH_TRY_ASSIGN(std::string source, read_file(path));
    state_.record_file(path);
    starlark::Predeclared predeclared = predeclared_;
    predeclared["__file__"] = interp_->str(path);
    state_.exec_stack.push_back(path);
    auto module =
        interp_->exec_file(path, std::move(source), starlark::Dialect::tilt(), predeclared);
    state_.exec_stack.pop_back();
    return module;
  }

  // Tilt resolves a load() path against the directory of the file being
  // executed. "ext://NAME" is an extension: tilt_modules/NAME/Tiltfile
  // beside the main Tiltfile, where Tilt keeps the ones it downloaded.
  // pitch never fetches one.
  Result<Module*> load(Interpreter&, std::string_view module, std::string_view) {
    PITCH_TRY_ASSIGN(std::string path, resolve_load(std::string(module)));
    return exec(path);
  }

  Result<std::string> resolve_load(const std::string& module) {
    const std::string kExt = "ext://";
    if (module.rfind(kExt, 0) != 0) return abs_path(state_.exec_dir(), module);
    std::string name = module.substr(kExt.size());
    std::string path = abs_path(state_.manifest.tiltfile_dir, "tilt_modules/" + name + "/Tiltfile");
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
      state_.record_file(path);
      return make_error(
          ErrorKind::kTiltfile,
          fmt::format("extension {} not found: no {} (pitch does not download extensions; run "
                      "`tilt up` once to fetch it into tilt_modules/, or copy it there)",
                      name, path));
    }
    return path;
  }

  // load_dynamic(path): runs the file (once, like load) and returns its
  // exported globals as a dict.
  Value load_dynamic(Interpreter& in, const starlark::CallArgs& args) {
    Value path_value;
    if (!starlark::unpack_args(in, "load_dynamic", args, {{"path", &path_value}})) return Value();
    if (!path_value.is_string())
      return in.failf("load_dynamic: for parameter path: got {}, want string",
                      starlark::type_name(path_value));
    auto path = resolve_load(std::string(path_value.as<starlark::String>()->str()));
    if (!path) return in.fail(path.error().message);
    auto module = exec(*path);
    if (!module) return in.fail(module.error());
    auto* d = in.heap().make<starlark::Dict>();
    for (auto& [name, value] : (*module)->exported_globals())
      starlark::dict_insert(in, *d, in.str(name), value);
    return Value(d);
  }

  const EvalOptions& options_;
  TiltfileState state_;
  std::unique_ptr<Interpreter> interp_;
  starlark::Predeclared predeclared_;
  std::map<std::string, CacheEntry> cache_;
};

}  // namespace

Result<Manifest> evaluate_tiltfile(const EvalOptions& options) {
  Evaluation evaluation(options);
  return evaluation.run();
}

}  // namespace pitch::tiltfile
