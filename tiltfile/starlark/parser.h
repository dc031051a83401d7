// tiltfile/starlark/parser.h — Starlark source to a syntax tree.
//
// A recursive-descent parser over the scanner's token vector, following the
// grammar in the Starlark spec. It stops at the first syntax error: a
// recovering parser would mostly report noise caused by the first mistake.
// Nesting is bounded (kMaxNesting) so hostile input cannot exhaust the C++
// stack here or in the evaluator.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "base/error.h"
#include "tiltfile/starlark/ast.h"

namespace pitch::starlark {

inline constexpr int kMaxNesting = 200;

// Parses a whole file. Errors are kTiltfile with position and source line.
MultiResult<std::unique_ptr<File>> parse_file(std::string path, std::string source);

// The position where an expression's text starts (a call starts at its
// callee, a binary expression at its left operand).
Pos expr_start(const Expr& e);

}  // namespace pitch::starlark
