// tests/tiltfile/starlark_test_support.h — helpers shared by the Starlark
// tests: run a snippet, find test data.
#pragma once

#include <cstdlib>
#include <string>

#include "tiltfile/starlark/interpreter.h"

namespace pitch::starlark::testing {

// The repository root (CTest sets PITCH_SOURCE_DIR; fall back to the
// compile-time location of this file).
inline std::string source_dir() {
  if (const char* dir = std::getenv("PITCH_SOURCE_DIR")) return dir;
  std::string here = __FILE__;
  return here.substr(0, here.rfind("/tests/tiltfile/"));
}

inline std::string testdata_dir() { return source_dir() + "/tests/tiltfile/testdata"; }

}  // namespace pitch::starlark::testing
