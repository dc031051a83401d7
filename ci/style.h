// ci/style.h — whether and how `pitch ci` colors its output.
//
// Plain text unless asked (--color=always) or, with auto, when the output
// is a terminal, NO_COLOR is unset and TERM is not "dumb". CI logs stay free
// of escape codes by default.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

#include "ci/ci_driver.h"

namespace pitch::ci {

class Style {
 public:
  explicit Style(bool color) : color_(color) {}
  static Style for_output(ColorMode mode, std::FILE* out);

  bool color() const { return color_; }
  std::string red(std::string_view text) const { return wrap("31", text); }
  std::string green(std::string_view text) const { return wrap("32", text); }
  std::string yellow(std::string_view text) const { return wrap("33", text); }
  std::string dim(std::string_view text) const { return wrap("2", text); }
  std::string bold(std::string_view text) const { return wrap("1", text); }

 private:
  std::string wrap(std::string_view code, std::string_view text) const;
  bool color_;
};

}  // namespace pitch::ci
