#include "ci/style.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace pitch::ci {

Style Style::for_output(ColorMode mode, std::FILE* out) {
  switch (mode) {
    case ColorMode::kAlways:
      return Style(true);
    case ColorMode::kNever:
      return Style(false);
    case ColorMode::kAuto:
      break;
  }
  const char* no_color = std::getenv("NO_COLOR");
  const char* term = std::getenv("TERM");
  bool tty = isatty(fileno(out)) == 1;
  return Style(tty && (no_color == nullptr || *no_color == '\0') &&
               !(term != nullptr && std::strcmp(term, "dumb") == 0));
}

std::string Style::wrap(std::string_view code, std::string_view text) const {
  if (!color_) return std::string(text);
  std::string out = "\x1b[";
  out.append(code).append("m").append(text).append("\x1b[0m");
  return out;
}

}  // namespace pitch::ci
