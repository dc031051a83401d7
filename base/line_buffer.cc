#include "base/line_buffer.h"

namespace pitch {
namespace {

std::string strip_cr(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return std::string(line);
}

}  // namespace

std::vector<std::string> LineBuffer::append(std::string_view bytes) {
  std::vector<std::string> lines;
  for (;;) {
    size_t newline = bytes.find('\n');
    if (newline == std::string_view::npos) break;
    if (pending_.empty()) {
      lines.push_back(strip_cr(bytes.substr(0, newline)));
    } else {
      pending_.append(bytes.substr(0, newline));
      lines.push_back(strip_cr(pending_));
      pending_.clear();
    }
    bytes.remove_prefix(newline + 1);
  }
  pending_.append(bytes);
  while (pending_.size() >= kMaxLine) {
    lines.push_back(pending_.substr(0, kMaxLine));
    pending_.erase(0, kMaxLine);
  }
  return lines;
}

std::vector<std::string> LineBuffer::finish() {
  std::vector<std::string> lines;
  if (!pending_.empty()) lines.push_back(strip_cr(pending_));
  pending_.clear();
  return lines;
}

}  // namespace pitch
