#include "tiltfile/state.h"

#include <algorithm>
#include <filesystem>

namespace pitch::tiltfile {

std::string TiltfileState::exec_dir() const {
  return exec_stack.empty() ? manifest.tiltfile_dir : dir_name(exec_stack.back());
}

void TiltfileState::record_file(const std::string& path) {
  auto& files = manifest.read_files;
  if (std::find(files.begin(), files.end(), path) == files.end()) files.push_back(path);
}

void TiltfileState::warn(starlark::Interpreter& in, std::string message) {
  manifest.warnings.emplace_back(ErrorKind::kTiltfile, std::move(message), in.call_start());
}

std::string abs_path(const std::string& base_dir, const std::string& path) {
  std::filesystem::path p(path);
  if (p.is_relative()) p = std::filesystem::path(base_dir) / p;
  std::string out = p.lexically_normal().string();
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

std::string dir_name(const std::string& path) {
  std::string dir = std::filesystem::path(path).parent_path().string();
  return dir.empty() ? "." : dir;
}

starlark::Value make_builtin(starlark::Interpreter& in, std::string name, starlark::BuiltinFn fn) {
  return starlark::Value(in.heap().make<starlark::Builtin>(std::move(name), std::move(fn)));
}

}  // namespace pitch::tiltfile
