#include "tiltfile/state.h"

#include <filesystem>

namespace pitch::tiltfile {

std::string TiltfileState::exec_dir() const {
  return exec_stack.empty() ? manifest.tiltfile_dir : dir_name(exec_stack.back());
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

}  // namespace pitch::tiltfile
