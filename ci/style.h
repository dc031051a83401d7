// ci/style.h — whether and how pitch colours its output, and whether the
// terminal can take a redrawn status line.
//
// Colour, first rule that applies: --color=always/never; CLICOLOR_FORCE or
// FORCE_COLOR set (non-empty, not "0") forces it; NO_COLOR set (non-empty)
// turns it off; TERM=dumb turns it off; otherwise colour when the output is
// a terminal. A forcing variable beats NO_COLOR because it is the narrower
// request (CI systems set it for one job; NO_COLOR is a user-wide taste).
// CI logs stay free of escape codes by default.
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

// Whether `out` is a terminal that understands "\r" and "erase line" (a
// TTY and TERM is not "dumb"), as Ninja decides for its status line.
bool smart_terminal(std::FILE* out);

}  // namespace pitch::ci
