// tiltfile/starlark/resolver.h — binds every identifier to a slot.
//
// After parsing, the resolver decides statically where each name lives
// (local, cell, free, global, predeclared, universal), so the evaluator
// never looks a name up by string. It follows the Starlark spec's scoping:
// a name bound anywhere in a function is local to the whole function;
// comprehensions open their own block; function bodies are resolved after
// the toplevel so they may refer to globals defined later. It reports every
// static error it finds, not just the first.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "tiltfile/starlark/ast.h"
#include "tiltfile/starlark/dialect.h"

namespace pitch::starlark {

struct ResolveEnv {
  // Host-provided names (the Tilt API, __file__, ...).
  std::function<bool(std::string_view)> is_predeclared;
  // Language builtins: the universe index of a name, or -1.
  std::function<int(std::string_view)> universal_index;
  // Optional: every predeclared and universal name, for "did you mean".
  std::function<std::vector<std::string>()> names;
};

// Annotates `file` in place. Returns all static errors (empty on success).
std::vector<Error> resolve_file(File& file, const Dialect& dialect, const ResolveEnv& env);

}  // namespace pitch::starlark
