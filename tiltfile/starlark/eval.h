// tiltfile/starlark/eval.h — the evaluator (internal to the interpreter).
//
// A tree-walker over the resolved AST. Statements return a Flow, expressions
// a Value; both report errors through the Interpreter (see interpreter.h).
// eval.cc holds statements, calls and modules; eval_expr.cc expressions.
#pragma once

#include "tiltfile/starlark/interpreter.h"

namespace pitch::starlark {

class Interpreter::Evaluator {
 public:
  explicit Evaluator(Interpreter& in);

  Result<Module*> exec_module(const File& file, const Predeclared& predeclared);
  // Calls fn; `site` (may be null) is the call expression, for tracebacks.
  Value call_value(Value fn, const CallArgs& args, const Expr* site);

 private:
  enum class Flow { kNormal, kBreak, kContinue, kReturn, kError };

  // One activation's view of its variables.
  struct Env {
    Value* locals;
    Function* fn;  // null at toplevel
    Module* module;
    Value ret;
  };

  // Stamps a pending error with pos and the traceback (first one wins).
  Value fail_at(Pos pos);
  Value fail_at(Pos pos, std::string message);
  bool check_limits(Pos pos);

  Value call_function(Function* fn, const CallArgs& args);
  bool bind_args(Function* fn, const CallArgs& args, Value* locals);
  Value make_function(const FunctionDef& def, Env& env);

  Flow exec_stmts(const StmtList& stmts, Env& env);
  Flow exec(const Stmt& s, Env& env);
  Flow exec_for(const ForStmt& s, Env& env);
  Flow exec_load(const LoadStmt& s, Env& env);
  Flow exec_assign(const AssignStmt& s, Env& env);
  bool store(const Ident& id, Value v, Env& env);
  bool assign(const Expr& lhs, Value v, Env& env);

  Value eval(const Expr& e, Env& env);
  Value eval_ident(const Ident& id, Env& env);
  Value eval_literal(const Literal& lit);
  Value eval_binary(const BinaryExpr& b, Env& env);
  Value eval_call(const CallExpr& c, Env& env);
  Value eval_dict(const DictExpr& d, Env& env);
  Value eval_slice(const SliceExpr& s, Env& env);
  Value eval_comprehension(const ComprehensionExpr& c, Env& env);
  bool comprehension_clause(const ComprehensionExpr& c, size_t i, Value result, Env& env);

  Interpreter& in_;
};

}  // namespace pitch::starlark
