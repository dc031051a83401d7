#include "tiltfile/starlark/interpreter.h"

#include "tiltfile/starlark/builtins.h"
#include "tiltfile/starlark/eval.h"
#include "tiltfile/starlark/parser.h"
#include "tiltfile/starlark/resolver.h"

namespace pitch::starlark {

Interpreter::Interpreter(Hooks hooks, Limits limits) : hooks_(std::move(hooks)), limits_(limits) {
  universe_ = make_universe(*this);
}

Interpreter::~Interpreter() = default;

MultiResult<const File*> Interpreter::compile(std::string path, std::string source,
                                              const Dialect& dialect,
                                              const Predeclared& predeclared) {
  auto parsed = parse_file(std::move(path), std::move(source));
  if (!parsed) return tl::unexpected(std::move(parsed.error()));
  std::unique_ptr<File> file = std::move(*parsed);
  file->dialect = dialect;
  ResolveEnv env;
  env.is_predeclared = [&predeclared](std::string_view name) {
    return predeclared.count(std::string(name)) > 0;
  };
  env.universal_index = [](std::string_view name) { return universal_index(name); };
  env.names = [&predeclared] {
    std::vector<std::string> out = universal_names();
    for (const auto& [name, v] : predeclared) out.push_back(name);
    return out;
  };
  std::vector<Error> errors = resolve_file(*file, dialect, env);
  if (!errors.empty()) return tl::unexpected(std::move(errors));
  files_.push_back(std::move(file));
  return files_.back().get();
}

Result<Module*> Interpreter::exec(const File& file, const Predeclared& predeclared) {
  char marker = 0;
  bool outermost = stack_.empty();
  if (outermost) stack_base_ = &marker;
  Evaluator ev(*this);
  auto result = ev.exec_module(file, predeclared);
  if (outermost) stack_base_ = nullptr;
  return result;
}

Result<Module*> Interpreter::exec_file(std::string path, std::string source, const Dialect& dialect,
                                       const Predeclared& predeclared) {
  auto file = compile(std::move(path), std::move(source), dialect, predeclared);
  if (!file) {
    std::vector<Error>& errors = file.error();
    Error first = std::move(errors.front());
    for (size_t i = 1; i < errors.size(); ++i) {
      std::string more = render_diagnostic(errors[i]);
      if (!more.empty() && more.back() == '\n') more.pop_back();
      first.notes.push_back(std::move(more));
    }
    return tl::unexpected(std::move(first));
  }
  return exec(**file, predeclared);
}

Result<Value> Interpreter::call(Value fn, const CallArgs& args) {
  char marker = 0;
  bool outermost = stack_.empty();
  if (outermost) stack_base_ = &marker;
  Evaluator ev(*this);
  Value v = ev.call_value(fn, args, nullptr);
  if (outermost) stack_base_ = nullptr;
  if (!v.ok()) return tl::unexpected(take_error_value());
  return v;
}

Value Interpreter::invoke(Value fn, const CallArgs& args) {
  Evaluator ev(*this);
  return ev.call_value(fn, args, nullptr);
}

Value Interpreter::fail(std::string message) {
  if (!error_) {
    error_ = Error(ErrorKind::kTiltfile, std::move(message));
    error_positioned_ = false;
  }
  return Value();
}

Value Interpreter::fail(Error error) {
  error_positioned_ = error.pos.has_value();
  error_ = std::move(error);
  return Value();
}

Error Interpreter::take_error_value() {
  Error e = error_ ? std::move(*error_)
                   : Error(ErrorKind::kInternal, "evaluation failed without an error");
  error_.reset();
  error_positioned_ = false;
  return e;
}

Result<Value> Interpreter::take_error() { return tl::unexpected(take_error_value()); }

SourcePos Interpreter::call_site() const {
  if (stack_.empty()) return {};
  const Frame& f = stack_.back();
  return SourcePos{f.file->path, f.pos.line, f.pos.col};
}

SourcePos Interpreter::call_start() const {
  if (stack_.empty()) return {};
  const Frame& f = stack_.back();
  Pos p = f.call != nullptr ? expr_start(*f.call) : f.pos;
  return SourcePos{f.file->path, p.line, p.col};
}

std::vector<SourcePos> Interpreter::call_stack() const {
  std::vector<SourcePos> out;
  for (const Frame& f : stack_) {
    Pos p = f.call != nullptr ? expr_start(*f.call) : f.pos;
    out.push_back(SourcePos{f.file->path, p.line, p.col});
  }
  return out;
}

const std::string& Interpreter::current_file() const {
  static const std::string kNone;
  return stack_.empty() ? kNone : stack_.back().file->path;
}

}  // namespace pitch::starlark
