// tiltfile/starlark/interpreter.h — the entry point: run Starlark files.
//
// One Interpreter holds everything an evaluation needs (heap, parsed files,
// call stack, hooks, limits); there is no global state, so independent
// evaluations may run side by side on different threads. It does no I/O:
// print() and load() go through hooks the host installs, and the host
// passes source text in.
//
// Errors: static errors (syntax, resolution) are reported all at once by
// compile(). Runtime errors stop evaluation at the first; the Error points
// at the innermost failing sub-expression and its notes carry a traceback,
// "Traceback (most recent call last):" then "  FILE:LINE:COL: in FUNC" per
// frame, through load()ed files too.
//
// Internally, operations that can fail return an invalid Value (or false)
// after recording the error with fail(); the evaluator attaches the source
// position as the error travels out. That keeps the hot path free of
// exceptions and of large Result objects.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>

#include "base/error.h"
#include "tiltfile/starlark/ast.h"
#include "tiltfile/starlark/dialect.h"
#include "tiltfile/starlark/dict.h"
#include "tiltfile/starlark/function.h"
#include "tiltfile/starlark/value.h"

namespace pitch::starlark {

struct Hooks {
  // print(): one call per printed message, without a newline.
  std::function<void(std::string_view message)> print;
  // load(module, from_file): the module loaded by `from_file`. The host
  // usually resolves the name, reads the file and calls exec() on the same
  // Interpreter, which keeps the traceback whole.
  std::function<Result<Module*>(Interpreter&, std::string_view module, std::string_view from_file)>
      load;
};

struct Limits {
  int max_call_depth = 1000;          // Starlark frames; deeper is "Starlark stack overflow"
  size_t max_stack_bytes = 4u << 20;  // native stack the evaluator may use
  uint64_t max_steps = 0;             // 0 = unlimited
  const std::atomic<bool>* cancel = nullptr;  // set to stop evaluation
};

// Host-provided names visible to a file (Tilt's API, __file__, ...).
using Predeclared = std::unordered_map<std::string, Value>;

class Interpreter {
 public:
  explicit Interpreter(Hooks hooks = {}, Limits limits = {});
  ~Interpreter();
  Interpreter(const Interpreter&) = delete;
  Interpreter& operator=(const Interpreter&) = delete;

  Heap& heap() { return heap_; }

  // Parses and resolves a file; every static error is returned. The File
  // lives as long as the Interpreter.
  MultiResult<const File*> compile(std::string path, std::string source, const Dialect& dialect,
                                   const Predeclared& predeclared);
  // Runs a compiled file's toplevel. Globals are frozen when it finishes.
  Result<Module*> exec(const File& file, const Predeclared& predeclared);
  // compile + exec. With several static errors, the first is the Error and
  // the rest are rendered into its notes.
  Result<Module*> exec_file(std::string path, std::string source, const Dialect& dialect,
                            const Predeclared& predeclared);
  // Calls a callable from the host (outside any evaluation or inside a
  // builtin).
  Result<Value> call(Value fn, const CallArgs& args);

  // --- for builtins and the evaluator ---

  // Calls fn from inside a builtin: an invalid Value means the error is
  // pending (already positioned in the callee), so just return it.
  Value invoke(Value fn, const CallArgs& args);

  // Records a runtime error and returns an invalid Value.
  Value fail(std::string message);
  template <typename... Args>
  Value failf(fmt::format_string<Args...> f, Args&&... args) {
    return fail(fmt::format(f, std::forward<Args>(args)...));
  }
  // Records an already-positioned error (e.g. from a loaded file).
  Value fail(Error error);
  bool failed() const { return error_.has_value(); }
  // Prefixes a pending, not yet positioned error's message ("add: " +
  // "unhashable type: list").
  void amend_error(std::string_view prefix) {
    if (error_ && !error_positioned_) error_->message.insert(0, prefix);
  }
  // Drops a pending error (a builtin that reports a better one instead).
  void clear_error() {
    error_.reset();
    error_positioned_ = false;
  }

  // Position of the call the innermost frame is making (for builtins that
  // record where they were called), and the file it is in.
  SourcePos call_site() const;
  // Like call_site, but the start of the call expression (its callee).
  SourcePos call_start() const;
  // call_start() of every frame, outermost first: how the running code was
  // reached (e.g. a Tiltfile line calling a helper that calls a builtin).
  std::vector<SourcePos> call_stack() const;
  // The path of the file whose code is running (the innermost Starlark
  // frame), e.g. to resolve relative paths as Tilt does.
  const std::string& current_file() const;

  const Hooks& hooks() const { return hooks_; }

  // A string value; common short strings are shared.
  Value str(std::string_view s) { return heap_.string(s); }

  // Evaluator internals (eval.cc).
  class Evaluator;
  struct Frame {
    const FunctionDef* def;
    const File* file;
    const Expr* call = nullptr;  // the call being made from this frame
    Pos pos;                     // where this frame is executing
  };

 private:
  friend class Evaluator;
  Result<Value> take_error();
  Error take_error_value();

  Heap heap_;
  Hooks hooks_;
  Limits limits_;
  std::vector<std::unique_ptr<File>> files_;
  std::vector<Value> universe_;
  std::vector<Frame> stack_;
  std::optional<Error> error_;
  bool error_positioned_ = false;
  uint64_t steps_ = 0;
  const char* stack_base_ = nullptr;
};

}  // namespace pitch::starlark
