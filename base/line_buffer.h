// base/line_buffer.h — turns a byte stream into lines.
//
// Bytes arrive in arbitrary chunks (pipe reads); complete lines come out
// without their '\n' (a trailing '\r' is dropped too), and the unterminated
// tail is kept until more bytes arrive or the stream ends. A line longer than
// kMaxLine is cut into kMaxLine pieces so one runaway writer cannot grow
// memory without bound.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace pitch {

class LineBuffer {
 public:
  static constexpr size_t kMaxLine = 64 * 1024;

  // Appends bytes; returns the lines they completed, in order.
  std::vector<std::string> append(std::string_view bytes);
  // Ends the stream: returns the partial last line, if any, as a line.
  std::vector<std::string> finish();

 private:
  std::string pending_;
};

}  // namespace pitch
