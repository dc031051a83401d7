#include "base/error.h"

#include <cstdio>
#include <cstdlib>

#include <fmt/format.h>

#include "base/check.h"

namespace pitch {

std::string render_diagnostic(const Error& error, Severity severity) {
  std::string out;
  const char* label = severity == Severity::kError ? "error" : "warning";
  if (error.pos && !error.pos->file.empty()) {
    out += error.pos->file;
    if (error.pos->line > 0) out += fmt::format(":{}", error.pos->line);
    if (error.pos->col > 0) out += fmt::format(":{}", error.pos->col);
    out += ": ";
  }
  out += fmt::format("{}: {}\n", label, error.message);
  if (error.source_line && error.pos && error.pos->line > 0) {
    out += *error.source_line;
    out += '\n';
    if (error.pos->col > 0) {
      // Keep tabs so the caret lines up under the same column in a terminal.
      std::string pad;
      for (int i = 0; i + 1 < error.pos->col && i < static_cast<int>(error.source_line->size());
           ++i) {
        pad += (*error.source_line)[i] == '\t' ? '\t' : ' ';
      }
      out += pad + "^\n";
    }
  }
  for (const std::string& note : error.notes) {
    out += note;
    out += '\n';
  }
  return out;
}

int exit_code_for(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kUsage:
      return 2;
    case ErrorKind::kTiltfile:
    case ErrorKind::kPlan:
      return 3;
    default:
      return 1;
  }
}

namespace detail {
void check_failed(const char* expr, const char* file, int line) {
  std::fprintf(stderr, "pitch: internal error: check failed: %s at %s:%d\n", expr, file, line);
  std::abort();
}
}  // namespace detail

}  // namespace pitch
