#include "ci/style.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace pitch::ci {
namespace {

bool set(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0';
}

bool forced(const char* name) { return set(name) && std::strcmp(std::getenv(name), "0") != 0; }

bool dumb_terminal() {
  const char* term = std::getenv("TERM");
  return term != nullptr && std::strcmp(term, "dumb") == 0;
}

}  // namespace

Style Style::for_output(ColorMode mode, std::FILE* out) {
  switch (mode) {
    case ColorMode::kAlways:
      return Style(true);
    case ColorMode::kNever:
      return Style(false);
    case ColorMode::kAuto:
      break;
  }
  if (forced("CLICOLOR_FORCE") || forced("FORCE_COLOR")) return Style(true);
  if (set("NO_COLOR") || dumb_terminal()) return Style(false);
  return Style(isatty(fileno(out)) == 1);
}

bool smart_terminal(std::FILE* out) { return isatty(fileno(out)) == 1 && !dumb_terminal(); }

std::string Style::wrap(std::string_view code, std::string_view text) const {
  if (!color_) return std::string(text);
  std::string out = "\x1b[";
  out.append(code).append("m").append(text).append("\x1b[0m");
  return out;
}

}  // namespace pitch::ci
