// Expression evaluation (see eval.cc for the conventions).
#include <fmt/format.h>

#include "tiltfile/starlark/bigint.h"
#include "tiltfile/starlark/builtins.h"
#include "tiltfile/starlark/eval.h"
#include "tiltfile/starlark/ops.h"

namespace pitch::starlark {

Value Interpreter::Evaluator::eval(const Expr& e, Env& env) {
  switch (e.kind) {
    case ExprKind::kIdent:
      return eval_ident(static_cast<const Ident&>(e), env);
    case ExprKind::kLiteral:
      return eval_literal(static_cast<const Literal&>(e));
    case ExprKind::kList:
    case ExprKind::kTuple: {
      const auto& l = static_cast<const ListExpr&>(e);
      std::vector<Value> elems;
      elems.reserve(l.elems.size());
      for (const ExprPtr& x : l.elems) {
        Value v = eval(*x, env);
        if (!v.ok()) return v;
        elems.push_back(v);
      }
      return e.kind == ExprKind::kList ? in_.heap_.list(std::move(elems))
                                       : in_.heap_.tuple(std::move(elems));
    }
    case ExprKind::kDict:
      return eval_dict(static_cast<const DictExpr&>(e), env);
    case ExprKind::kUnary: {
      const auto& u = static_cast<const UnaryExpr&>(e);
      Value x = eval(*u.x, env);
      if (!x.ok()) return x;
      Value r = unary(in_, u.op, x);
      return r.ok() ? r : fail_at(u.pos);
    }
    case ExprKind::kBinary:
      return eval_binary(static_cast<const BinaryExpr&>(e), env);
    case ExprKind::kCall:
      return eval_call(static_cast<const CallExpr&>(e), env);
    case ExprKind::kDot: {
      const auto& d = static_cast<const DotExpr&>(e);
      Value x = eval(*d.x, env);
      if (!x.ok()) return x;
      Value r = get_attr(in_, x, d.name);
      return r.ok() ? r : fail_at(d.pos);
    }
    case ExprKind::kIndex: {
      const auto& ix = static_cast<const IndexExpr&>(e);
      Value x = eval(*ix.x, env);
      if (!x.ok()) return x;
      Value i = eval(*ix.index, env);
      if (!i.ok()) return i;
      Value r = index(in_, x, i);
      return r.ok() ? r : fail_at(ix.pos);
    }
    case ExprKind::kSlice:
      return eval_slice(static_cast<const SliceExpr&>(e), env);
    case ExprKind::kComprehension:
      return eval_comprehension(static_cast<const ComprehensionExpr&>(e), env);
    case ExprKind::kCond: {
      const auto& c = static_cast<const CondExpr&>(e);
      Value cond = eval(*c.cond, env);
      if (!cond.ok()) return cond;
      return eval(truth(cond) ? *c.then : *c.orelse, env);
    }
    case ExprKind::kLambda:
      return make_function(*static_cast<const LambdaExpr&>(e).fn, env);
    case ExprKind::kParen:
      return eval(*static_cast<const ParenExpr&>(e).x, env);
  }
  return Value();
}

Value Interpreter::Evaluator::eval_ident(const Ident& id, Env& env) {
  const Binding& b = *id.binding;
  Value v;
  switch (b.scope) {
    case Scope::kLocal:
      v = env.locals[b.index];
      break;
    case Scope::kCell:
      v = env.locals[b.index].as<Cell>()->value;
      break;
    case Scope::kFree:
      v = env.fn->freevars[b.index]->value;
      break;
    case Scope::kGlobal:
      v = env.module->globals[b.index];
      if (!v.ok()) {
        // load() bindings are file-local: starlark-go calls them locals.
        bool local = !env.module->file().global_exported[b.index];
        return fail_at(id.pos, fmt::format("{} variable {} referenced before assignment",
                                           local ? "local" : "global", id.name));
      }
      return v;
    case Scope::kPredeclared:
      return env.module->predeclared[b.index];
    case Scope::kUniversal:
      return in_.universe_[b.index];
    case Scope::kUndefined:
      return fail_at(id.pos, fmt::format("undefined: {}", id.name));
  }
  if (!v.ok())
    return fail_at(id.pos, fmt::format("local variable {} referenced before assignment", id.name));
  return v;
}

Value Interpreter::Evaluator::eval_literal(const Literal& lit) {
  switch (lit.tok) {
    case Tok::kInt:
      if (lit.int_overflow) {
        if (lit.cached == nullptr) {
          std::string digits;
          int base = 10;
          std::string_view t = lit.text;
          if (t.size() > 2 && t[0] == '0' && (t[1] | 0x20) != 'e') {
            char b = static_cast<char>(t[1] | 0x20);
            base = b == 'x' ? 16 : b == 'o' ? 8 : b == 'b' ? 2 : 10;
            if (base != 10) t.remove_prefix(2);
          }
          for (char ch : t) {
            if (ch != '_') digits += ch;
          }
          Value v = int_parse(in_, digits, base, false);
          if (!v.ok()) return fail_at(lit.pos, fmt::format("invalid int literal {}", lit.text));
          lit.cached = v.object();
        }
        return Value(const_cast<Object*>(static_cast<const Object*>(lit.cached)));
      }
      return Value::integer(lit.int_value);
    case Tok::kFloat:
      return Value::floating(lit.float_value);
    default: {
      if (lit.cached == nullptr) {
        lit.cached =
            in_.heap_.make_string(lit.text, lit.tok == Tok::kBytes ? Type::kBytes : Type::kString);
      }
      return Value(const_cast<String*>(static_cast<const String*>(lit.cached)));
    }
  }
}

Value Interpreter::Evaluator::eval_binary(const BinaryExpr& b, Env& env) {
  Value x = eval(*b.x, env);
  if (!x.ok()) return x;
  if (b.op == Tok::kAnd) return truth(x) ? eval(*b.y, env) : x;
  if (b.op == Tok::kOr) return truth(x) ? x : eval(*b.y, env);
  Value y = eval(*b.y, env);
  if (!y.ok()) return y;
  // Fast paths for the commonest cases.
  if (x.is_int() && y.is_int()) {
    int64_t r = 0;
    switch (b.op) {
      case Tok::kPlus:
        if (!__builtin_add_overflow(x.as_int(), y.as_int(), &r)) return Value::integer(r);
        break;
      case Tok::kMinus:
        if (!__builtin_sub_overflow(x.as_int(), y.as_int(), &r)) return Value::integer(r);
        break;
      case Tok::kLt:
        return Value::boolean(x.as_int() < y.as_int());
      case Tok::kEqEq:
        return Value::boolean(x.as_int() == y.as_int());
      default:
        break;
    }
  }
  Value r = binary(in_, b.op, x, y);
  return r.ok() ? r : fail_at(b.pos);
}

Value Interpreter::Evaluator::eval_dict(const DictExpr& d, Env& env) {
  Dict* dict = in_.heap_.make<Dict>();
  for (const DictEntry& e : d.entries) {
    Value k = eval(*e.key, env);
    if (!k.ok()) return k;
    Value v = eval(*e.value, env);
    if (!v.ok()) return v;
    size_t before = dict->size();
    if (!dict_insert(in_, *dict, k, v)) return fail_at(e.colon);
    if (dict->size() == before) return fail_at(e.colon, fmt::format("duplicate key: {}", repr(k)));
  }
  return Value(dict);
}

Value Interpreter::Evaluator::eval_slice(const SliceExpr& s, Env& env) {
  Value x = eval(*s.x, env);
  if (!x.ok()) return x;
  Value parts[3];
  const Expr* exprs[3] = {s.lo.get(), s.hi.get(), s.step.get()};
  for (int i = 0; i < 3; ++i) {
    if (exprs[i] == nullptr) continue;
    parts[i] = eval(*exprs[i], env);
    if (!parts[i].ok()) return parts[i];
  }
  Value r = slice(in_, x, parts[0], parts[1], parts[2]);
  return r.ok() ? r : fail_at(s.pos);
}

Value Interpreter::Evaluator::eval_call(const CallExpr& c, Env& env) {
  // x.f(...) calls the method directly, without a bound-method object.
  Value receiver;
  const DotExpr* dot = nullptr;
  Value fn;
  if (c.fn->kind == ExprKind::kDot) {
    dot = static_cast<const DotExpr*>(c.fn.get());
    receiver = eval(*dot->x, env);
    if (!receiver.ok()) return receiver;
    if (receiver.type() == Type::kOther) {
      fn = get_attr(in_, receiver, dot->name);
      if (!fn.ok()) return fail_at(dot->pos);
      dot = nullptr;
    }
  } else {
    fn = eval(*c.fn, env);
    if (!fn.ok()) return fn;
  }
  std::vector<Value> positional;
  std::vector<std::pair<Value, Value>> named;
  positional.reserve(c.args.size());
  for (const Arg& a : c.args) {
    Value v = eval(*a.value, env);
    if (!v.ok()) return v;
    switch (a.kind) {
      case ArgKind::kPositional:
        positional.push_back(v);
        break;
      case ArgKind::kKeyword:
        if (a.cached_name == nullptr) a.cached_name = in_.heap_.make_string(a.name);
        named.emplace_back(Value(const_cast<String*>(static_cast<const String*>(a.cached_name))),
                           v);
        break;
      case ArgKind::kStar:
        if (v.type() == Type::kString || !iterate(in_, v, positional)) {
          in_.clear_error();
          return fail_at(a.pos,
                         fmt::format("argument after * must be iterable, not {}", type_name(v)));
        }
        break;
      case ArgKind::kStarStar: {
        if (v.type() != Type::kDict) {
          return fail_at(a.pos,
                         fmt::format("argument after ** must be a mapping, not {}", type_name(v)));
        }
        for (const Dict::Entry& e : v.as<Dict>()->entries()) {
          if (!e.key.ok()) continue;
          if (e.key.type() != Type::kString) {
            return fail_at(a.pos,
                           fmt::format("keywords must be strings, not {}", type_name(e.key)));
          }
          std::string_view k = e.key.as<String>()->str();
          // Builtins see every keyword; Starlark functions report
          // "multiple values" when binding.
          bool builtin = dot != nullptr || fn.type() == Type::kBuiltin;
          for (size_t j = 0; builtin && j < named.size(); ++j) {
            if (named[j].first.as<String>()->str() == k) {
              std::string callee = dot != nullptr                 ? dot->name
                                   : fn.type() == Type::kBuiltin  ? fn.as<Builtin>()->name()
                                   : fn.type() == Type::kFunction ? fn.as<Function>()->name()
                                                                  : std::string(type_name(fn));
              return fail_at(c.pos, fmt::format("{}: duplicate keyword arg: \"{}\"", callee, k));
            }
          }
          named.emplace_back(e.key, e.value);
        }
        break;
      }
    }
  }
  CallArgs args{positional, named};
  Value r;
  if (dot != nullptr) {
    in_.stack_.back().call = &c;
    in_.stack_.back().pos = c.pos;
    bool missing = false;
    r = call_method(in_, receiver, dot->name, args, &missing);
    return r.ok() ? r : fail_at(missing ? dot->pos : c.pos);
  }
  r = call_value(fn, args, &c);
  return r.ok() ? r : fail_at(c.pos);
}

Value Interpreter::Evaluator::eval_comprehension(const ComprehensionExpr& c, Env& env) {
  Value result = c.is_dict ? Value(in_.heap_.make<Dict>()) : in_.heap_.list();
  if (!comprehension_clause(c, 0, result, env)) return Value();
  return result;
}

bool Interpreter::Evaluator::comprehension_clause(const ComprehensionExpr& c, size_t i,
                                                  Value result, Env& env) {
  if (i == c.clauses.size()) {
    Value v = eval(*c.body, env);
    if (!v.ok()) return false;
    if (!c.is_dict) {
      result.as<List>()->mutable_elems().push_back(v);
      return true;
    }
    Value val = eval(*c.value, env);
    if (!val.ok()) return false;
    if (!dict_insert(in_, *result.as<Dict>(), v, val)) return fail_at(c.body->pos), false;
    return true;
  }
  const Clause& cl = c.clauses[i];
  if (!cl.is_for) {
    Value cond = eval(*cl.expr, env);
    if (!cond.ok()) return false;
    return !truth(cond) || comprehension_clause(c, i + 1, result, env);
  }
  Value seq = eval(*cl.expr, env);
  if (!seq.ok()) return false;
  bool ok = true;
  std::vector<Value> elems;
  {
    // Iterate a snapshot while marking the source as being iterated, so
    // mutation of it from the body fails as in a for loop.
    if (seq.type() == Type::kString || !iterate(in_, seq, elems)) {
      in_.clear_error();
      fail_at(cl.pos, fmt::format("{} value is not iterable", type_name(seq)));
      return false;
    }
    int* counter = seq.type() == Type::kList ? &seq.as<List>()->iterators
                   : seq.type() == Type::kDict || seq.type() == Type::kSet
                       ? &seq.as<Dict>()->iterators
                       : nullptr;
    if (counter != nullptr) ++*counter;
    for (Value elem : elems) {
      if (!assign(*cl.target, elem, env) || !comprehension_clause(c, i + 1, result, env)) {
        ok = false;
        break;
      }
    }
    if (counter != nullptr) --*counter;
  }
  return ok;
}

}  // namespace pitch::starlark
