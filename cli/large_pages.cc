#include "cli/large_pages.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace pitch::cli {
namespace {

constexpr const char* kOption = "MIMALLOC_LARGE_OS_PAGES";
// Marks the re-executed process, so it knows the option is pitch's own.
constexpr const char* kMarker = "PITCH_LARGE_PAGES_SET";

}  // namespace

void use_large_pages(char** argv) {
#ifdef PITCH_MIMALLOC
  if (std::getenv(kMarker) != nullptr) {
    unsetenv(kMarker);
    unsetenv(kOption);
    return;
  }
  if (std::getenv(kOption) != nullptr) return;
  setenv(kOption, "1", 1);
  setenv(kMarker, "1", 1);
  execv("/proc/self/exe", argv);
  // No /proc: carry on with ordinary pages.
  unsetenv(kMarker);
  unsetenv(kOption);
#else
  (void)argv;
#endif
}

}  // namespace pitch::cli
