#include "tiltfile/starlark/parser.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "tests/tiltfile/starlark_test_support.h"

namespace pitch::starlark {
namespace {

// Renders an expression fully parenthesised, to check precedence.
std::string show(const Expr& e);

std::string show_list(const std::vector<ExprPtr>& elems) {
  std::string out;
  for (size_t i = 0; i < elems.size(); ++i) out += (i ? ", " : "") + show(*elems[i]);
  return out;
}

std::string show(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kIdent:
      return static_cast<const Ident&>(e).name;
    case ExprKind::kLiteral: {
      const auto& l = static_cast<const Literal&>(e);
      return l.tok == Tok::kString ? "'" + l.text + "'"
                                   : (l.tok == Tok::kInt ? std::to_string(l.int_value) : l.text);
    }
    case ExprKind::kList:
      return "[" + show_list(static_cast<const ListExpr&>(e).elems) + "]";
    case ExprKind::kTuple:
      return "tuple(" + show_list(static_cast<const ListExpr&>(e).elems) + ")";
    case ExprKind::kUnary: {
      const auto& u = static_cast<const UnaryExpr&>(e);
      return "(" + std::string(tok_name(u.op)) + " " + show(*u.x) + ")";
    }
    case ExprKind::kBinary: {
      const auto& b = static_cast<const BinaryExpr&>(e);
      return "(" + show(*b.x) + " " + std::string(tok_name(b.op)) + " " + show(*b.y) + ")";
    }
    case ExprKind::kCall: {
      const auto& c = static_cast<const CallExpr&>(e);
      std::string out = show(*c.fn) + "(";
      for (size_t i = 0; i < c.args.size(); ++i) {
        const Arg& a = c.args[i];
        out += i ? ", " : "";
        out += a.kind == ArgKind::kStar       ? "*"
               : a.kind == ArgKind::kStarStar ? "**"
               : a.kind == ArgKind::kKeyword  ? a.name + "="
                                              : "";
        out += show(*a.value);
      }
      return out + ")";
    }
    case ExprKind::kDot:
      return show(*static_cast<const DotExpr&>(e).x) + "." + static_cast<const DotExpr&>(e).name;
    case ExprKind::kIndex: {
      const auto& i = static_cast<const IndexExpr&>(e);
      return show(*i.x) + "[" + show(*i.index) + "]";
    }
    case ExprKind::kSlice: {
      const auto& s = static_cast<const SliceExpr&>(e);
      auto opt = [](const ExprPtr& p) { return p ? show(*p) : std::string(); };
      return show(*s.x) + "[" + opt(s.lo) + ":" + opt(s.hi) + ":" + opt(s.step) + "]";
    }
    case ExprKind::kCond: {
      const auto& c = static_cast<const CondExpr&>(e);
      return "(" + show(*c.then) + " if " + show(*c.cond) + " else " + show(*c.orelse) + ")";
    }
    case ExprKind::kComprehension: {
      const auto& c = static_cast<const ComprehensionExpr&>(e);
      std::string out = "[" + show(*c.body);
      if (c.value) out += ": " + show(*c.value);
      for (const Clause& cl : c.clauses) {
        out += cl.is_for ? " for " + show(*cl.target) + " in " + show(*cl.expr)
                         : " if " + show(*cl.expr);
      }
      return out + "]";
    }
    case ExprKind::kLambda:
      return "lambda";
    case ExprKind::kParen:
      return show(*static_cast<const ParenExpr&>(e).x);
    case ExprKind::kDict:
      return "{...}";
  }
  return "?";
}

std::string expr(const std::string& src) {
  auto f = parse_file("t.star", src + "\n");
  EXPECT_TRUE(f) << (f ? "" : f.error()[0].message);
  if (!f) return "";
  EXPECT_EQ((*f)->stmts.size(), 1u);
  return show(*static_cast<const ExprStmt&>(*(*f)->stmts[0]).x);
}

std::string error_of(const std::string& src, Pos* pos = nullptr) {
  auto f = parse_file("t.star", src);
  EXPECT_FALSE(f);
  if (f) return "";
  EXPECT_EQ(f.error().size(), 1u);
  const Error& e = f.error()[0];
  if (pos) *pos = Pos{e.pos->line, e.pos->col};
  return e.message;
}

TEST(ParserTest, Precedence) {
  EXPECT_EQ(expr("a or b and not c == d"), "(a or (b and (not (c == d))))");
  EXPECT_EQ(expr("a | b ^ c & d << e + f * -g"), "(a | (b ^ (c & (d << (e + (f * (- g)))))))");
  EXPECT_EQ(expr("a - b - c"), "((a - b) - c)");
  EXPECT_EQ(expr("a // b % c"), "((a // b) % c)");
  EXPECT_EQ(expr("x not in y"), "(x not in y)");
  EXPECT_EQ(expr("a if b else c if d else e"), "(a if b else (c if d else e))");
  EXPECT_EQ(expr("~a.b[1](2)"), "(~ a.b[1](2))");
  EXPECT_EQ(expr("f(1, *a, k=2, **kw)"), "f(1, *a, k=2, **kw)");
  EXPECT_EQ(expr("x[1:2:3]"), "x[1:2:3]");
  EXPECT_EQ(expr("x[::-1]"), "x[::(- 1)]");
  EXPECT_EQ(expr("x[1, 2]"), "x[tuple(1, 2)]");
  EXPECT_EQ(expr("[x for x in y if x for z in x]"), "[x for x in y if x for z in x]");
  EXPECT_EQ(expr("{k: v for k, v in d}"), "[k: v for tuple(k, v) in d]");
  EXPECT_EQ(expr("(1,)"), "tuple(1)");
  EXPECT_EQ(expr("()"), "tuple()");
}

TEST(ParserTest, Statements) {
  auto f = parse_file("t.star",
                      "load('m.star', 'a', b='c')\n"
                      "def f(a, b=1, *args, c, d=2, **kw):\n"
                      "  for x, y in z:\n"
                      "    if x:\n      break\n    elif y:\n      continue\n    else:\n      pass\n"
                      "  while True: return\n"
                      "x += 1; y = lambda a, *b: a\n");
  ASSERT_TRUE(f) << f.error()[0].message;
  const File& file = **f;
  ASSERT_EQ(file.stmts.size(), 4u);
  const auto& load = static_cast<const LoadStmt&>(*file.stmts[0]);
  EXPECT_EQ(load.module, "m.star");
  EXPECT_EQ(load.from, (std::vector<std::string>{"a", "c"}));
  EXPECT_EQ(load.to[1]->name, "b");
  const auto& def = static_cast<const DefStmt&>(*file.stmts[1]);
  EXPECT_EQ(def.fn->params.size(), 6u);
  EXPECT_EQ(def.fn->params[2].kind, ParamKind::kStar);
  EXPECT_EQ(def.fn->params[5].kind, ParamKind::kStarStar);
  EXPECT_EQ(def.fn->body.size(), 2u);
  const auto& assign = static_cast<const AssignStmt&>(*file.stmts[2]);
  EXPECT_EQ(assign.op, Tok::kPlus);
  EXPECT_EQ(assign.op_pos, (Pos{11, 3}));
}

TEST(ParserTest, ErrorsWithPositions) {
  Pos pos;
  EXPECT_EQ(error_of("x = 1 +\n", &pos), "got newline, want primary expression");
  EXPECT_EQ(pos, (Pos{1, 8}));
  EXPECT_EQ(error_of("def f : pass"), "got ':', want '('");
  EXPECT_EQ(error_of("def pass(): pass"), "not an identifier");
  EXPECT_EQ(error_of("_ = 0 == 1 == 2"), "== does not associate with == (use parens)");
  EXPECT_EQ(error_of("_ = a in b not in c"), "in does not associate with not in (use parens)");
  EXPECT_EQ(error_of("_ = a + b not c"), "got identifier, want in");
  EXPECT_EQ(error_of("f(1+2 = 3)"), "keyword argument must have form name=expr");
  EXPECT_EQ(error_of("_ = a if b"), "conditional expression without else clause");
  EXPECT_EQ(error_of("a, b, = 1, 2"), "unparenthesized tuple with trailing comma");
  EXPECT_EQ(error_of("_ = [x for x in 1, 2]"), "got ',', want ']', for, or if");
  EXPECT_EQ(error_of("load(\"\")"), "load statement must import at least 1 symbol");
  EXPECT_EQ(error_of("load(\"a\", x)"),
            "load operand must be \"x\" or x=\"originalname\" (want '=' after x)");
  EXPECT_EQ(error_of("print 1 2", &pos), "got int literal, want newline");
  EXPECT_EQ(pos, (Pos{1, 7}));
  EXPECT_EQ(error_of("f(a,\n  b c)", &pos), "got identifier, want ','");
  EXPECT_EQ(pos, (Pos{2, 5}));
}

TEST(ParserTest, NestingLimit) {
  std::string deep = "x = " + std::string(500, '(') + "1" + std::string(500, ')') + "\n";
  EXPECT_EQ(error_of(deep), "nesting depth limit exceeded");
  std::string ok = "x = " + std::string(50, '[') + "1" + std::string(50, ']') + "\n";
  EXPECT_TRUE(parse_file("t.star", ok));
}

// The conformance suite's large real-world file and every evaluation file
// must parse (a smoke test; the full conformance runner is separate).
TEST(ParserTest, ConformanceFilesParse) {
  std::string dir = "/work/shared/conformance/starlark-go/";
  for (const char* name :
       {"syntax/scan.star", "control.star", "function.star", "list.star", "dict.star",
        "string.star", "builtins.star", "assign.star", "paths.star", "assert.star"}) {
    std::ifstream in(dir + name);
    if (!in) GTEST_SKIP() << "conformance data not present";
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    // Chunks that expect errors are split off by `---`; parse each chunk.
    size_t start = 0;
    while (start <= text.size()) {
      size_t end = text.find("\n---\n", start);
      std::string chunk =
          text.substr(start, end == std::string::npos ? std::string::npos : end - start + 1);
      if (chunk.find("###") == std::string::npos) {
        auto f = parse_file(name, chunk);
        EXPECT_TRUE(f) << name << ": " << (f ? "" : render_diagnostic(f.error()[0]));
      }
      if (end == std::string::npos) break;
      start = end + 5;
    }
  }
}

}  // namespace
}  // namespace pitch::starlark
