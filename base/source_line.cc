#include "base/source_line.h"

#include <fstream>

namespace pitch {

std::optional<std::string> read_source_line(const std::string& path, int line) {
  if (line <= 0) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  std::string text;
  for (int i = 1; std::getline(in, text); ++i) {
    if (i == line) {
      if (!text.empty() && text.back() == '\r') text.pop_back();
      return text;
    }
  }
  return std::nullopt;
}

void attach_source_line(Error& error) {
  if (error.source_line || !error.pos || !error.pos->known()) return;
  error.source_line = read_source_line(error.pos->file, error.pos->line);
}

}  // namespace pitch
