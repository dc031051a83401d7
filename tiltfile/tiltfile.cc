#include "tiltfile/tiltfile.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <system_error>

#include "tiltfile/local_resource.h"
#include "tiltfile/starlark/interpreter.h"
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
    predeclared_["local_resource"] = Value(interp_->heap().make<starlark::Builtin>(
        "local_resource", [this](Interpreter& in, const starlark::CallArgs& args) {
          return local_resource(in, args, state_);
        }));
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
    PITCH_TRY(exec(path));
    return std::move(state_.manifest);
  }

 private:
  enum class Status { kExecuting, kDone };
  struct CacheEntry {
    Status status = Status::kExecuting;
    Module* module = nullptr;
    std::optional<Error> error;
  };

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
    state_.manifest.read_files.push_back(path);
    starlark::Predeclared predeclared = predeclared_;
    predeclared["__file__"] = interp_->str(path);
    state_.exec_stack.push_back(path);
    auto module =
        interp_->exec_file(path, std::move(source), starlark::Dialect::tilt(), predeclared);
    state_.exec_stack.pop_back();
    return module;
  }

  // Tilt resolves a load() path against the directory of the file being
  // executed.
  Result<Module*> load(Interpreter&, std::string_view module, std::string_view) {
    return exec(abs_path(state_.exec_dir(), std::string(module)));
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
