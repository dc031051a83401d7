#include "tiltfile/starlark/resolver.h"

#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "tiltfile/starlark/parser.h"
#include "tiltfile/starlark/spell.h"

namespace pitch::starlark {
namespace {

struct Block {
  Block* parent = nullptr;
  FunctionDef* fn = nullptr;  // the function whose frame holds this block's locals
  bool is_file = false;
  std::unordered_map<std::string, Binding*> bindings;
};

struct Use {
  Ident* id;
  Block* env;
};

// A function whose body is waiting to be resolved, and the block it was
// defined in.
struct PendingFunction {
  FunctionDef* fn;
  Block* parent;
};

const char* expr_type_name(ExprKind k) {
  switch (k) {
    case ExprKind::kLiteral:
      return "literal";
    case ExprKind::kDict:
      return "dictexpr";
    case ExprKind::kUnary:
      return "unaryexpr";
    case ExprKind::kBinary:
      return "binaryexpr";
    case ExprKind::kCall:
      return "callexpr";
    case ExprKind::kSlice:
      return "sliceexpr";
    case ExprKind::kComprehension:
      return "comprehension";
    case ExprKind::kCond:
      return "condexpr";
    case ExprKind::kLambda:
      return "lambdaexpr";
    default:
      return "expression";
  }
}

class Resolver {
 public:
  Resolver(File& file, const Dialect& dialect, const ResolveEnv& env)
      : file_(file), dialect_(dialect), env_(env) {}

  std::vector<Error> run() {
    file_.toplevel = std::make_unique<FunctionDef>();
    file_.toplevel->name = "<toplevel>";
    file_.toplevel->pos = Pos{1, 1};
    Block* file_block = new_block(nullptr, file_.toplevel.get());
    file_block->is_file = true;
    file_block_ = file_block;
    container_ = file_.toplevel.get();
    stmts(file_.stmts, file_block);
    // Toplevel uses resolve now that every global is known.
    for (const Use& u : toplevel_uses_) u.id->binding = use_toplevel(*u.id, u.env);
    toplevel_uses_.clear();
    resolve_uses(file_.toplevel.get());
    while (!pending_.empty()) {
      PendingFunction p = pending_.front();
      pending_.pop_front();
      function_body(p.fn, p.parent);
    }
    // Report in source order (function bodies are resolved last).
    std::vector<size_t> order(errors_.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [this](size_t a, size_t b) {
      return error_pos_[a].line < error_pos_[b].line ||
             (error_pos_[a].line == error_pos_[b].line && error_pos_[a].col < error_pos_[b].col);
    });
    std::vector<Error> sorted;
    sorted.reserve(errors_.size());
    for (size_t i : order) sorted.push_back(std::move(errors_[i]));
    return sorted;
  }

 private:
  void error(Pos p, std::string msg) {
    Error e(ErrorKind::kTiltfile, std::move(msg), SourcePos{file_.path, p.line, p.col});
    e.source_line = source_line(file_.source, p.line);
    errors_.push_back(std::move(e));
    error_pos_.push_back(p);
  }

  Block* new_block(Block* parent, FunctionDef* fn) {
    blocks_.push_back(std::make_unique<Block>());
    Block* b = blocks_.back().get();
    b->parent = parent;
    b->fn = fn;
    return b;
  }

  Binding* new_binding(Scope scope, int index, Pos first) {
    file_.bindings.push_back(std::make_unique<Binding>());
    Binding* b = file_.bindings.back().get();
    b->scope = scope;
    b->index = index;
    b->first = first;
    return b;
  }

  std::string where(Pos p) const { return fmt::format("{}:{}:{}", file_.path, p.line, p.col); }

  // --- binding ---

  // Binds `id` in block `env`; returns true if it was already bound there.
  bool bind(Ident& id, Block* env) {
    if (!env->is_file) return bind_local(id, env);
    Binding* b = nullptr;
    bool existed = true;
    const char* kind = "global";
    if (auto it = file_bindings_.find(id.name); it != file_bindings_.end()) {
      b = it->second;
      kind = "local";  // load bindings are file-local (starlark-go: Local)
    } else if (auto g = globals_.find(id.name); g != globals_.end()) {
      b = g->second;
    } else {
      existed = false;
      b = new_global(id.name, id.pos, true);
    }
    if (existed && !dialect_.global_reassign) {
      error(id.pos,
            fmt::format("cannot reassign {} {} declared at {}", kind, id.name, where(b->first)));
    }
    id.binding = b;
    return existed;
  }

  Binding* new_global(const std::string& name, Pos pos, bool exported) {
    Binding* b = new_binding(Scope::kGlobal, static_cast<int>(file_.global_names.size()), pos);
    file_.global_names.push_back(name);
    file_.global_exported.push_back(exported);
    globals_[name] = b;
    return b;
  }

  bool bind_local(Ident& id, Block* env) {
    auto it = env->bindings.find(id.name);
    bool existed = it != env->bindings.end();
    if (!existed) {
      FunctionDef* fn = env->fn;
      Binding* b = new_binding(Scope::kLocal, fn->num_locals++, id.pos);
      fn->local_names.push_back(id.name);
      env->bindings[id.name] = b;
    }
    use(id, env);
    return existed;
  }

  void use(Ident& id, Block* env) {
    if (env->is_file && dialect_.global_reassign) {
      id.binding = use_toplevel(id);
      return;
    }
    if (env->fn == file_.toplevel.get()) {
      if (env->is_file) {
        toplevel_uses_.push_back(Use{&id, env});
      } else {
        uses_[env->fn].push_back(Use{&id, env});
      }
      return;
    }
    uses_[env->fn].push_back(Use{&id, env});
  }

  Binding* use_toplevel(Ident& id, Block* from = nullptr) {
    if (auto it = file_bindings_.find(id.name); it != file_bindings_.end()) return it->second;
    if (auto it = globals_.find(id.name); it != globals_.end()) return it->second;
    if (auto it = predeclared_.find(id.name); it != predeclared_.end()) return it->second;
    Binding* b = nullptr;
    if (env_.is_predeclared && env_.is_predeclared(id.name)) {
      b = new_binding(Scope::kPredeclared, static_cast<int>(file_.predeclared_used.size()), id.pos);
      file_.predeclared_used.push_back(id.name);
    } else if (int u = env_.universal_index ? env_.universal_index(id.name) : -1; u >= 0) {
      if (!dialect_.set && id.name == "set") error(id.pos, "dialect does not support sets");
      b = new_binding(Scope::kUniversal, u, id.pos);
    } else {
      std::string hint = nearest(id.name, visible_names(from));
      error(id.pos, fmt::format("undefined: {}{}", id.name,
                                hint.empty() ? "" : fmt::format(" (did you mean {}?)", hint)));
      return new_binding(Scope::kUndefined, 0, id.pos);
    }
    predeclared_[id.name] = b;
    return b;
  }

  // Finds `name` as seen from block `env` of function `fn`, turning
  // captured locals of enclosing functions into cells.
  Binding* lookup(Ident& id, Block* env, FunctionDef* fn) {
    for (Block* b = env; b != nullptr; b = b->parent) {
      if (b->is_file) return use_toplevel(id, env);
      if (b->fn != fn) {
        Binding* outer = lookup(id, b, b->fn);
        if (outer->scope != Scope::kLocal && outer->scope != Scope::kCell &&
            outer->scope != Scope::kFree) {
          return outer;
        }
        if (outer->scope == Scope::kLocal) {
          outer->scope = Scope::kCell;
          b->fn->cells.push_back(outer->index);
        }
        auto& cache = free_cache_[fn];
        if (auto it = cache.find(id.name); it != cache.end()) return it->second;
        Binding* free =
            new_binding(Scope::kFree, static_cast<int>(fn->freevars.size()), outer->first);
        fn->freevars.push_back(outer);
        cache[id.name] = free;
        return free;
      }
      if (auto it = b->bindings.find(id.name); it != b->bindings.end()) return it->second;
    }
    return use_toplevel(id, env);
  }

  // Names a use in block `from` could have meant (for spelling hints).
  std::vector<std::string> visible_names(Block* from) const {
    std::vector<std::string> out;
    for (Block* b = from; b != nullptr; b = b->parent) {
      for (const auto& [name, binding] : b->bindings) out.push_back(name);
    }
    for (const auto& [name, binding] : globals_) out.push_back(name);
    for (const auto& [name, binding] : file_bindings_) out.push_back(name);
    if (env_.names) {
      for (std::string& n : env_.names()) out.push_back(std::move(n));
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  void resolve_uses(FunctionDef* fn) {
    auto it = uses_.find(fn);
    if (it == uses_.end()) return;
    std::vector<Use> uses = std::move(it->second);
    uses_.erase(it);
    for (const Use& u : uses) u.id->binding = lookup(*u.id, u.env, fn);
  }

  // --- statements ---

  void stmts(StmtList& list, Block* env) {
    for (StmtPtr& s : list) stmt(*s, env);
  }

  bool at_toplevel(Block* env) const { return env->fn == file_.toplevel.get(); }

  void stmt(Stmt& s, Block* env) {
    switch (s.kind) {
      case StmtKind::kExpr:
        expr(*static_cast<ExprStmt&>(s).x, env);
        return;
      case StmtKind::kAssign: {
        auto& a = static_cast<AssignStmt&>(s);
        expr(*a.rhs, env);
        // x += 1 reads x first (tuples and lists are rejected by assign).
        if (a.op != Tok::kEq && a.lhs->kind != ExprKind::kTuple && a.lhs->kind != ExprKind::kList) {
          expr(*a.lhs, env);
        }
        assign(*a.lhs, env, a.op != Tok::kEq);
        return;
      }
      case StmtKind::kDef: {
        auto& d = static_cast<DefStmt&>(s);
        bind(*d.name, env);
        function(d.fn.get(), env);
        return;
      }
      case StmtKind::kIf: {
        auto& i = static_cast<IfStmt&>(s);
        if (at_toplevel(env) && !dialect_.toplevel_control)
          error(s.pos, "if statement not within a function");
        expr(*i.cond, env);
        ++conditionals_;
        stmts(i.then, env);
        stmts(i.orelse, env);
        --conditionals_;
        return;
      }
      case StmtKind::kFor: {
        auto& f = static_cast<ForStmt&>(s);
        if (at_toplevel(env) && !dialect_.toplevel_control)
          error(s.pos, "for loop not within a function");
        expr(*f.iterable, env);
        assign(*f.target, env, false);
        ++loops_;
        stmts(f.body, env);
        --loops_;
        return;
      }
      case StmtKind::kWhile: {
        auto& w = static_cast<WhileStmt&>(s);
        if (!dialect_.while_loops) {
          error(s.pos, "dialect does not support while loops");
        } else if (at_toplevel(env) && !dialect_.toplevel_control) {
          error(s.pos, "while loop not within a function");
        }
        expr(*w.cond, env);
        ++loops_;
        stmts(w.body, env);
        --loops_;
        return;
      }
      case StmtKind::kReturn: {
        auto& r = static_cast<ReturnStmt&>(s);
        if (at_toplevel(env)) error(s.pos, "return statement not within a function");
        if (r.value) expr(*r.value, env);
        return;
      }
      case StmtKind::kBreak:
      case StmtKind::kContinue:
        if (loops_ == 0)
          error(s.pos,
                fmt::format("{} not in a loop", s.kind == StmtKind::kBreak ? "break" : "continue"));
        return;
      case StmtKind::kPass:
        return;
      case StmtKind::kLoad:
        load(static_cast<LoadStmt&>(s), env);
        return;
    }
  }

  void load(LoadStmt& l, Block* env) {
    if (!at_toplevel(env)) {
      error(l.pos, "load statement within a function");
    } else if (loops_ > 0) {
      error(l.pos, "load statement within a loop");
    } else if (conditionals_ > 0) {
      error(l.pos, "load statement within a conditional");
    }
    for (size_t i = 0; i < l.to.size(); ++i) {
      const std::string& from = l.from[i];
      if (from.empty()) {
        error(l.from_pos[i], "load: empty identifier");
        continue;
      }
      if (from[0] == '_') {
        error(l.from_pos[i],
              fmt::format("load: names with leading underscores are not exported: {}", from));
        continue;
      }
      Ident& id = *l.to[i];
      if (dialect_.load_binds_globally) {
        bind(id, env);
        continue;
      }
      // A file-local binding: a global slot that is not exported.
      if (file_bindings_.count(id.name) || globals_.count(id.name)) {
        if (!dialect_.global_reassign)
          error(id.pos, fmt::format("cannot reassign top-level {}", id.name));
        auto it = file_bindings_.find(id.name);
        id.binding = it != file_bindings_.end() ? it->second : globals_[id.name];
        continue;
      }
      Binding* b = new_binding(Scope::kGlobal, static_cast<int>(file_.global_names.size()), id.pos);
      file_.global_names.push_back(id.name);
      file_.global_exported.push_back(false);
      file_bindings_[id.name] = b;
      id.binding = b;
    }
  }

  void assign(Expr& lhs, Block* env, bool augmented) {
    switch (lhs.kind) {
      case ExprKind::kIdent:
        bind(static_cast<Ident&>(lhs), env);
        return;
      case ExprKind::kIndex: {
        auto& i = static_cast<IndexExpr&>(lhs);
        if (!augmented) {
          expr(*i.x, env);
          expr(*i.index, env);
        }
        return;
      }
      case ExprKind::kDot:
        if (!augmented) expr(*static_cast<DotExpr&>(lhs).x, env);
        return;
      case ExprKind::kTuple:
      case ExprKind::kList:
        if (augmented) {
          error(lhs.pos, fmt::format("can't use {} expression in augmented assignment",
                                     lhs.kind == ExprKind::kTuple ? "tuple" : "list"));
          return;
        }
        for (ExprPtr& e : static_cast<ListExpr&>(lhs).elems) assign(*e, env, augmented);
        return;
      case ExprKind::kParen:
        assign(*static_cast<ParenExpr&>(lhs).x, env, augmented);
        return;
      default:
        error(expr_start(lhs), fmt::format("can't assign to {}", expr_type_name(lhs.kind)));
    }
  }

  // --- functions ---

  // Resolves parameter defaults now (in the enclosing block) and queues the
  // body.
  void function(FunctionDef* fn, Block* env) {
    for (Param& p : fn->params) {
      if (p.default_value) expr(*p.default_value, env);
    }
    pending_.push_back(PendingFunction{fn, env});
  }

  void function_body(FunctionDef* fn, Block* parent) {
    Block* b = new_block(parent, fn);
    FunctionDef* saved = container_;
    container_ = fn;
    int saved_loops = loops_;
    loops_ = 0;
    params(fn, b);
    stmts(fn->body, b);
    loops_ = saved_loops;
    resolve_uses(fn);
    container_ = saved;
  }

  void bind_param(Ident& id, Block* b) {
    if (b->bindings.count(id.name)) {
      error(id.pos, fmt::format("duplicate parameter: {}", id.name));
      return;
    }
    bind_local(id, b);
  }

  void params(FunctionDef* fn, Block* b) {
    const Param* star = nullptr;
    const Param* star_star = nullptr;
    bool seen_optional = false;
    for (Param& p : fn->params) {
      switch (p.kind) {
        case ParamKind::kRequired:
          if (star_star) {
            error(p.pos, fmt::format("required parameter may not follow **{}", star_star->name));
          } else if (star) {
            ++fn->num_kwonly;
          } else if (seen_optional) {
            error(p.pos, "required parameter may not follow optional");
          }
          bind_param(*p.ident, b);
          ++fn->num_params;
          break;
        case ParamKind::kOptional:
          if (star_star)
            error(p.pos, fmt::format("optional parameter may not follow **{}", star_star->name));
          if (star) ++fn->num_kwonly;
          bind_param(*p.ident, b);
          seen_optional = true;
          ++fn->num_params;
          break;
        case ParamKind::kStar:
          if (star_star) {
            error(p.pos, fmt::format("* parameter may not follow **{}", star_star->name));
          } else if (star) {
            error(p.pos, "multiple * parameters not allowed");
          } else {
            star = &p;
          }
          break;
        case ParamKind::kStarStar:
          if (star_star) {
            error(p.pos, "multiple ** parameters not allowed");
          } else {
            star_star = &p;
          }
          break;
      }
    }
    // *args and **kwargs take the slots after the named parameters.
    if (star) {
      if (star->ident) {
        bind_param(*star->ident, b);
        fn->has_varargs = true;
      } else if (fn->num_kwonly == 0) {
        error(star->pos, "bare * must be followed by keyword-only parameters");
      }
    }
    if (star_star && star_star->ident) {
      bind_param(*star_star->ident, b);
      fn->has_kwargs = true;
    }
  }

  // --- expressions ---

  void expr(Expr& e, Block* env) {
    switch (e.kind) {
      case ExprKind::kIdent:
        use(static_cast<Ident&>(e), env);
        return;
      case ExprKind::kLiteral:
        return;
      case ExprKind::kList:
      case ExprKind::kTuple:
        for (ExprPtr& x : static_cast<ListExpr&>(e).elems) expr(*x, env);
        return;
      case ExprKind::kDict:
        for (DictEntry& d : static_cast<DictExpr&>(e).entries) {
          expr(*d.key, env);
          expr(*d.value, env);
        }
        return;
      case ExprKind::kUnary:
        expr(*static_cast<UnaryExpr&>(e).x, env);
        return;
      case ExprKind::kBinary: {
        auto& b = static_cast<BinaryExpr&>(e);
        expr(*b.x, env);
        expr(*b.y, env);
        return;
      }
      case ExprKind::kCall:
        call(static_cast<CallExpr&>(e), env);
        return;
      case ExprKind::kDot:
        expr(*static_cast<DotExpr&>(e).x, env);
        return;
      case ExprKind::kIndex: {
        auto& i = static_cast<IndexExpr&>(e);
        expr(*i.x, env);
        expr(*i.index, env);
        return;
      }
      case ExprKind::kSlice: {
        auto& s = static_cast<SliceExpr&>(e);
        expr(*s.x, env);
        if (s.lo) expr(*s.lo, env);
        if (s.hi) expr(*s.hi, env);
        if (s.step) expr(*s.step, env);
        return;
      }
      case ExprKind::kComprehension:
        comprehension(static_cast<ComprehensionExpr&>(e), env);
        return;
      case ExprKind::kCond: {
        auto& c = static_cast<CondExpr&>(e);
        expr(*c.cond, env);
        expr(*c.then, env);
        expr(*c.orelse, env);
        return;
      }
      case ExprKind::kLambda:
        function(static_cast<LambdaExpr&>(e).fn.get(), env);
        return;
      case ExprKind::kParen:
        expr(*static_cast<ParenExpr&>(e).x, env);
        return;
    }
  }

  void comprehension(ComprehensionExpr& c, Block* env) {
    // The first iterable is evaluated in the enclosing block; everything
    // else sees the comprehension's own variables.
    Block* b = new_block(env, env->fn);
    for (size_t i = 0; i < c.clauses.size(); ++i) {
      Clause& cl = c.clauses[i];
      if (cl.is_for) {
        expr(*cl.expr, i == 0 ? env : b);
        assign(*cl.target, b, false);
      } else {
        expr(*cl.expr, b);
      }
    }
    expr(*c.body, b);
    if (c.value) expr(*c.value, b);
  }

  void call(CallExpr& c, Block* env) {
    expr(*c.fn, env);
    bool seen_varargs = false, seen_kwargs = false;
    std::unordered_set<std::string> seen_names;
    for (Arg& a : c.args) {
      switch (a.kind) {
        case ArgKind::kStarStar:
          if (seen_kwargs) error(a.pos, "multiple **kwargs not allowed");
          seen_kwargs = true;
          break;
        case ArgKind::kStar:
          if (seen_kwargs) {
            error(a.pos, "*args may not follow **kwargs");
          } else if (seen_varargs) {
            error(a.pos, "multiple *args not allowed");
          }
          seen_varargs = true;
          break;
        case ArgKind::kKeyword:
          if (seen_kwargs) {
            error(a.pos, "keyword argument may not follow **kwargs");
          } else if (seen_varargs) {
            error(a.pos, "keyword argument may not follow *args");
          }
          if (!seen_names.insert(a.name).second) {
            error(a.pos, fmt::format("keyword argument \"{}\" is repeated", a.name));
          }
          break;
        case ArgKind::kPositional:
          if (seen_varargs) {
            error(a.pos, "positional argument may not follow *args");
          } else if (seen_kwargs) {
            error(a.pos, "positional argument may not follow **kwargs");
          } else if (!seen_names.empty()) {
            error(a.pos, "positional argument may not follow named");
          }
          break;
      }
      expr(*a.value, env);
    }
  }

  File& file_;
  const Dialect& dialect_;
  const ResolveEnv& env_;
  std::vector<Error> errors_;
  std::vector<Pos> error_pos_;
  std::vector<std::unique_ptr<Block>> blocks_;
  Block* file_block_ = nullptr;
  FunctionDef* container_ = nullptr;
  std::unordered_map<std::string, Binding*> globals_;
  std::unordered_map<std::string, Binding*> file_bindings_;
  std::unordered_map<std::string, Binding*> predeclared_;
  std::vector<Use> toplevel_uses_;
  std::map<FunctionDef*, std::vector<Use>> uses_;
  std::map<FunctionDef*, std::unordered_map<std::string, Binding*>> free_cache_;
  std::deque<PendingFunction> pending_;
  int loops_ = 0;
  int conditionals_ = 0;
};

}  // namespace

std::vector<Error> resolve_file(File& file, const Dialect& dialect, const ResolveEnv& env) {
  return Resolver(file, dialect, env).run();
}

}  // namespace pitch::starlark
