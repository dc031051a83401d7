// base/error.h — the one error type every module returns.
//
// Expected failures (a bad Tiltfile, a missing file, a busy database, a spawn
// that failed) travel as values: Result<T> = tl::expected<T, Error>. An Error
// carries what went wrong, where in the user's source it happened (when it
// came from source), and notes such as the load() call stack. Bugs are not
// Errors: they use PITCH_CHECK and abort.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <tl/expected.hpp>

namespace pitch {

// Where in a source file something is. Lines and columns count from 1;
// 0 means unknown.
struct SourcePos {
  std::string file;
  int line = 0;
  int col = 0;

  bool known() const { return line > 0; }
  friend bool operator==(const SourcePos&, const SourcePos&) = default;
};

enum class ErrorKind {
  kUsage,     // bad command line: exit 2
  kTiltfile,  // the Tiltfile could not be read, parsed or evaluated: exit 3
  kPlan,      // the Tiltfile evaluated but its resources are inconsistent: exit 3
  kIo,        // a file or directory operation failed
  kSpawn,     // a process could not be started
  kDatabase,  // the state database failed
  kInternal,
};

struct Error {
  ErrorKind kind = ErrorKind::kInternal;
  std::string message;
  std::optional<SourcePos> pos;
  // The text of the source line at pos, when the producer had it, so the
  // renderer can show it with a caret without reading files.
  std::optional<std::string> source_line;
  // Extra lines printed after the message (e.g. the load() stack).
  std::vector<std::string> notes;

  Error() = default;
  Error(ErrorKind k, std::string msg) : kind(k), message(std::move(msg)) {}
  Error(ErrorKind k, std::string msg, SourcePos p)
      : kind(k), message(std::move(msg)), pos(std::move(p)) {}
};

template <typename T>
using Result = tl::expected<T, Error>;

// For phases that report every error they find before stopping (parse,
// resolve, plan validation).
template <typename T>
using MultiResult = tl::expected<T, std::vector<Error>>;

inline tl::unexpected<Error> make_error(ErrorKind kind, std::string message) {
  return tl::unexpected<Error>(Error(kind, std::move(message)));
}
inline tl::unexpected<Error> make_error(ErrorKind kind, std::string message, SourcePos pos) {
  return tl::unexpected<Error>(Error(kind, std::move(message), std::move(pos)));
}

enum class Severity { kError, kWarning };

// Renders `file:line:col: error: message`, then the source line and a caret
// when known, then the notes, one per line. Ends with a newline.
std::string render_diagnostic(const Error& error, Severity severity = Severity::kError);

// The exit code pitch uses for an error of this kind (DESIGN.md).
int exit_code_for(ErrorKind kind);

}  // namespace pitch

// PITCH_TRY(expr): evaluates a Result; on error returns the error from the
// enclosing function (which must return a Result of any T).
#define PITCH_TRY(expr)                                            \
  do {                                                             \
    auto&& pitch_try_result_ = (expr);                             \
    if (!pitch_try_result_) {                                      \
      return tl::unexpected(std::move(pitch_try_result_.error())); \
    }                                                              \
  } while (false)

#define PITCH_CONCAT_INNER_(a, b) a##b
#define PITCH_CONCAT_(a, b) PITCH_CONCAT_INNER_(a, b)

// PITCH_TRY_ASSIGN(auto x, expr): declares x from a Result's value, or
// returns the error from the enclosing function.
#define PITCH_TRY_ASSIGN(decl, expr)                                               \
  auto&& PITCH_CONCAT_(pitch_try_, __LINE__) = (expr);                             \
  if (!PITCH_CONCAT_(pitch_try_, __LINE__)) {                                      \
    return tl::unexpected(std::move(PITCH_CONCAT_(pitch_try_, __LINE__).error())); \
  }                                                                                \
  decl = std::move(*PITCH_CONCAT_(pitch_try_, __LINE__))
