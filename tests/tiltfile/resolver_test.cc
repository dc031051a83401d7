#include "tiltfile/starlark/resolver.h"

#include <gtest/gtest.h>

#include "tiltfile/starlark/parser.h"

namespace pitch::starlark {
namespace {

struct Resolved {
  std::unique_ptr<File> file;
  std::vector<std::string> errors;  // "line:col: message"
};

Resolved resolve(const std::string& src, Dialect dialect = {}) {
  auto f = parse_file("t.star", src);
  EXPECT_TRUE(f) << (f ? "" : f.error()[0].message);
  Resolved r;
  if (!f) return r;
  r.file = std::move(*f);
  ResolveEnv env;
  env.is_predeclared = [](std::string_view n) { return n == "M"; };
  env.universal_index = [](std::string_view n) { return n == "U" ? 0 : n == "set" ? 1 : -1; };
  for (const Error& e : resolve_file(*r.file, dialect, env)) {
    r.errors.push_back(std::to_string(e.pos->line) + ":" + std::to_string(e.pos->col) + ": " +
                       e.message);
  }
  return r;
}

TEST(ResolverTest, ReportsEveryErrorInSourceOrder) {
  auto r = resolve(
      "def f():\n"
      "  return undefined_in_f\n"
      "x = undefined_top\n"
      "if x: pass\n"
      "for y in []: pass\n"
      "while x: pass\n"
      "return 1\n"
      "break\n"
      "x = 2\n"
      "s = set()\n");
  EXPECT_EQ(r.errors, (std::vector<std::string>{
                          "2:10: undefined: undefined_in_f",
                          "3:5: undefined: undefined_top",
                          "4:1: if statement not within a function",
                          "5:1: for loop not within a function",
                          "6:1: dialect does not support while loops",
                          "7:1: return statement not within a function",
                          "8:1: break not in a loop",
                          "9:1: cannot reassign global x declared at t.star:3:1",
                          "10:5: dialect does not support sets",
                      }));
}

TEST(ResolverTest, DialectOptionsLiftRestrictions) {
  Dialect d = Dialect::tilt();
  auto r =
      resolve("x = 1\nx = 2\nif x:\n  pass\nwhile x:\n  x = 0\nfor y in []: pass\ns = set\n", d);
  EXPECT_TRUE(r.errors.empty()) << r.errors[0];
}

TEST(ResolverTest, ParametersAndArguments) {
  auto r = resolve(
      "def f(a, a): pass\n"
      "def g(a=1, b): pass\n"
      "def h(*, **k): pass\n"
      "def i(**k, a): pass\n"
      "U(k=1, k=2)\n"
      "U(*M, 1)\n"
      "U(**M, k=1)\n"
      "U(k=1, 2)\n");
  EXPECT_EQ(r.errors, (std::vector<std::string>{
                          "1:10: duplicate parameter: a",
                          "2:12: required parameter may not follow optional",
                          "3:7: bare * must be followed by keyword-only parameters",
                          "4:12: required parameter may not follow **k",
                          "5:8: keyword argument \"k\" is repeated",
                          "6:7: positional argument may not follow *args",
                          "7:8: keyword argument may not follow **kwargs",
                          "8:8: positional argument may not follow named",
                      }));
}

TEST(ResolverTest, AssignmentTargets) {
  auto r = resolve("def f():\n  f() = 1\n  (a, b) += 1\n  [a] += 1\n  1 = 2\n", Dialect::tilt());
  EXPECT_EQ(r.errors, (std::vector<std::string>{
                          "2:3: can't assign to callexpr",
                          "3:3: can't use tuple expression in augmented assignment",
                          "4:3: can't use list expression in augmented assignment",
                          "5:3: can't assign to literal",
                      }));
}

TEST(ResolverTest, LoadRules) {
  auto r = resolve("load('m', '_x')\ndef f():\n  load('m', 'y')\n");
  ASSERT_EQ(r.errors.size(), 2u);
  EXPECT_EQ(r.errors[0], "1:11: load: names with leading underscores are not exported: _x");
  EXPECT_EQ(r.errors[1], "3:3: load statement within a function");
}

TEST(ResolverTest, ScopesAndClosures) {
  auto r = resolve(
      "g = 1\n"
      "def outer(p):\n"
      "  local = p\n"
      "  def inner():\n"
      "    return local + g + M + U\n"
      "  return inner\n");
  ASSERT_TRUE(r.errors.empty()) << r.errors[0];
  const auto& outer = static_cast<const DefStmt&>(*r.file->stmts[1]);
  EXPECT_EQ(outer.fn->num_params, 1);
  EXPECT_EQ(outer.fn->num_locals, 3);               // p, local, inner
  EXPECT_EQ(outer.fn->cells, std::vector<int>{1});  // `local` is captured
  const auto& inner = static_cast<const DefStmt&>(*outer.fn->body[1]);
  ASSERT_EQ(inner.fn->freevars.size(), 1u);
  EXPECT_EQ(inner.fn->freevars[0]->scope, Scope::kCell);
  const auto& ret = static_cast<const ReturnStmt&>(*inner.fn->body[0]);
  // ((local + g) + M) + U
  const auto& sum = static_cast<const BinaryExpr&>(*ret.value);
  const auto& left = static_cast<const BinaryExpr&>(*sum.x);
  const auto& left2 = static_cast<const BinaryExpr&>(*left.x);
  EXPECT_EQ(static_cast<const Ident&>(*left2.x).binding->scope, Scope::kFree);
  EXPECT_EQ(static_cast<const Ident&>(*left2.y).binding->scope, Scope::kGlobal);
  EXPECT_EQ(static_cast<const Ident&>(*left.y).binding->scope, Scope::kPredeclared);
  EXPECT_EQ(static_cast<const Ident&>(*sum.y).binding->scope, Scope::kUniversal);
}

TEST(ResolverTest, FunctionsSeeGlobalsDefinedLater) {
  auto r = resolve("def f():\n  return later\nlater = 1\n");
  EXPECT_TRUE(r.errors.empty()) << r.errors[0];
}

TEST(ResolverTest, ComprehensionVariablesAreLocalToIt) {
  auto r = resolve("x = [y for y in [1]]\nz = y\n");
  EXPECT_EQ(r.errors, std::vector<std::string>{"2:5: undefined: y"});
}

}  // namespace
}  // namespace pitch::starlark
