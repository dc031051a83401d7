#include "tiltfile/starlark/scanner.h"

#include <gtest/gtest.h>

namespace pitch::starlark {
namespace {

std::vector<Tok> kinds(const std::string& src) {
  auto toks = scan("t.star", src);
  EXPECT_TRUE(toks) << (toks ? "" : toks.error().message);
  std::vector<Tok> out;
  if (toks) {
    for (const Token& t : *toks) out.push_back(t.kind);
  }
  return out;
}

std::string error_of(const std::string& src, Pos* pos = nullptr) {
  auto toks = scan("t.star", src);
  EXPECT_FALSE(toks);
  if (toks) return "";
  if (pos) *pos = Pos{toks.error().pos->line, toks.error().pos->col};
  return toks.error().message;
}

TEST(ScannerTest, IndentationAndNewlines) {
  EXPECT_EQ(kinds("if x:\n  y\n\n  # c\n  z\nw\n"),
            (std::vector<Tok>{Tok::kIf, Tok::kIdent, Tok::kColon, Tok::kNewline, Tok::kIndent,
                              Tok::kIdent, Tok::kNewline, Tok::kIdent, Tok::kNewline, Tok::kOutdent,
                              Tok::kIdent, Tok::kNewline, Tok::kEof}));
}

TEST(ScannerTest, TabsIndentToMultiplesOfEight) {
  // A tab and eight spaces are the same indentation.
  EXPECT_EQ(kinds("if x:\n\ty\n        z\n"),
            (std::vector<Tok>{Tok::kIf, Tok::kIdent, Tok::kColon, Tok::kNewline, Tok::kIndent,
                              Tok::kIdent, Tok::kNewline, Tok::kIdent, Tok::kNewline, Tok::kOutdent,
                              Tok::kEof}));
}

TEST(ScannerTest, BracketsAndBackslashJoinLines) {
  EXPECT_EQ(kinds("f(a,\n    b)\nx = 1 + \\\n  2\n"),
            (std::vector<Tok>{Tok::kIdent, Tok::kLParen, Tok::kIdent, Tok::kComma, Tok::kIdent,
                              Tok::kRParen, Tok::kNewline, Tok::kIdent, Tok::kEq, Tok::kInt,
                              Tok::kPlus, Tok::kInt, Tok::kNewline, Tok::kEof}));
}

TEST(ScannerTest, Positions) {
  auto toks = scan("t.star", "a = 1\n  # x\nbb += 'é'\n");
  ASSERT_TRUE(toks);
  EXPECT_EQ((*toks)[4].pos, (Pos{3, 1}));  // bb
  EXPECT_EQ((*toks)[5].pos, (Pos{3, 4}));  // +=
  EXPECT_EQ((*toks)[6].kind, Tok::kString);
  EXPECT_EQ((*toks)[6].text, "é");
}

TEST(ScannerTest, StringForms) {
  auto text = [](const std::string& src) {
    auto toks = scan("t.star", src);
    EXPECT_TRUE(toks) << (toks ? "" : toks.error().message);
    return toks ? (*toks)[0].text : std::string();
  };
  EXPECT_EQ(text(R"("a\tb\n\\\"")"), "a\tb\n\\\"");
  EXPECT_EQ(text(R"('\x41\101\u00e9\U0001F600')"), "AA\xc3\xa9\xf0\x9f\x98\x80");
  EXPECT_EQ(text(R"(r"a\nb\"")"), "a\\nb\\\"");
  EXPECT_EQ(text("'''a\n'b'\n'''"), "a\n'b'\n");
  EXPECT_EQ(text("\"\"\"x\"\"\""), "x");
  EXPECT_EQ(text("'a\\\nb'"), "ab");
  auto toks = scan("t.star", "b'\\xff' rb'\\x'");
  ASSERT_TRUE(toks);
  EXPECT_EQ((*toks)[0].kind, Tok::kBytes);
  EXPECT_EQ((*toks)[0].text, "\xff");
  EXPECT_EQ((*toks)[1].kind, Tok::kBytes);
  EXPECT_EQ((*toks)[1].text, "\\x");
}

TEST(ScannerTest, Numbers) {
  auto toks = scan("t.star", "0x1F 0o17 0b101 123 1.5 1e3 .5 0 00 9223372036854775808");
  ASSERT_TRUE(toks);
  EXPECT_EQ((*toks)[0].int_value, 31);
  EXPECT_EQ((*toks)[1].int_value, 15);
  EXPECT_EQ((*toks)[2].int_value, 5);
  EXPECT_EQ((*toks)[3].int_value, 123);
  EXPECT_EQ((*toks)[4].kind, Tok::kFloat);
  EXPECT_EQ((*toks)[5].float_value, 1000.0);
  EXPECT_EQ((*toks)[6].float_value, 0.5);
  EXPECT_EQ((*toks)[7].int_value, 0);
  EXPECT_EQ((*toks)[8].int_value, 0);
  EXPECT_TRUE((*toks)[9].int_overflow);
}

TEST(ScannerTest, Errors) {
  Pos pos;
  EXPECT_EQ(error_of("x = 'abc\n", &pos), "unexpected newline in string");
  EXPECT_EQ(pos, (Pos{1, 5}));
  EXPECT_EQ(error_of("x = '''abc"), "unexpected EOF in string");
  EXPECT_EQ(error_of("s = \"\\x-0\""), "invalid escape sequence \\x");
  EXPECT_EQ(error_of("x = 017"), "obsolete form of octal literal; use 0o17");
  EXPECT_EQ(error_of("x = 0x"), "invalid hex literal");
  EXPECT_EQ(error_of("if x:\n    a\n  b\n", &pos),
            "unindent does not match any outer indentation level");
  EXPECT_EQ(pos, (Pos{3, 3}));
  EXPECT_EQ(error_of("a = 1 ! 2"), "unexpected input character '!'");
  EXPECT_EQ(error_of("a = $"), "unexpected input character '$'");
  EXPECT_EQ(error_of("f(1))"), "unexpected ')'");
  EXPECT_EQ(error_of("a \\ b"), "stray backslash in program");
}

}  // namespace
}  // namespace pitch::starlark
