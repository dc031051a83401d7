// tiltfile/state.h — what Tilt's builtins share during one evaluation.
//
// The Manifest being built, and the stack of files whose toplevel is
// executing. Tilt resolves relative paths against the directory of the file
// being executed (its "exec path"), not the file a function was defined
// in: a helper defined in lib/x.star and called from the Tiltfile resolves
// against the Tiltfile's directory.
#pragma once

#include <string>
#include <vector>

#include "tiltfile/manifest.h"

namespace pitch::tiltfile {

struct TiltfileState {
  Manifest manifest;
  std::vector<std::string> exec_stack;  // absolute paths, innermost last

  // The directory relative paths resolve against.
  std::string exec_dir() const;
};

// `path` made absolute against `base_dir` (when relative) and lexically
// normalised ("a/./b/../c" -> "a/c", no trailing slash), as Go's
// filepath.Join/Clean do.
std::string abs_path(const std::string& base_dir, const std::string& path);
std::string dir_name(const std::string& path);

}  // namespace pitch::tiltfile
