#include "tiltfile/starlark/parser.h"

#include <fmt/format.h>

#include <utility>

namespace pitch::starlark {
namespace {

// Thrown inside this file only and caught in parse_file: the parser stops at
// the first error, and unwinding is the simplest way out of deep recursion.
struct SyntaxError {
  Pos pos;
  std::string message;
};

bool is_punct(Tok t) { return t >= Tok::kPlus && t <= Tok::kStarStar; }

// How a token reads in "got X, want Y".
std::string describe(Tok t) {
  if (is_punct(t)) return fmt::format("'{}'", tok_name(t));
  return std::string(tok_name(t));
}

bool is_augmented(Tok t) { return t >= Tok::kPlusEq && t <= Tok::kGtGtEq; }

Tok augmented_op(Tok t) {
  switch (t) {
    case Tok::kPlusEq:
      return Tok::kPlus;
    case Tok::kMinusEq:
      return Tok::kMinus;
    case Tok::kStarEq:
      return Tok::kStar;
    case Tok::kSlashEq:
      return Tok::kSlash;
    case Tok::kSlashSlashEq:
      return Tok::kSlashSlash;
    case Tok::kPercentEq:
      return Tok::kPercent;
    case Tok::kAmpEq:
      return Tok::kAmp;
    case Tok::kPipeEq:
      return Tok::kPipe;
    case Tok::kCaretEq:
      return Tok::kCaret;
    case Tok::kLtLtEq:
      return Tok::kLtLt;
    default:
      return Tok::kGtGt;
  }
}

// Binary operator precedence, low to high; 0 = not a binary operator.
// `not` (unary) sits between `and` and the comparisons.
constexpr int kPrecOr = 1, kPrecAnd = 2, kPrecNot = 3, kPrecCompare = 4, kPrecPipe = 5,
              kPrecCaret = 6, kPrecAmp = 7, kPrecShift = 8, kPrecAdd = 9, kPrecMul = 10,
              kPrecMax = 11;

int precedence(Tok t) {
  switch (t) {
    case Tok::kOr:
      return kPrecOr;
    case Tok::kAnd:
      return kPrecAnd;
    case Tok::kEqEq:
    case Tok::kNe:
    case Tok::kLt:
    case Tok::kGt:
    case Tok::kLe:
    case Tok::kGe:
    case Tok::kIn:
    case Tok::kNotIn:
      return kPrecCompare;
    case Tok::kPipe:
      return kPrecPipe;
    case Tok::kCaret:
      return kPrecCaret;
    case Tok::kAmp:
      return kPrecAmp;
    case Tok::kLtLt:
    case Tok::kGtGt:
      return kPrecShift;
    case Tok::kPlus:
    case Tok::kMinus:
      return kPrecAdd;
    case Tok::kStar:
    case Tok::kSlash:
    case Tok::kSlashSlash:
    case Tok::kPercent:
      return kPrecMul;
    default:
      return 0;
  }
}

bool terminates_expr_list(Tok t) {
  switch (t) {
    case Tok::kEof:
    case Tok::kNewline:
    case Tok::kEq:
    case Tok::kRBrace:
    case Tok::kRBrack:
    case Tok::kRParen:
    case Tok::kSemi:
      return true;
    default:
      return false;
  }
}

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : toks_(std::move(tokens)) {}

  StmtList file() {
    StmtList out;
    while (tok() != Tok::kEof) {
      if (tok() == Tok::kNewline) {
        next();
        continue;
      }
      statement(out);
    }
    return out;
  }

 private:
  // RAII nesting counter.
  struct Nest {
    Parser& p;
    explicit Nest(Parser& parser) : p(parser) {
      if (++p.depth_ > kMaxNesting) p.fail(p.cur().pos, "nesting depth limit exceeded");
    }
    ~Nest() { --p.depth_; }
  };

  const Token& cur() const { return toks_[i_]; }
  Tok tok() const { return toks_[i_].kind; }
  Tok peek() const { return i_ + 1 < toks_.size() ? toks_[i_ + 1].kind : Tok::kEof; }
  Pos next() {
    Pos p = cur().pos;
    if (i_ + 1 < toks_.size()) ++i_;
    return p;
  }

  [[noreturn]] void fail(Pos p, std::string msg) { throw SyntaxError{p, std::move(msg)}; }

  Pos expect(Tok t) {
    if (tok() != t) fail(cur().pos, fmt::format("got {}, want {}", describe(tok()), describe(t)));
    return next();
  }

  std::unique_ptr<Ident> ident() {
    if (tok() != Tok::kIdent) fail(cur().pos, "not an identifier");
    auto id = std::make_unique<Ident>(cur().pos, cur().text);
    next();
    return id;
  }

  // --- statements ---

  void statement(StmtList& out) {
    Nest nest(*this);
    switch (tok()) {
      case Tok::kDef:
        out.push_back(def_stmt());
        return;
      case Tok::kIf:
        out.push_back(if_stmt());
        return;
      case Tok::kFor:
        out.push_back(for_stmt());
        return;
      case Tok::kWhile:
        out.push_back(while_stmt());
        return;
      default:
        simple_stmt(out);
        return;
    }
  }

  StmtPtr def_stmt() {
    auto def = std::make_unique<DefStmt>(next());
    def->name = ident();
    def->fn = std::make_unique<FunctionDef>();
    def->fn->name = def->name->name;
    def->fn->pos = def->name->pos;
    expect(Tok::kLParen);
    params(*def->fn, Tok::kRParen);
    expect(Tok::kRParen);
    expect(Tok::kColon);
    suite(def->fn->body);
    return def;
  }

  void params(FunctionDef& fn, Tok close) {
    while (tok() != close) {
      Param p;
      p.pos = cur().pos;
      if (tok() == Tok::kStar || tok() == Tok::kStarStar) {
        p.kind = tok() == Tok::kStar ? ParamKind::kStar : ParamKind::kStarStar;
        next();
        if (p.kind == ParamKind::kStarStar || tok() == Tok::kIdent) {
          auto id = ident();
          p.name = id->name;
          p.ident = id.get();
          fn.param_idents.push_back(std::move(id));
        }
      } else {
        auto id = ident();
        p.name = id->name;
        p.ident = id.get();
        fn.param_idents.push_back(std::move(id));
        if (tok() == Tok::kEq) {
          next();
          p.kind = ParamKind::kOptional;
          p.default_value = test();
        }
      }
      fn.params.push_back(std::move(p));
      if (tok() == close) break;
      expect(Tok::kComma);
    }
  }

  StmtPtr if_stmt() {
    auto s = std::make_unique<IfStmt>(next());
    s->cond = test();
    expect(Tok::kColon);
    suite(s->then);
    if (tok() == Tok::kElif) {
      s->orelse.push_back(if_stmt());  // an elif parses like a nested if
    } else if (tok() == Tok::kElse) {
      next();
      expect(Tok::kColon);
      suite(s->orelse);
    }
    return s;
  }

  StmtPtr for_stmt() {
    auto s = std::make_unique<ForStmt>(next());
    s->target = loop_variables();
    expect(Tok::kIn);
    s->iterable = expr(false);
    expect(Tok::kColon);
    suite(s->body);
    return s;
  }

  StmtPtr while_stmt() {
    auto s = std::make_unique<WhileStmt>(next());
    s->cond = test();
    expect(Tok::kColon);
    suite(s->body);
    return s;
  }

  void suite(StmtList& out) {
    if (tok() != Tok::kNewline) {
      simple_stmt(out);
      return;
    }
    next();
    expect(Tok::kIndent);
    while (tok() != Tok::kOutdent && tok() != Tok::kEof) {
      if (tok() == Tok::kNewline) {
        next();
        continue;
      }
      statement(out);
    }
    expect(Tok::kOutdent);
  }

  void simple_stmt(StmtList& out) {
    while (true) {
      out.push_back(small_stmt());
      if (tok() != Tok::kSemi) break;
      next();
      if (tok() == Tok::kNewline || tok() == Tok::kEof) break;
    }
    if (tok() != Tok::kEof) expect(Tok::kNewline);
  }

  StmtPtr small_stmt() {
    switch (tok()) {
      case Tok::kReturn: {
        auto s = std::make_unique<ReturnStmt>(next());
        if (tok() != Tok::kNewline && tok() != Tok::kEof && tok() != Tok::kSemi)
          s->value = expr(false);
        return s;
      }
      case Tok::kBreak:
        return std::make_unique<BranchStmt>(StmtKind::kBreak, next());
      case Tok::kContinue:
        return std::make_unique<BranchStmt>(StmtKind::kContinue, next());
      case Tok::kPass:
        return std::make_unique<BranchStmt>(StmtKind::kPass, next());
      case Tok::kLoad:
        return load_stmt();
      default:
        break;
    }
    Pos start = cur().pos;
    ExprPtr x = expr(false);
    if (tok() == Tok::kEq || is_augmented(tok())) {
      auto s =
          std::make_unique<AssignStmt>(start, tok() == Tok::kEq ? Tok::kEq : augmented_op(tok()));
      s->op_pos = next();
      s->lhs = std::move(x);
      s->rhs = expr(false);
      return s;
    }
    return std::make_unique<ExprStmt>(start, std::move(x));
  }

  StmtPtr load_stmt() {
    auto s = std::make_unique<LoadStmt>(next());
    Pos lparen = expect(Tok::kLParen);
    if (tok() != Tok::kString)
      fail(cur().pos, "first operand of load statement must be a string literal");
    s->module = cur().text;
    next();
    while (tok() != Tok::kRParen) {
      expect(Tok::kComma);
      if (tok() == Tok::kRParen) break;
      if (tok() == Tok::kString) {
        s->to.push_back(std::make_unique<Ident>(cur().pos, cur().text));
        s->from.push_back(cur().text);
        s->from_pos.push_back(cur().pos);
        next();
        continue;
      }
      if (tok() != Tok::kIdent) {
        fail(cur().pos, fmt::format("load operand must be \"name\" or localname=\"name\" (got {})",
                                    describe(tok())));
      }
      auto id = ident();
      if (tok() != Tok::kEq) {
        fail(
            cur().pos,
            fmt::format("load operand must be \"{0}\" or {0}=\"originalname\" (want '=' after {0})",
                        id->name));
      }
      next();
      if (tok() != Tok::kString) {
        fail(cur().pos,
             fmt::format("original name of loaded symbol must be quoted: {}=\"originalname\"",
                         id->name));
      }
      s->from.push_back(cur().text);
      s->from_pos.push_back(cur().pos);
      s->to.push_back(std::move(id));
      next();
    }
    s->rparen = cur().pos;
    next();
    if (s->to.empty()) fail(lparen, "load statement must import at least 1 symbol");
    return s;
  }

  // --- expressions ---

  // Expression = Test {',' Test}: a tuple when there are commas.
  ExprPtr expr(bool in_parens) {
    ExprPtr x = test();
    if (tok() != Tok::kComma) return x;
    auto tuple = std::make_unique<ListExpr>(ExprKind::kTuple, expr_start(*x));
    tuple->elems.push_back(std::move(x));
    expr_list(tuple->elems, in_parens);
    return tuple;
  }

  void expr_list(std::vector<ExprPtr>& out, bool allow_trailing_comma) {
    while (tok() == Tok::kComma) {
      Pos comma = next();
      if (terminates_expr_list(tok())) {
        if (!allow_trailing_comma) fail(comma, "unparenthesized tuple with trailing comma");
        break;
      }
      out.push_back(test());
    }
  }

  ExprPtr loop_variables() {
    ExprPtr x = primary_with_suffix();
    if (tok() != Tok::kComma) return x;
    auto tuple = std::make_unique<ListExpr>(ExprKind::kTuple, expr_start(*x));
    tuple->elems.push_back(std::move(x));
    while (tok() == Tok::kComma) {
      next();
      if (tok() == Tok::kIn) break;
      tuple->elems.push_back(primary_with_suffix());
    }
    return tuple;
  }

  ExprPtr test() {
    Nest nest(*this);
    if (tok() == Tok::kLambda) return lambda(true);
    ExprPtr x = test_prec(kPrecOr);
    if (tok() == Tok::kIf) {
      auto c = std::make_unique<CondExpr>(next());
      c->cond = test_prec(kPrecOr);
      if (tok() != Tok::kElse) fail(c->pos, "conditional expression without else clause");
      next();
      c->then = std::move(x);
      c->orelse = test();
      return c;
    }
    return x;
  }

  // A test without a conditional expression (comprehension clauses).
  ExprPtr test_no_cond() {
    if (tok() == Tok::kLambda) return lambda(false);
    return test_prec(kPrecOr);
  }

  ExprPtr lambda(bool allow_cond) {
    auto l = std::make_unique<LambdaExpr>(next());
    l->fn = std::make_unique<FunctionDef>();
    l->fn->name = "lambda";
    l->fn->pos = l->pos;
    params(*l->fn, Tok::kColon);
    expect(Tok::kColon);
    ExprPtr body = allow_cond ? test() : test_no_cond();
    auto ret = std::make_unique<ReturnStmt>(expr_start(*body));
    ret->value = std::move(body);
    l->fn->body.push_back(std::move(ret));
    return l;
  }

  ExprPtr test_prec(int prec) {
    if (prec == kPrecNot && tok() == Tok::kNot) {
      Pos p = next();
      return std::make_unique<UnaryExpr>(p, Tok::kNot, test_prec(kPrecNot));
    }
    if (prec == kPrecNot) return test_prec(kPrecCompare);
    if (prec >= kPrecMax) return unary();
    ExprPtr x = test_prec(prec + 1);
    while (true) {
      Tok op = tok();
      if (op == Tok::kNot && peek() == Tok::kIn) {
        op = Tok::kNotIn;
      } else if (op == Tok::kNot) {
        if (prec == kPrecCompare) {
          next();
          fail(cur().pos, fmt::format("got {}, want in", describe(tok())));
        }
        return x;
      }
      if (precedence(op) != prec) return x;
      Pos op_pos = next();
      if (op == Tok::kNotIn) next();
      ExprPtr y = test_prec(prec + 1);
      x = std::make_unique<BinaryExpr>(op_pos, op, std::move(x), std::move(y));
      if (prec == kPrecCompare) {
        Tok after = tok() == Tok::kNot && peek() == Tok::kIn ? Tok::kNotIn : tok();
        if (precedence(after) == kPrecCompare) {
          fail(cur().pos, fmt::format("{} does not associate with {} (use parens)", tok_name(op),
                                      tok_name(after)));
        }
      }
    }
  }

  ExprPtr unary() {
    if (tok() == Tok::kMinus || tok() == Tok::kPlus || tok() == Tok::kTilde) {
      Nest nest(*this);
      Tok op = tok();
      Pos p = next();
      return std::make_unique<UnaryExpr>(p, op, unary());
    }
    return primary_with_suffix();
  }

  ExprPtr primary_with_suffix() {
    ExprPtr x = operand();
    while (true) {
      switch (tok()) {
        case Tok::kDot: {
          Pos dot = next();
          auto id = ident();
          auto d = std::make_unique<DotExpr>(dot, std::move(x), id->name);
          d->name_pos = id->pos;
          x = std::move(d);
          break;
        }
        case Tok::kLParen:
          x = call_suffix(std::move(x));
          break;
        case Tok::kLBrack:
          x = index_suffix(std::move(x));
          break;
        default:
          return x;
      }
    }
  }

  ExprPtr call_suffix(ExprPtr fn) {
    Nest nest(*this);
    auto call = std::make_unique<CallExpr>(next(), std::move(fn));
    while (tok() != Tok::kRParen && tok() != Tok::kEof) {
      if (!call->args.empty()) {
        expect(Tok::kComma);
        if (tok() == Tok::kRParen) break;
      }
      Arg a;
      a.pos = cur().pos;
      if (tok() == Tok::kStar || tok() == Tok::kStarStar) {
        a.kind = tok() == Tok::kStar ? ArgKind::kStar : ArgKind::kStarStar;
        next();
        a.value = test();
      } else {
        a.value = test();
        if (tok() == Tok::kEq) {
          if (a.value->kind != ExprKind::kIdent)
            fail(cur().pos, "keyword argument must have form name=expr");
          next();
          a.kind = ArgKind::kKeyword;
          a.name = static_cast<Ident&>(*a.value).name;
          a.value = test();
        }
      }
      call->args.push_back(std::move(a));
    }
    call->rparen = expect(Tok::kRParen);
    return call;
  }

  ExprPtr index_suffix(ExprPtr x) {
    Nest nest(*this);
    Pos lbrack = next();
    ExprPtr lo;
    if (tok() != Tok::kColon) {
      ExprPtr y = expr(false);
      if (tok() == Tok::kRBrack) {
        next();
        return std::make_unique<IndexExpr>(lbrack, std::move(x), std::move(y));
      }
      lo = std::move(y);
    }
    auto s = std::make_unique<SliceExpr>(lbrack, std::move(x));
    s->lo = std::move(lo);
    expect(Tok::kColon);
    if (tok() != Tok::kColon && tok() != Tok::kRBrack) s->hi = test();
    if (tok() == Tok::kColon) {
      next();
      if (tok() != Tok::kRBrack) s->step = test();
    }
    expect(Tok::kRBrack);
    return s;
  }

  ExprPtr operand() {
    Nest nest(*this);
    const Token& t = cur();
    switch (t.kind) {
      case Tok::kIdent: {
        auto id = std::make_unique<Ident>(t.pos, t.text);
        next();
        return id;
      }
      case Tok::kInt:
      case Tok::kFloat:
      case Tok::kString:
      case Tok::kBytes: {
        auto lit = std::make_unique<Literal>(t.pos, t.kind);
        lit->text = t.text;
        lit->int_value = t.int_value;
        lit->int_overflow = t.int_overflow;
        lit->float_value = t.float_value;
        next();
        return lit;
      }
      case Tok::kLParen: {
        Pos lparen = next();
        if (tok() == Tok::kRParen) {
          next();
          return std::make_unique<ListExpr>(ExprKind::kTuple, lparen);
        }
        ExprPtr x = expr(true);
        expect(Tok::kRParen);
        if (x->kind == ExprKind::kTuple) {
          x->pos = lparen;
          return x;
        }
        return std::make_unique<ParenExpr>(lparen, std::move(x));
      }
      case Tok::kLBrack:
        return list_or_comprehension();
      case Tok::kLBrace:
        return dict_or_comprehension();
      default:
        fail(t.pos, fmt::format("got {}, want primary expression", describe(t.kind)));
    }
  }

  ExprPtr list_or_comprehension() {
    Pos lbrack = next();
    if (tok() == Tok::kRBrack) {
      next();
      return std::make_unique<ListExpr>(ExprKind::kList, lbrack);
    }
    ExprPtr x = test();
    if (tok() == Tok::kFor) {
      auto c = std::make_unique<ComprehensionExpr>(lbrack, false);
      c->body = std::move(x);
      clauses(*c, Tok::kRBrack);
      return c;
    }
    auto list = std::make_unique<ListExpr>(ExprKind::kList, lbrack);
    list->elems.push_back(std::move(x));
    expr_list(list->elems, true);
    expect(Tok::kRBrack);
    return list;
  }

  ExprPtr dict_or_comprehension() {
    Pos lbrace = next();
    auto dict = std::make_unique<DictExpr>(lbrace);
    if (tok() == Tok::kRBrace) {
      next();
      return dict;
    }
    DictEntry first = dict_entry();
    if (tok() == Tok::kFor) {
      auto c = std::make_unique<ComprehensionExpr>(lbrace, true);
      c->body = std::move(first.key);
      c->value = std::move(first.value);
      clauses(*c, Tok::kRBrace);
      return c;
    }
    dict->entries.push_back(std::move(first));
    while (tok() == Tok::kComma) {
      next();
      if (tok() == Tok::kRBrace) break;
      dict->entries.push_back(dict_entry());
    }
    expect(Tok::kRBrace);
    return dict;
  }

  DictEntry dict_entry() {
    DictEntry e;
    e.key = test();
    e.colon = expect(Tok::kColon);
    e.value = test();
    return e;
  }

  void clauses(ComprehensionExpr& c, Tok close) {
    while (true) {
      if (tok() == Tok::kFor) {
        Clause cl;
        cl.pos = next();
        cl.target = loop_variables();
        expect(Tok::kIn);
        // As in Python 3: no conditional, lambda or bare tuple here.
        cl.expr = test_prec(kPrecOr);
        c.clauses.push_back(std::move(cl));
      } else if (tok() == Tok::kIf) {
        Clause cl;
        cl.is_for = false;
        cl.pos = next();
        cl.expr = test_no_cond();
        c.clauses.push_back(std::move(cl));
      } else if (tok() == close) {
        next();
        return;
      } else {
        fail(cur().pos,
             fmt::format("got {}, want {}, for, or if", describe(tok()), describe(close)));
      }
    }
  }

  std::vector<Token> toks_;
  size_t i_ = 0;
  int depth_ = 0;
};

}  // namespace

Pos expr_start(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kBinary:
      return expr_start(*static_cast<const BinaryExpr&>(e).x);
    case ExprKind::kCall:
      return expr_start(*static_cast<const CallExpr&>(e).fn);
    case ExprKind::kDot:
      return expr_start(*static_cast<const DotExpr&>(e).x);
    case ExprKind::kIndex:
      return expr_start(*static_cast<const IndexExpr&>(e).x);
    case ExprKind::kSlice:
      return expr_start(*static_cast<const SliceExpr&>(e).x);
    case ExprKind::kCond:
      return expr_start(*static_cast<const CondExpr&>(e).then);
    default:
      return e.pos;
  }
}

MultiResult<std::unique_ptr<File>> parse_file(std::string path, std::string source) {
  auto tokens = scan(path, source);
  if (!tokens) return tl::unexpected(std::vector<Error>{std::move(tokens.error())});
  auto file = std::make_unique<File>();
  file->path = std::move(path);
  file->source = std::move(source);
  Parser parser(std::move(*tokens));
  try {
    file->stmts = parser.file();
  } catch (const SyntaxError& e) {
    Error err(ErrorKind::kTiltfile, e.message, SourcePos{file->path, e.pos.line, e.pos.col});
    err.source_line = source_line(file->source, e.pos.line);
    return tl::unexpected(std::vector<Error>{std::move(err)});
  }
  return file;
}

}  // namespace pitch::starlark
