// The tree-walking evaluator over the resolved AST.
//
// Every name is a slot (the resolver's work), so evaluation never hashes a
// string. Errors travel as an invalid Value / Flow::kError with the error
// recorded on the Interpreter; the first evaluator level that sees an
// unpositioned error stamps it with the failing expression's position and
// a traceback, which is why that position is the innermost one.
#include "tiltfile/starlark/eval.h"

#include <fmt/format.h>

#include <array>

#include "tiltfile/starlark/builtins.h"
#include "tiltfile/starlark/ops.h"
#include "tiltfile/starlark/spell.h"

namespace pitch::starlark {

namespace {

// Keeps a list or dict marked as "being iterated" for a scope.
class IterationGuard {
 public:
  explicit IterationGuard(Value v) {
    if (v.type() == Type::kList) {
      counter_ = &v.as<List>()->iterators;
    } else if (v.type() == Type::kDict || v.type() == Type::kSet) {
      counter_ = &v.as<Dict>()->iterators;
    }
    if (counter_ != nullptr) ++*counter_;
  }
  ~IterationGuard() {
    if (counter_ != nullptr) --*counter_;
  }
  IterationGuard(const IterationGuard&) = delete;
  IterationGuard& operator=(const IterationGuard&) = delete;

 private:
  int* counter_ = nullptr;
};

enum class Step { kNext, kStop, kError };

// Calls body(elem) for each element of an iterable value; body returns
// kNext, kStop (break out) or kError. Returns false on error.
template <typename Body>
bool for_each(Interpreter& in, Value x, Body&& body) {
  IterationGuard guard(x);
  switch (x.type()) {
    case Type::kList: {
      const auto& elems = x.as<List>()->elems();
      for (size_t i = 0; i < elems.size(); ++i) {
        Step s = body(elems[i]);
        if (s == Step::kError) return false;
        if (s == Step::kStop) break;
      }
      return true;
    }
    case Type::kTuple: {
      const auto& elems = x.as<Tuple>()->elems();
      for (size_t i = 0; i < elems.size(); ++i) {
        Step s = body(elems[i]);
        if (s == Step::kError) return false;
        if (s == Step::kStop) break;
      }
      return true;
    }
    case Type::kDict:
    case Type::kSet: {
      const auto& entries = x.as<Dict>()->entries();
      for (size_t i = 0; i < entries.size(); ++i) {
        if (!entries[i].key.ok()) continue;
        Step s = body(entries[i].key);
        if (s == Step::kError) return false;
        if (s == Step::kStop) break;
      }
      return true;
    }
    case Type::kRange: {
      const Range* r = x.as<Range>();
      int64_t n = r->len();
      for (int64_t i = 0; i < n; ++i) {
        Step s = body(Value::integer(r->at(i)));
        if (s == Step::kError) return false;
        if (s == Step::kStop) break;
      }
      return true;
    }
    case Type::kOther:
      if (as_host(x)->iterable()) {
        for (size_t i = 0;; ++i) {
          Value v = as_host(x)->iter_at(in, i);
          if (!v.ok()) return !in.failed();
          Step s = body(v);
          if (s == Step::kError) return false;
          if (s == Step::kStop) break;
        }
        return true;
      }
      [[fallthrough]];
    default:
      in.failf("{} value is not iterable", type_name(x));
      return false;
  }
}

}  // namespace

Interpreter::Evaluator::Evaluator(Interpreter& in) : in_(in) {}

Value Interpreter::Evaluator::fail_at(Pos pos) {
  if (in_.error_positioned_ || !in_.error_) return Value();
  in_.error_positioned_ = true;
  const Frame& top = in_.stack_.back();
  Error& e = *in_.error_;
  e.kind = ErrorKind::kTiltfile;
  e.pos = SourcePos{top.file->path, pos.line, pos.col};
  e.source_line = source_line(top.file->source, pos.line);
  e.notes.clear();
  e.notes.push_back("Traceback (most recent call last):");
  for (size_t i = 0; i < in_.stack_.size(); ++i) {
    const Frame& f = in_.stack_[i];
    Pos p = i + 1 == in_.stack_.size() ? pos : f.pos;
    e.notes.push_back(fmt::format("  {}:{}:{}: in {}", f.file->path, p.line, p.col, f.def->name));
  }
  return Value();
}

Value Interpreter::Evaluator::fail_at(Pos pos, std::string message) {
  in_.fail(std::move(message));
  return fail_at(pos);
}

// --- module and function execution ---

Result<Module*> Interpreter::Evaluator::exec_module(const File& file,
                                                    const Predeclared& predeclared) {
  Module* module = in_.heap_.make<Module>(&file);
  module->globals.resize(file.global_names.size());
  for (const std::string& name : file.predeclared_used) {
    auto it = predeclared.find(name);
    module->predeclared.push_back(it != predeclared.end() ? it->second : Value::none());
  }
  const FunctionDef& top = *file.toplevel;
  std::vector<Value> locals(top.num_locals);
  for (int i : top.cells) locals[i] = Value(in_.heap_.make<Cell>());
  Env env{locals.data(), nullptr, module, Value()};
  in_.stack_.push_back(Frame{&top, &file, nullptr, Pos{1, 1}});
  Flow flow = exec_stmts(file.stmts, env);
  in_.stack_.pop_back();
  if (flow == Flow::kError) return tl::unexpected(in_.take_error_value());
  module->freeze();
  return module;
}

bool Interpreter::Evaluator::check_limits(Pos pos) {
  ++in_.steps_;
  if (in_.limits_.max_steps != 0 && in_.steps_ > in_.limits_.max_steps) {
    fail_at(pos, "Starlark computation cancelled: too many steps");
    return false;
  }
  if (in_.limits_.cancel != nullptr && in_.limits_.cancel->load(std::memory_order_relaxed)) {
    fail_at(pos, "Starlark computation cancelled");
    return false;
  }
  return true;
}

Value Interpreter::Evaluator::call_value(Value fn, const CallArgs& args, const Expr* site) {
  if (site != nullptr) {
    in_.stack_.back().call = site;
    in_.stack_.back().pos = site->pos;
  }
  switch (fn.type()) {
    case Type::kBuiltin:
      return fn.as<Builtin>()->call(in_, args);
    case Type::kFunction:
      return call_function(fn.as<Function>(), args);
    case Type::kOther:
      if (as_host(fn)->callable()) return as_host(fn)->call(in_, args);
      [[fallthrough]];
    default:
      return in_.failf("invalid call of non-function ({})", type_name(fn));
  }
}

Value Interpreter::Evaluator::call_function(Function* fn, const CallArgs& args) {
  const FunctionDef& def = fn->def();
  char marker = 0;
  if (static_cast<int>(in_.stack_.size()) >= in_.limits_.max_call_depth ||
      (in_.stack_base_ != nullptr &&
       static_cast<size_t>(in_.stack_base_ - &marker) > in_.limits_.max_stack_bytes)) {
    return in_.fail("Starlark stack overflow");
  }
  if (!fn->module()->file().dialect.recursion) {
    for (const Frame& f : in_.stack_) {
      if (f.def == &def) return in_.failf("function {} called recursively", def.name);
    }
  }
  // Small frames live on the native stack; calls are the hot path.
  std::array<Value, 16> small;
  std::vector<Value> big;
  Value* locals = small.data();
  if (def.num_locals > static_cast<int>(small.size())) {
    big.resize(def.num_locals);
    locals = big.data();
  }
  if (!bind_args(fn, args, locals)) return Value();
  for (int i : def.cells) {
    Cell* c = in_.heap_.make<Cell>();
    c->value = locals[i];
    locals[i] = Value(c);
  }
  Env env{locals, fn, fn->module(), Value()};
  in_.stack_.push_back(Frame{&def, &fn->module()->file(), nullptr, def.pos});
  Flow flow = exec_stmts(def.body, env);
  in_.stack_.pop_back();
  if (flow == Flow::kError) return Value();
  return env.ret.ok() ? env.ret : Value::none();
}

bool Interpreter::Evaluator::bind_args(Function* fn, const CallArgs& args, Value* locals) {
  const FunctionDef& def = fn->def();
  int nparams = def.num_params;
  size_t nargs = args.positional.size();
  if (nparams == 0 && !def.has_varargs && !def.has_kwargs) {
    if (nargs + args.named.size() > 0) {
      in_.failf("function {} accepts no arguments ({} given)", def.name, nargs + args.named.size());
      return false;
    }
    return true;
  }
  Dict* kwdict = nullptr;
  if (def.has_kwargs) {
    kwdict = in_.heap_.make<Dict>();
    locals[nparams + (def.has_varargs ? 1 : 0)] = Value(kwdict);
  }
  size_t nonkw = static_cast<size_t>(nparams - def.num_kwonly);
  size_t n = nargs;
  if (nargs > nonkw) {
    if (!def.has_varargs) {
      bool optional = false;
      for (size_t i = 0; i < nonkw; ++i) optional = optional || fn->defaults[i].ok();
      in_.failf("function {} accepts {}{} positional argument{} ({} given)", def.name,
                optional ? "at most " : "", nonkw, nonkw == 1 ? "" : "s", nargs);
      return false;
    }
    n = nonkw;
  }
  for (size_t i = 0; i < n; ++i) locals[i] = args.positional[i];
  if (def.has_varargs) {
    std::vector<Value> rest(args.positional.begin() + n, args.positional.end());
    locals[nparams] = in_.heap_.tuple(std::move(rest));
  }
  for (const auto& [key, value] : args.named) {
    std::string_view k = key.as<String>()->str();
    int i = 0;
    while (i < nparams && def.local_names[i] != k) ++i;
    if (i < nparams) {
      if (locals[i].ok()) {
        in_.failf("function {} got multiple values for parameter \"{}\"", def.name, k);
        return false;
      }
      locals[i] = value;
      continue;
    }
    if (kwdict == nullptr) {
      in_.failf("function {} got an unexpected keyword argument \"{}\"", def.name, k);
      return false;
    }
    size_t before = kwdict->size();
    dict_insert(in_, *kwdict, key, value);
    if (kwdict->size() == before) {
      in_.failf("function {} got multiple values for parameter \"{}\"", def.name, k);
      return false;
    }
  }
  std::vector<std::string_view> missing;
  for (int i = static_cast<int>(n); i < nparams; ++i) {
    if (locals[i].ok()) continue;
    if (fn->defaults[i].ok()) {
      locals[i] = fn->defaults[i];
    } else {
      missing.push_back(def.local_names[i]);
    }
  }
  if (!missing.empty()) {
    in_.failf("function {} missing {} argument{} ({})", def.name, missing.size(),
              missing.size() > 1 ? "s" : "", fmt::join(missing, ", "));
    return false;
  }
  return true;
}

Value Interpreter::Evaluator::make_function(const FunctionDef& def, Env& env) {
  Function* fn = in_.heap_.make<Function>(&def, env.module);
  fn->defaults.resize(def.num_params);
  int slot = 0;
  for (const Param& p : def.params) {
    if (p.kind == ParamKind::kStar || p.kind == ParamKind::kStarStar) continue;
    if (p.default_value) {
      Value v = eval(*p.default_value, env);
      if (!v.ok()) return v;
      fn->defaults[slot] = v;
    }
    ++slot;
  }
  for (const Binding* b : def.freevars) {
    fn->freevars.push_back(b->scope == Scope::kCell ? env.locals[b->index].as<Cell>()
                                                    : env.fn->freevars[b->index]);
  }
  return Value(fn);
}

// --- statements ---

Interpreter::Evaluator::Flow Interpreter::Evaluator::exec_stmts(const StmtList& stmts, Env& env) {
  for (const StmtPtr& s : stmts) {
    Flow f = exec(*s, env);
    if (f != Flow::kNormal) return f;
  }
  return Flow::kNormal;
}

Interpreter::Evaluator::Flow Interpreter::Evaluator::exec(const Stmt& s, Env& env) {
  if (!check_limits(s.pos)) return Flow::kError;
  switch (s.kind) {
    case StmtKind::kExpr:
      return eval(*static_cast<const ExprStmt&>(s).x, env).ok() ? Flow::kNormal : Flow::kError;
    case StmtKind::kAssign:
      return exec_assign(static_cast<const AssignStmt&>(s), env);
    case StmtKind::kDef: {
      const auto& d = static_cast<const DefStmt&>(s);
      Value fn = make_function(*d.fn, env);
      if (!fn.ok()) return Flow::kError;
      return store(*d.name, fn, env) ? Flow::kNormal : Flow::kError;
    }
    case StmtKind::kIf: {
      const auto& i = static_cast<const IfStmt&>(s);
      Value c = eval(*i.cond, env);
      if (!c.ok()) return Flow::kError;
      return exec_stmts(truth(c) ? i.then : i.orelse, env);
    }
    case StmtKind::kFor:
      return exec_for(static_cast<const ForStmt&>(s), env);
    case StmtKind::kWhile: {
      const auto& w = static_cast<const WhileStmt&>(s);
      while (true) {
        if (!check_limits(s.pos)) return Flow::kError;
        Value c = eval(*w.cond, env);
        if (!c.ok()) return Flow::kError;
        if (!truth(c)) return Flow::kNormal;
        Flow f = exec_stmts(w.body, env);
        if (f == Flow::kBreak) return Flow::kNormal;
        if (f == Flow::kReturn || f == Flow::kError) return f;
      }
    }
    case StmtKind::kReturn: {
      const auto& r = static_cast<const ReturnStmt&>(s);
      env.ret = r.value ? eval(*r.value, env) : Value::none();
      return env.ret.ok() ? Flow::kReturn : Flow::kError;
    }
    case StmtKind::kBreak:
      return Flow::kBreak;
    case StmtKind::kContinue:
      return Flow::kContinue;
    case StmtKind::kPass:
      return Flow::kNormal;
    case StmtKind::kLoad:
      return exec_load(static_cast<const LoadStmt&>(s), env);
  }
  return Flow::kNormal;
}

Interpreter::Evaluator::Flow Interpreter::Evaluator::exec_for(const ForStmt& s, Env& env) {
  Value seq = eval(*s.iterable, env);
  if (!seq.ok()) return Flow::kError;
  Flow result = Flow::kNormal;
  bool ok = for_each(in_, seq, [&](Value elem) {
    if (!assign(*s.target, elem, env)) return Step::kError;
    Flow f = exec_stmts(s.body, env);
    switch (f) {
      case Flow::kBreak:
        return Step::kStop;
      case Flow::kReturn:
        result = f;
        return Step::kStop;
      case Flow::kError:
        return Step::kError;
      default:
        return Step::kNext;
    }
  });
  if (!ok) {
    fail_at(s.iterable->pos);
    return Flow::kError;
  }
  return result;
}

Interpreter::Evaluator::Flow Interpreter::Evaluator::exec_load(const LoadStmt& s, Env& env) {
  const File& file = env.module->file();
  if (!in_.hooks_.load) {
    fail_at(s.pos, fmt::format("cannot load {}: no load hook", s.module));
    return Flow::kError;
  }
  in_.stack_.back().pos = s.pos;
  in_.stack_.back().call = nullptr;
  Result<Module*> loaded = in_.hooks_.load(in_, s.module, file.path);
  if (!loaded) {
    Error e = std::move(loaded.error());
    if (!e.pos) e.message = fmt::format("cannot load {}: {}", s.module, e.message);
    in_.fail(std::move(e));
    fail_at(s.pos);
    return Flow::kError;
  }
  for (size_t i = 0; i < s.to.size(); ++i) {
    Value v = (*loaded)->exported(s.from[i]);
    if (!v.ok()) {
      std::string msg = fmt::format("load: name {} not found in module {}", s.from[i], s.module);
      std::string hint = nearest(s.from[i], (*loaded)->attr_names());
      if (!hint.empty()) msg += fmt::format(" (did you mean {}?)", hint);
      fail_at(s.from_pos[i], msg);
      return Flow::kError;
    }
    if (!store(*s.to[i], v, env)) return Flow::kError;
  }
  return Flow::kNormal;
}

bool Interpreter::Evaluator::store(const Ident& id, Value v, Env& env) {
  const Binding& b = *id.binding;
  switch (b.scope) {
    case Scope::kLocal:
      env.locals[b.index] = v;
      return true;
    case Scope::kCell:
      env.locals[b.index].as<Cell>()->value = v;
      return true;
    case Scope::kFree:
      env.fn->freevars[b.index]->value = v;
      return true;
    case Scope::kGlobal:
      env.module->globals[b.index] = v;
      return true;
    default:
      fail_at(id.pos, fmt::format("cannot assign to {}", id.name));
      return false;
  }
}

bool Interpreter::Evaluator::assign(const Expr& lhs, Value v, Env& env) {
  switch (lhs.kind) {
    case ExprKind::kIdent:
      return store(static_cast<const Ident&>(lhs), v, env);
    case ExprKind::kParen:
      return assign(*static_cast<const ParenExpr&>(lhs).x, v, env);
    case ExprKind::kIndex: {
      const auto& ix = static_cast<const IndexExpr&>(lhs);
      Value x = eval(*ix.x, env);
      if (!x.ok()) return false;
      Value i = eval(*ix.index, env);
      if (!i.ok()) return false;
      if (!set_index(in_, x, i, v)) {
        fail_at(ix.pos);
        return false;
      }
      return true;
    }
    case ExprKind::kDot: {
      const auto& d = static_cast<const DotExpr&>(lhs);
      Value x = eval(*d.x, env);
      if (!x.ok()) return false;
      if (x.type() == Type::kOther) {
        if (as_host(x)->set_attr(in_, d.name, v)) return true;
        fail_at(d.pos);
        return false;
      }
      fail_at(d.pos, fmt::format("can't assign to .{} field of {}", d.name, type_name(x)));
      return false;
    }
    case ExprKind::kTuple:
    case ExprKind::kList: {
      const auto& targets = static_cast<const ListExpr&>(lhs).elems;
      std::vector<Value> elems;
      if (v.type() == Type::kString || !iterate(in_, v, elems)) {
        in_.clear_error();
        fail_at(lhs.pos, fmt::format("got {} in sequence assignment", type_name(v)));
        return false;
      }
      if (elems.size() != targets.size()) {
        fail_at(lhs.pos, fmt::format("too {} values to unpack (got {}, want {})",
                                     elems.size() > targets.size() ? "many" : "few", elems.size(),
                                     targets.size()));
        return false;
      }
      for (size_t i = 0; i < targets.size(); ++i) {
        if (!assign(*targets[i], elems[i], env)) return false;
      }
      return true;
    }
    default:
      fail_at(lhs.pos, "invalid assignment target");
      return false;
  }
}

Interpreter::Evaluator::Flow Interpreter::Evaluator::exec_assign(const AssignStmt& s, Env& env) {
  if (s.op == Tok::kEq) {
    Value v = eval(*s.rhs, env);
    if (!v.ok()) return Flow::kError;
    return assign(*s.lhs, v, env) ? Flow::kNormal : Flow::kError;
  }
  // Augmented assignment evaluates the target's operands once.
  const Expr& lhs = *s.lhs;
  Value container, key, old;
  if (lhs.kind == ExprKind::kIndex) {
    const auto& ix = static_cast<const IndexExpr&>(lhs);
    container = eval(*ix.x, env);
    if (!container.ok()) return Flow::kError;
    key = eval(*ix.index, env);
    if (!key.ok()) return Flow::kError;
    old = index(in_, container, key);
    if (!old.ok()) return fail_at(ix.pos), Flow::kError;
  } else if (lhs.kind == ExprKind::kDot) {
    const auto& d = static_cast<const DotExpr&>(lhs);
    container = eval(*d.x, env);
    if (!container.ok()) return Flow::kError;
    old = get_attr(in_, container, d.name);
    if (!old.ok()) return fail_at(d.pos), Flow::kError;
  } else {
    old = eval(lhs, env);
    if (!old.ok()) return Flow::kError;
  }
  Value rhs = eval(*s.rhs, env);
  if (!rhs.ok()) return Flow::kError;
  Value result;
  if (s.op == Tok::kPipe && old.type() == Type::kDict && rhs.type() == Type::kDict) {
    // dict |= dict updates in place.
    Dict& d = *old.as<Dict>();
    if (std::string why = d.check_mutable("insert into"); !why.empty()) {
      fail_at(s.op_pos, why);
      return Flow::kError;
    }
    for (const Dict::Entry& e : rhs.as<Dict>()->entries()) {
      if (e.key.ok()) d.set(e.key, e.hash, e.value, equal);
    }
    result = old;
  } else if (s.op == Tok::kPlus && old.type() == Type::kList &&
             (rhs.type() == Type::kList || rhs.type() == Type::kTuple ||
              rhs.type() == Type::kDict || rhs.type() == Type::kSet || rhs.type() == Type::kRange ||
              (rhs.type() == Type::kOther && as_host(rhs)->iterable()))) {
    // list += iterable extends in place.
    List* l = old.as<List>();
    if (std::string why = l->check_mutable("apply += to"); !why.empty()) {
      fail_at(s.op_pos, why);
      return Flow::kError;
    }
    std::vector<Value> extra;
    if (!iterate(in_, rhs, extra)) return fail_at(s.op_pos), Flow::kError;
    l->mutable_elems().insert(l->mutable_elems().end(), extra.begin(), extra.end());
    result = old;
  } else {
    result = binary(in_, s.op, old, rhs);
    if (!result.ok()) return fail_at(s.op_pos), Flow::kError;
  }
  if (lhs.kind == ExprKind::kIndex) {
    if (!set_index(in_, container, key, result)) return fail_at(lhs.pos), Flow::kError;
    return Flow::kNormal;
  }
  if (lhs.kind == ExprKind::kDot) {
    const auto& d = static_cast<const DotExpr&>(lhs);
    if (container.type() != Type::kOther) {
      fail_at(d.pos, fmt::format("can't assign to .{} field of {}", d.name, type_name(container)));
      return Flow::kError;
    }
    if (!as_host(container)->set_attr(in_, d.name, result)) return fail_at(d.pos), Flow::kError;
    return Flow::kNormal;
  }
  return assign(lhs, result, env) ? Flow::kNormal : Flow::kError;
}

}  // namespace pitch::starlark
