#include "tiltfile/starlark/scanner.h"

#include <fmt/format.h>

#include <cstring>
#include <string_view>

#include "tiltfile/starlark/utf8.h"

namespace pitch::starlark {
namespace {

struct Keyword {
  std::string_view text;
  Tok tok;
};

constexpr Keyword kKeywords[] = {
    {"and", Tok::kAnd},       {"break", Tok::kBreak}, {"continue", Tok::kContinue},
    {"def", Tok::kDef},       {"elif", Tok::kElif},   {"else", Tok::kElse},
    {"for", Tok::kFor},       {"if", Tok::kIf},       {"in", Tok::kIn},
    {"lambda", Tok::kLambda}, {"load", Tok::kLoad},   {"not", Tok::kNot},
    {"or", Tok::kOr},         {"pass", Tok::kPass},   {"return", Tok::kReturn},
    {"while", Tok::kWhile},
};

struct Punct {
  std::string_view text;
  Tok tok;
};

// Longest first, so a prefix never shadows a longer operator.
constexpr Punct kPuncts[] = {
    {"//=", Tok::kSlashSlashEq},
    {"<<=", Tok::kLtLtEq},
    {">>=", Tok::kGtGtEq},
    {"**", Tok::kStarStar},
    {"//", Tok::kSlashSlash},
    {"<<", Tok::kLtLt},
    {">>", Tok::kGtGt},
    {"<=", Tok::kLe},
    {">=", Tok::kGe},
    {"==", Tok::kEqEq},
    {"!=", Tok::kNe},
    {"+=", Tok::kPlusEq},
    {"-=", Tok::kMinusEq},
    {"*=", Tok::kStarEq},
    {"/=", Tok::kSlashEq},
    {"%=", Tok::kPercentEq},
    {"&=", Tok::kAmpEq},
    {"|=", Tok::kPipeEq},
    {"^=", Tok::kCaretEq},
    {"+", Tok::kPlus},
    {"-", Tok::kMinus},
    {"*", Tok::kStar},
    {"/", Tok::kSlash},
    {"%", Tok::kPercent},
    {"&", Tok::kAmp},
    {"|", Tok::kPipe},
    {"^", Tok::kCaret},
    {"~", Tok::kTilde},
    {".", Tok::kDot},
    {",", Tok::kComma},
    {"=", Tok::kEq},
    {";", Tok::kSemi},
    {":", Tok::kColon},
    {"(", Tok::kLParen},
    {")", Tok::kRParen},
    {"[", Tok::kLBrack},
    {"]", Tok::kRBrack},
    {"{", Tok::kLBrace},
    {"}", Tok::kRBrace},
    {"<", Tok::kLt},
    {">", Tok::kGt},
};

bool is_ident_start(unsigned char c) {
  return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}
bool is_ident_char(unsigned char c) { return is_ident_start(c) || (c >= '0' && c <= '9'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

class Scanner {
 public:
  Scanner(std::string_view file, std::string_view src) : file_(file), src_(src) {}

  Result<std::vector<Token>> run() {
    indents_.push_back(0);
    tokens_.reserve(src_.size() / 4 + 16);
    while (true) {
      if (!error_.empty()) return fail();
      if (at_line_start_) {
        at_line_start_ = false;
        if (!indentation()) return fail();
        if (!error_.empty()) return fail();
      }
      skip_blanks();
      if (i_ >= src_.size()) break;
      char c = src_[i_];
      if (c == '#') {
        while (i_ < src_.size() && src_[i_] != '\n') advance();
        continue;
      }
      if (c == '\n') {
        if (depth_ == 0 && !tokens_.empty() && tokens_.back().kind != Tok::kNewline &&
            tokens_.back().kind != Tok::kIndent && tokens_.back().kind != Tok::kOutdent) {
          emit(Tok::kNewline, pos());
        }
        advance();
        at_line_start_ = true;
        continue;
      }
      if (c == '\\') {
        size_t j = i_ + 1;
        if (j < src_.size() && src_[j] == '\r') ++j;
        if (j < src_.size() && src_[j] == '\n') {
          while (i_ <= j) advance();
          continue;
        }
        error_at(pos(), "stray backslash in program");
        return fail();
      }
      if (!token()) return fail();
    }
    Pos end = pos();
    if (depth_ == 0 && !tokens_.empty() && tokens_.back().kind != Tok::kNewline &&
        tokens_.back().kind != Tok::kOutdent) {
      emit(Tok::kNewline, end);
    }
    while (indents_.size() > 1) {
      indents_.pop_back();
      emit(Tok::kOutdent, end);
    }
    emit(Tok::kEof, end);
    return std::move(tokens_);
  }

 private:
  Pos pos() const { return Pos{line_, col_}; }

  void advance() {
    unsigned char c = static_cast<unsigned char>(src_[i_++]);
    if (c == '\n') {
      ++line_;
      col_ = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++col_;
    }
  }

  void emit(Tok kind, Pos p, std::string text = {}) {
    Token t;
    t.kind = kind;
    t.pos = p;
    t.text = std::move(text);
    tokens_.push_back(std::move(t));
  }

  void error_at(Pos p, std::string msg) {
    if (error_.empty()) {
      error_ = std::move(msg);
      error_pos_ = p;
    }
  }

  tl::unexpected<Error> fail() {
    Error e(ErrorKind::kTiltfile, error_,
            SourcePos{std::string(file_), error_pos_.line, error_pos_.col});
    e.source_line = source_line(src_, error_pos_.line);
    return tl::unexpected(std::move(e));
  }

  void skip_blanks() {
    while (i_ < src_.size() &&
           (src_[i_] == ' ' || src_[i_] == '\t' || src_[i_] == '\r' || src_[i_] == '\f')) {
      advance();
    }
  }

  // Measures the indentation of a new line and emits INDENT/OUTDENT. Blank
  // and comment-only lines, and lines inside brackets, do not count.
  bool indentation() {
    int width = 0;
    size_t j = i_;
    while (j < src_.size()) {
      char c = src_[j];
      if (c == ' ') {
        ++width;
      } else if (c == '\t') {
        width = (width / 8 + 1) * 8;
      } else if (c != '\r' && c != '\f') {
        break;
      }
      ++j;
    }
    if (depth_ > 0 || j >= src_.size() || src_[j] == '\n' || src_[j] == '#') return true;
    if (j + 1 < src_.size() && src_[j] == '\\' && (src_[j + 1] == '\n' || src_[j + 1] == '\r')) {
      return true;
    }
    while (i_ < j) advance();
    if (width > indents_.back()) {
      indents_.push_back(width);
      emit(Tok::kIndent, pos());
    } else {
      while (width < indents_.back()) {
        indents_.pop_back();
        emit(Tok::kOutdent, pos());
      }
      if (width != indents_.back()) {
        error_at(pos(), "unindent does not match any outer indentation level");
        return false;
      }
    }
    return true;
  }

  bool token() {
    Pos start = pos();
    unsigned char c = static_cast<unsigned char>(src_[i_]);
    if (c == '"' || c == '\'') return string_literal(start, false, false);
    if (is_digit(static_cast<char>(c)) ||
        (c == '.' && i_ + 1 < src_.size() && is_digit(src_[i_ + 1]))) {
      return number(start);
    }
    if (is_ident_start(c)) return identifier(start);
    for (const Punct& p : kPuncts) {
      if (p.text[0] != static_cast<char>(c)) continue;  // cheap filter first
      if (src_.substr(i_, p.text.size()) == p.text) {
        for (size_t k = 0; k < p.text.size(); ++k) advance();
        if (p.tok == Tok::kLParen || p.tok == Tok::kLBrack || p.tok == Tok::kLBrace) ++depth_;
        if (p.tok == Tok::kRParen || p.tok == Tok::kRBrack || p.tok == Tok::kRBrace) {
          if (depth_ == 0) {
            error_at(start, fmt::format("unexpected '{}'", p.text));
            return false;
          }
          --depth_;
        }
        emit(p.tok, start);
        return true;
      }
    }
    if (c == '!') {
      error_at(start, "unexpected input character '!'");
    } else {
      error_at(start, fmt::format("unexpected input character '{}'", static_cast<char>(c)));
    }
    return false;
  }

  bool identifier(Pos start) {
    size_t begin = i_;
    while (i_ < src_.size() && is_ident_char(static_cast<unsigned char>(src_[i_]))) advance();
    std::string_view word = src_.substr(begin, i_ - begin);
    if (i_ < src_.size() && (src_[i_] == '"' || src_[i_] == '\'') && word.size() <= 2) {
      bool raw = false, bytes = false, ok = true;
      for (char ch : word) {
        if (ch == 'r' && !raw) {
          raw = true;
        } else if (ch == 'b' && !bytes) {
          bytes = true;
        } else {
          ok = false;
        }
      }
      if (ok) return string_literal(start, raw, bytes);
    }
    for (const Keyword& k : kKeywords) {
      if (k.text[0] == word[0] && k.text == word) {
        emit(k.tok, start, std::string(word));
        return true;
      }
    }
    emit(Tok::kIdent, start, std::string(word));
    return true;
  }

  bool number(Pos start) {
    size_t begin = i_;
    auto digits = [&](auto pred) {
      while (i_ < src_.size() && (pred(src_[i_]) || src_[i_] == '_')) advance();
    };
    Token t;
    t.pos = start;
    if (src_[i_] == '0' && i_ + 1 < src_.size() && std::strchr("xXoObB", src_[i_ + 1]) != nullptr &&
        src_[i_ + 1] != '\0') {
      char b = static_cast<char>(src_[i_ + 1] | 0x20);
      int base = b == 'x' ? 16 : b == 'o' ? 8 : 2;
      advance();
      advance();
      size_t dstart = i_;
      digits([](char ch) { return hex_value(ch) >= 0; });
      std::string_view body = src_.substr(dstart, i_ - dstart);
      const char* what = base == 16  ? "invalid hex literal"
                         : base == 8 ? "invalid octal literal"
                                     : "invalid binary literal";
      if (body.empty()) {
        error_at(start, what);
        return false;
      }
      return finish_int(start, src_.substr(begin, i_ - begin), body, base, what);
    }
    bool is_float = false;
    digits(is_digit);
    if (i_ < src_.size() && src_[i_] == '.') {
      is_float = true;
      advance();
      digits(is_digit);
    }
    if (i_ < src_.size() && (src_[i_] == 'e' || src_[i_] == 'E')) {
      is_float = true;
      advance();
      if (i_ < src_.size() && (src_[i_] == '+' || src_[i_] == '-')) advance();
      size_t e = i_;
      digits(is_digit);
      if (e == i_) {
        error_at(start, "invalid float literal");
        return false;
      }
    }
    std::string_view text = src_.substr(begin, i_ - begin);
    // As in starlark-go, a letter may follow directly (`0in x` is `0 in x`;
    // `6burgle` is a parse error later).
    if (is_float) {
      std::string clean;
      for (char ch : text) {
        if (ch != '_') clean += ch;
      }
      t.kind = Tok::kFloat;
      t.text = std::string(text);
      t.float_value = std::strtod(clean.c_str(), nullptr);
      tokens_.push_back(std::move(t));
      return true;
    }
    if (text.size() > 1 && text[0] == '0') {
      bool all_zero = text.find_first_not_of("0_") == std::string_view::npos;
      if (!all_zero) {
        error_at(start, fmt::format("obsolete form of octal literal; use 0o{}", text.substr(1)));
        return false;
      }
    }
    return finish_int(start, text, text, 10, "invalid int literal");
  }

  bool finish_int(Pos start, std::string_view text, std::string_view body, int base,
                  const char* what) {
    Token t;
    t.kind = Tok::kInt;
    t.pos = start;
    t.text = std::string(text);
    uint64_t v = 0;
    bool overflow = false;
    for (char ch : body) {
      if (ch == '_') continue;
      int d = hex_value(ch);
      if (d < 0 || d >= base) {
        error_at(start, what);
        return false;
      }
      if (v > (static_cast<uint64_t>(INT64_MAX) - d) / base) overflow = true;
      if (!overflow) v = v * base + d;
    }
    t.int_overflow = overflow;
    t.int_value = overflow ? 0 : static_cast<int64_t>(v);
    tokens_.push_back(std::move(t));
    return true;
  }

  bool string_literal(Pos start, bool raw, bool bytes) {
    char quote = src_[i_];
    bool triple = src_.substr(i_, 3) == std::string_view(std::string(3, quote));
    for (int k = 0; k < (triple ? 3 : 1); ++k) advance();
    std::string out;
    while (true) {
      if (i_ >= src_.size()) {
        error_at(start, "unexpected EOF in string");
        return false;
      }
      char c = src_[i_];
      if (c == quote) {
        if (!triple) {
          advance();
          break;
        }
        if (src_.substr(i_, 3) == std::string_view(std::string(3, quote))) {
          advance();
          advance();
          advance();
          break;
        }
        out += c;
        advance();
        continue;
      }
      if (c == '\n' && !triple) {
        error_at(start, "unexpected newline in string");
        return false;
      }
      if (c != '\\') {
        out += c;
        advance();
        continue;
      }
      if (i_ + 1 >= src_.size()) {
        error_at(start, "unexpected EOF in string");
        return false;
      }
      if (raw) {
        // A raw string keeps the backslash; it only stops a quote or
        // newline from ending the literal.
        out += c;
        advance();
        out += src_[i_];
        advance();
        continue;
      }
      if (!escape(out, bytes)) return false;
    }
    emit(bytes ? Tok::kBytes : Tok::kString, start, std::move(out));
    return true;
  }

  bool escape(std::string& out, bool bytes) {
    Pos esc = pos();
    advance();  // the backslash
    char c = src_[i_];
    advance();
    switch (c) {
      case '\n':
        return true;
      case '\r':
        if (i_ < src_.size() && src_[i_] == '\n') advance();
        return true;
      case 'a':
        out += '\a';
        return true;
      case 'b':
        out += '\b';
        return true;
      case 'f':
        out += '\f';
        return true;
      case 'n':
        out += '\n';
        return true;
      case 'r':
        out += '\r';
        return true;
      case 't':
        out += '\t';
        return true;
      case 'v':
        out += '\v';
        return true;
      case '\\':
        out += '\\';
        return true;
      case '\'':
        out += '\'';
        return true;
      case '"':
        out += '"';
        return true;
      default:
        break;
    }
    if (c >= '0' && c <= '7') {
      int v = c - '0';
      for (int k = 0; k < 2 && i_ < src_.size() && src_[i_] >= '0' && src_[i_] <= '7'; ++k) {
        v = v * 8 + (src_[i_] - '0');
        advance();
      }
      if (v > 255) {
        error_at(esc, "octal escape value > 255");
        return false;
      }
      if (!bytes && v >= 0x80) {
        error_at(
            esc,
            fmt::format(
                "non-ASCII octal escape \\{:o} (use \\u{:04X} for the UTF-8 encoding of U+{:04X})",
                v, v, v));
        return false;
      }
      out += static_cast<char>(v);
      return true;
    }
    int n = c == 'x' ? 2 : c == 'u' ? 4 : c == 'U' ? 8 : 0;
    if (n == 0) {
      error_at(esc, fmt::format("invalid escape sequence \\{}", c));
      return false;
    }
    uint32_t v = 0;
    for (int k = 0; k < n; ++k) {
      int d = i_ < src_.size() ? hex_value(src_[i_]) : -1;
      if (d < 0) {
        error_at(esc, fmt::format("invalid escape sequence \\{}", c));
        return false;
      }
      v = v * 16 + d;
      advance();
    }
    if (c == 'x') {
      if (!bytes && v >= 0x80) {
        error_at(
            esc,
            fmt::format(
                "non-ASCII hex escape \\x{:02x} (use \\u{:04X} for the UTF-8 encoding of U+{:04X})",
                v, v, v));
        return false;
      }
      out += static_cast<char>(v);
      return true;
    }
    if (v > 0x10FFFF || (v >= 0xD800 && v < 0xE000)) {
      error_at(esc, fmt::format("invalid Unicode code point U+{:04X}", v));
      return false;
    }
    utf8_append(out, v);
    return true;
  }

  std::string_view file_;
  std::string_view src_;
  size_t i_ = 0;
  int line_ = 1;
  int col_ = 1;
  int depth_ = 0;
  bool at_line_start_ = true;
  std::vector<int> indents_;
  std::vector<Token> tokens_;
  std::string error_;
  Pos error_pos_;
};

}  // namespace

std::string_view tok_name(Tok tok) {
  switch (tok) {
    case Tok::kEof:
      return "end of file";
    case Tok::kNewline:
      return "newline";
    case Tok::kIndent:
      return "indent";
    case Tok::kOutdent:
      return "outdent";
    case Tok::kIdent:
      return "identifier";
    case Tok::kInt:
      return "int literal";
    case Tok::kFloat:
      return "float literal";
    case Tok::kString:
      return "string literal";
    case Tok::kBytes:
      return "bytes literal";
    case Tok::kNotIn:
      return "not in";
    default:
      break;
  }
  for (const Punct& p : kPuncts) {
    if (p.tok == tok) return p.text;
  }
  for (const Keyword& k : kKeywords) {
    if (k.tok == tok) return k.text;
  }
  return "?";
}

Result<std::vector<Token>> scan(std::string_view file, std::string_view source) {
  return Scanner(file, source).run();
}

std::string source_line(std::string_view source, int line) {
  size_t start = 0;
  for (int l = 1; l < line; ++l) {
    size_t nl = source.find('\n', start);
    if (nl == std::string_view::npos) return {};
    start = nl + 1;
  }
  size_t end = source.find('\n', start);
  std::string_view text =
      source.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  return std::string(text);
}

}  // namespace pitch::starlark
