// tiltfile/starlark/ast.h — the syntax tree the parser builds.
//
// Plain structs with a kind tag (the evaluator switches on it instead of
// paying for virtual dispatch) and owning unique_ptr children. The resolver
// annotates identifiers and functions in place; after that the tree is
// read-only, except for literal caches the evaluator fills (one AST is only
// ever evaluated by one Interpreter, which owns both).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tiltfile/starlark/dialect.h"
#include "tiltfile/starlark/scanner.h"

namespace pitch::starlark {

// Where a name lives at run time (set by the resolver).
enum class Scope : uint8_t {
  kUndefined,
  kLocal,        // a slot in the current frame
  kCell,         // a frame slot holding a Cell shared with closures
  kFree,         // a Cell captured by the current function
  kGlobal,       // a slot of the module's globals
  kPredeclared,  // host-provided (the Tilt API), by index into the host's list
  kUniversal,    // language builtins (len, str, ...)
};

struct Binding {
  Scope scope = Scope::kUndefined;
  int index = 0;
  Pos first;  // the first binding occurrence
};

struct Expr;
struct Stmt;
struct FunctionDef;
using ExprPtr = std::unique_ptr<Expr>;
using StmtPtr = std::unique_ptr<Stmt>;
using StmtList = std::vector<StmtPtr>;

enum class ExprKind : uint8_t {
  kIdent,
  kLiteral,
  kList,
  kTuple,
  kDict,
  kUnary,
  kBinary,
  kCall,
  kDot,
  kIndex,
  kSlice,
  kComprehension,
  kCond,
  kLambda,
  kParen,
};

struct Expr {
  ExprKind kind;
  Pos pos;  // the position errors about this expression point at
  Expr(ExprKind k, Pos p) : kind(k), pos(p) {}
  virtual ~Expr() = default;
};

struct Ident : Expr {
  std::string name;
  Binding* binding = nullptr;  // owned by the resolver's File
  Ident(Pos p, std::string n) : Expr(ExprKind::kIdent, p), name(std::move(n)) {}
};

struct Literal : Expr {
  Tok tok;           // kInt, kFloat, kString, kBytes
  std::string text;  // decoded string, or the int text when it overflowed
  int64_t int_value = 0;
  bool int_overflow = false;
  double float_value = 0;
  // The evaluator's cached heap value for strings (see file comment).
  mutable const void* cached = nullptr;
  Literal(Pos p, Tok t) : Expr(ExprKind::kLiteral, p), tok(t) {}
};

// [a, b] and (a, b); also unparenthesized tuples.
struct ListExpr : Expr {
  std::vector<ExprPtr> elems;
  using Expr::Expr;
};

struct DictEntry {
  ExprPtr key;
  ExprPtr value;
  Pos colon;
};

struct DictExpr : Expr {
  std::vector<DictEntry> entries;
  explicit DictExpr(Pos p) : Expr(ExprKind::kDict, p) {}
};

struct UnaryExpr : Expr {
  Tok op;  // kMinus, kPlus, kTilde, kNot
  ExprPtr x;
  UnaryExpr(Pos p, Tok o, ExprPtr e) : Expr(ExprKind::kUnary, p), op(o), x(std::move(e)) {}
};

// pos is the operator's position (where starlark-go reports binary errors).
struct BinaryExpr : Expr {
  Tok op;  // includes kAnd, kOr, kIn, kNotIn
  ExprPtr x, y;
  BinaryExpr(Pos p, Tok o, ExprPtr a, ExprPtr b)
      : Expr(ExprKind::kBinary, p), op(o), x(std::move(a)), y(std::move(b)) {}
};

enum class ArgKind : uint8_t { kPositional, kKeyword, kStar, kStarStar };

struct Arg {
  ArgKind kind = ArgKind::kPositional;
  std::string name;                           // kKeyword
  mutable const void* cached_name = nullptr;  // the evaluator's String for name
  Pos pos;
  ExprPtr value;
};

// pos is the '(' (starlark-go reports call errors there).
struct CallExpr : Expr {
  ExprPtr fn;
  std::vector<Arg> args;
  Pos rparen;
  CallExpr(Pos p, ExprPtr f) : Expr(ExprKind::kCall, p), fn(std::move(f)) {}
};

// pos is the '.'.
struct DotExpr : Expr {
  ExprPtr x;
  std::string name;
  Pos name_pos;
  DotExpr(Pos p, ExprPtr e, std::string n)
      : Expr(ExprKind::kDot, p), x(std::move(e)), name(std::move(n)) {}
};

// pos is the '['.
struct IndexExpr : Expr {
  ExprPtr x, index;
  IndexExpr(Pos p, ExprPtr a, ExprPtr i)
      : Expr(ExprKind::kIndex, p), x(std::move(a)), index(std::move(i)) {}
};

struct SliceExpr : Expr {
  ExprPtr x, lo, hi, step;  // lo/hi/step may be null
  SliceExpr(Pos p, ExprPtr a) : Expr(ExprKind::kSlice, p), x(std::move(a)) {}
};

struct Clause {
  bool is_for = true;
  Pos pos;
  ExprPtr target;  // for: the loop variables
  ExprPtr expr;    // for: the iterable; if: the condition
};

struct ComprehensionExpr : Expr {
  bool is_dict = false;
  ExprPtr body;   // list element, or the key for a dict
  ExprPtr value;  // dict value
  std::vector<Clause> clauses;
  ComprehensionExpr(Pos p, bool d) : Expr(ExprKind::kComprehension, p), is_dict(d) {}
};

struct CondExpr : Expr {
  ExprPtr cond, then, orelse;
  explicit CondExpr(Pos p) : Expr(ExprKind::kCond, p) {}
};

struct LambdaExpr : Expr {
  std::unique_ptr<FunctionDef> fn;
  explicit LambdaExpr(Pos p) : Expr(ExprKind::kLambda, p) {}
  ~LambdaExpr() override;
};

struct ParenExpr : Expr {
  ExprPtr x;
  ParenExpr(Pos p, ExprPtr e) : Expr(ExprKind::kParen, p), x(std::move(e)) {}
};

enum class ParamKind : uint8_t {
  kRequired,  // name
  kOptional,  // name=default
  kStar,      // *args, or a bare * (name empty)
  kStarStar,  // **kwargs
};

struct Param {
  ParamKind kind = ParamKind::kRequired;
  std::string name;
  Pos pos;
  ExprPtr default_value;
  Ident* ident = nullptr;  // the binding occurrence, owned by `idents` below
};

// A def or lambda, with what the resolver worked out about its frame.
struct FunctionDef {
  std::string name;  // "lambda" for lambdas, "<toplevel>" for a module
  Pos pos;
  std::vector<Param> params;
  StmtList body;
  std::vector<std::unique_ptr<Ident>> param_idents;

  // Resolver output.
  int num_locals = 0;
  int num_params = 0;                    // positional and keyword-only parameters, no * or **
  int num_kwonly = 0;                    // of num_params, how many follow * or *args
  bool has_varargs = false;              // *args (its slot follows the params)
  bool has_kwargs = false;               // **kwargs (its slot follows *args)
  std::vector<int> cells;                // local slots that hold Cells
  std::vector<Binding*> freevars;        // in the enclosing function's frame
  std::vector<std::string> local_names;  // for messages, by slot
};

enum class StmtKind : uint8_t {
  kExpr,
  kAssign,
  kDef,
  kIf,
  kFor,
  kWhile,
  kReturn,
  kBreak,
  kContinue,
  kPass,
  kLoad,
};

struct Stmt {
  StmtKind kind;
  Pos pos;
  Stmt(StmtKind k, Pos p) : kind(k), pos(p) {}
  virtual ~Stmt() = default;
};

struct ExprStmt : Stmt {
  ExprPtr x;
  ExprStmt(Pos p, ExprPtr e) : Stmt(StmtKind::kExpr, p), x(std::move(e)) {}
};

// lhs = rhs, or lhs op= rhs (op is the binary operator, kEq for plain).
struct AssignStmt : Stmt {
  Tok op;
  Pos op_pos;
  ExprPtr lhs, rhs;
  AssignStmt(Pos p, Tok o) : Stmt(StmtKind::kAssign, p), op(o) {}
};

struct DefStmt : Stmt {
  std::unique_ptr<Ident> name;
  std::unique_ptr<FunctionDef> fn;
  explicit DefStmt(Pos p) : Stmt(StmtKind::kDef, p) {}
};

struct IfStmt : Stmt {
  ExprPtr cond;
  StmtList then, orelse;  // elif becomes a nested IfStmt in orelse
  explicit IfStmt(Pos p) : Stmt(StmtKind::kIf, p) {}
};

struct ForStmt : Stmt {
  ExprPtr target, iterable;
  StmtList body;
  explicit ForStmt(Pos p) : Stmt(StmtKind::kFor, p) {}
};

struct WhileStmt : Stmt {
  ExprPtr cond;
  StmtList body;
  explicit WhileStmt(Pos p) : Stmt(StmtKind::kWhile, p) {}
};

struct ReturnStmt : Stmt {
  ExprPtr value;  // may be null
  explicit ReturnStmt(Pos p) : Stmt(StmtKind::kReturn, p) {}
};

// break, continue, pass.
struct BranchStmt : Stmt {
  using Stmt::Stmt;
};

struct LoadStmt : Stmt {
  std::string module;
  std::vector<std::unique_ptr<Ident>> to;  // local names
  std::vector<std::string> from;           // exported names
  std::vector<Pos> from_pos;
  Pos rparen;
  explicit LoadStmt(Pos p) : Stmt(StmtKind::kLoad, p) {}
};

// One parsed file.
struct File {
  std::string path;
  std::string source;
  Dialect dialect;
  StmtList stmts;
  // Set by the resolver: the toplevel code as a function whose locals are
  // comprehension variables (and load bindings), plus the globals by slot.
  std::unique_ptr<FunctionDef> toplevel;
  std::vector<std::string> global_names;
  std::vector<bool> global_exported;               // false for file-local load bindings
  std::vector<std::string> predeclared_used;       // names by kPredeclared index
  std::vector<std::unique_ptr<Binding>> bindings;  // storage for Binding*
};

inline LambdaExpr::~LambdaExpr() = default;

}  // namespace pitch::starlark
