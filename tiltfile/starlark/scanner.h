// tiltfile/starlark/scanner.h — turns Starlark source text into tokens.
//
// The whole file is scanned up front into a vector: Tiltfiles are small and
// a vector lets the parser look ahead freely. Indentation follows Python: a
// tab moves to the next multiple of 8 columns, INDENT/OUTDENT tokens bracket
// blocks, newlines inside brackets are ignored and `\` joins lines. The
// scanner stops at the first lexical error (a malformed token leaves no sane
// place to resume).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace pitch::starlark {

// A position inside one file; the file name travels separately.
struct Pos {
  int line = 0;
  int col = 0;
  friend bool operator==(const Pos&, const Pos&) = default;
};

enum class Tok : uint8_t {
  kEof,
  kNewline,
  kIndent,
  kOutdent,
  kIdent,
  kInt,
  kFloat,
  kString,
  kBytes,
  // Punctuation.
  kPlus,
  kMinus,
  kStar,
  kSlash,
  kSlashSlash,
  kPercent,
  kAmp,
  kPipe,
  kCaret,
  kLtLt,
  kGtGt,
  kTilde,
  kDot,
  kComma,
  kEq,
  kSemi,
  kColon,
  kLParen,
  kRParen,
  kLBrack,
  kRBrack,
  kLBrace,
  kRBrace,
  kLt,
  kGt,
  kGe,
  kLe,
  kEqEq,
  kNe,
  kPlusEq,
  kMinusEq,
  kStarEq,
  kSlashEq,
  kSlashSlashEq,
  kPercentEq,
  kAmpEq,
  kPipeEq,
  kCaretEq,
  kLtLtEq,
  kGtGtEq,
  kStarStar,
  // Keywords.
  kAnd,
  kBreak,
  kContinue,
  kDef,
  kElif,
  kElse,
  kFor,
  kIf,
  kIn,
  kLambda,
  kLoad,
  kNot,
  kNotIn,  // kNotIn is made by the parser, never the scanner
  kOr,
  kPass,
  kReturn,
  kWhile,
};

// How the token reads in messages: `"+"`, `identifier`, `newline` ...
std::string_view tok_name(Tok tok);

struct Token {
  Tok kind = Tok::kEof;
  Pos pos;
  // kIdent: the name. kString/kBytes: the decoded contents. kInt that does
  // not fit int64: the literal digits with their base prefix (big ints come
  // later). Otherwise the raw text.
  std::string text;
  int64_t int_value = 0;
  bool int_overflow = false;
  double float_value = 0;
};

// Scans `source`; errors carry file/line/col and the source line.
Result<std::vector<Token>> scan(std::string_view file, std::string_view source);

// The text of line `line` (1-based) of `source`, without its newline.
std::string source_line(std::string_view source, int line);

}  // namespace pitch::starlark
