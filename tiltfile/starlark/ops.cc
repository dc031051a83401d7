#include "tiltfile/starlark/ops.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>

#include "tiltfile/starlark/bigint.h"
#include "tiltfile/starlark/function.h"
#include "tiltfile/starlark/utf8.h"

namespace pitch::starlark {
namespace {

constexpr int kMaxEqualDepth = 1000;
constexpr int64_t kMaxRepeatBytes = int64_t{1} << 30;
constexpr size_t kMaxIterate = size_t{1} << 24;  // elements taken from an endless host iterable

const std::vector<Value>* sequence_elems(Value v) {
  if (v.type() == Type::kList) return &v.as<List>()->elems();
  if (v.type() == Type::kTuple) return &v.as<Tuple>()->elems();
  return nullptr;
}

bool is_number(Value v) { return is_integer(v) || v.type() == Type::kFloat; }
// -1, 0, 1 for two numbers, or 2 when either is NaN.
int compare_numbers(Value x, Value y) {
  if (is_integer(x) && is_integer(y)) return int_compare(x, y);
  if (is_integer(x)) {
    double d = y.as_float();
    if (std::isnan(d)) return 2;
    if (std::isinf(d)) return d > 0 ? -1 : 1;
    return int_compare_double(x, d);
  }
  if (is_integer(y)) {
    int c = compare_numbers(y, x);
    return c == 2 ? 2 : -c;
  }
  double a = x.as_float(), b = y.as_float();
  if (std::isnan(a) || std::isnan(b)) return 2;
  return a < b ? -1 : a > b ? 1 : 0;
}

// *overflow is set when the values nest (or cycle) deeper than
// kMaxEqualDepth; the answer is then false.
bool equal_depth(Value x, Value y, int depth, bool* overflow = nullptr);

bool sequences_equal(const std::vector<Value>& a, const std::vector<Value>& b, int depth,
                     bool* overflow) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!equal_depth(a[i], b[i], depth + 1, overflow)) return false;
  }
  return true;
}

bool dicts_equal(const Dict& a, const Dict& b, int depth, bool* overflow) {
  if (a.size() != b.size()) return false;
  for (const Dict::Entry& e : a.entries()) {
    if (!e.key.ok()) continue;
    Value other = b.get(e.key, e.hash, equal);
    if (!other.ok() || !equal_depth(e.value, other, depth + 1, overflow)) return false;
  }
  return true;
}

bool equal_depth(Value x, Value y, int depth, bool* overflow) {
  if (depth > kMaxEqualDepth) {
    if (overflow != nullptr) *overflow = true;
    return false;
  }
  if (is_number(x) && is_number(y)) {
    if (x.type() == Type::kInt && y.type() == Type::kInt) return x.as_int() == y.as_int();
    int c = compare_numbers(x, y);
    if (c == 2) return x.type() == y.type() && std::isnan(x.as_float()) && std::isnan(y.as_float());
    return c == 0;
  }
  if (x.type() != y.type()) return false;
  switch (x.type()) {
    case Type::kNone:
      return true;
    case Type::kBool:
      return x.as_bool() == y.as_bool();
    case Type::kString:
    case Type::kBytes:
      return x.as<String>()->str() == y.as<String>()->str();
    // No identity shortcut: a cyclic value must report its depth, as in
    // starlark-go.
    case Type::kList:
    case Type::kTuple:
      return sequences_equal(*sequence_elems(x), *sequence_elems(y), depth, overflow);
    case Type::kDict:
    case Type::kSet:
      return dicts_equal(*x.as<Dict>(), *y.as<Dict>(), depth, overflow);
    case Type::kOther: {
      if (x.same(y)) return true;
      HostObject* a = as_host(x);
      HostObject* b = as_host(y);
      return a->type_name() == b->type_name() && a->equals(*b, depth);
    }
    case Type::kRange: {
      const Range* a = x.as<Range>();
      const Range* b = y.as<Range>();
      int64_t n = a->len();
      if (n != b->len()) return false;
      if (n == 0) return true;
      return a->start() == b->start() && (n == 1 || a->step() == b->step());
    }
    default:
      return x.same(y);
  }
}

uint32_t hash_int(int64_t i) {
  uint64_t u = static_cast<uint64_t>(i);
  return static_cast<uint32_t>(u ^ (u >> 32)) * 0x9E3779B1u;
}

int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

int64_t floor_mod(int64_t a, int64_t b) {
  int64_t m = a % b;
  if (m != 0 && ((m < 0) != (b < 0))) m += b;
  return m;
}

// int64 arithmetic; on overflow the big-int path takes over.
Value int_binary(Interpreter& in, Tok op, int64_t a, int64_t b) {
  int64_t r = 0;
  auto int_overflow = [&](Interpreter&) {
    return int_op(in, op, Value::integer(a), Value::integer(b));
  };
  switch (op) {
    case Tok::kPlus:
      if (__builtin_add_overflow(a, b, &r)) return int_overflow(in);
      return Value::integer(r);
    case Tok::kMinus:
      if (__builtin_sub_overflow(a, b, &r)) return int_overflow(in);
      return Value::integer(r);
    case Tok::kStar:
      if (__builtin_mul_overflow(a, b, &r)) return int_overflow(in);
      return Value::integer(r);
    case Tok::kSlash:
      if (b == 0) return in.fail("floating-point division by zero");
      return Value::floating(static_cast<double>(a) / static_cast<double>(b));
    case Tok::kSlashSlash:
      if (b == 0) return in.fail("floored division by zero");
      if (a == INT64_MIN && b == -1) return int_overflow(in);
      return Value::integer(floor_div(a, b));
    case Tok::kPercent:
      if (b == 0) return in.fail("integer modulo by zero");
      if (b == -1) return Value::integer(0);
      return Value::integer(floor_mod(a, b));
    case Tok::kAmp:
      return Value::integer(a & b);
    case Tok::kPipe:
      return Value::integer(a | b);
    case Tok::kCaret:
      return Value::integer(a ^ b);
    case Tok::kLtLt:
      if (b < 0) return in.failf("negative shift count: {}", b);
      if (b >= 512) return in.failf("shift count too large: {}", b);
      if (a == 0) return Value::integer(0);
      if (b >= 62 || (a > 0 ? a > (INT64_MAX >> b) : a < (INT64_MIN >> b))) return int_overflow(in);
      return Value::integer(static_cast<int64_t>(static_cast<uint64_t>(a) << b));
    case Tok::kGtGt:
      if (b < 0) return in.failf("negative shift count: {}", b);
      return Value::integer(b >= 64 ? (a < 0 ? -1 : 0) : a >> b);
    default:
      return Value();
  }
}

Value float_binary(Interpreter& in, Tok op, double a, double b) {
  switch (op) {
    case Tok::kPlus:
      return Value::floating(a + b);
    case Tok::kMinus:
      return Value::floating(a - b);
    case Tok::kStar:
      return Value::floating(a * b);
    case Tok::kSlash:
      if (b == 0) return in.fail("floating-point division by zero");
      return Value::floating(a / b);
    case Tok::kSlashSlash:
      if (b == 0) return in.fail("floored division by zero");
      return Value::floating(std::floor(a / b));
    case Tok::kPercent: {
      if (b == 0) return in.fail("floating-point modulo by zero");
      double m = std::fmod(a, b);
      if (m != 0 && ((m < 0) != (b < 0))) m += b;
      return Value::floating(m);
    }
    default:
      return Value();
  }
}

Value repeat(Interpreter& in, Value seq, Value count) {
  if (count.type() == Type::kBigInt || count.as_int() > INT32_MAX) {
    return in.failf("repeat count {} too large", int_to_string(count));
  }
  int64_t n = std::max<int64_t>(count.as_int(), 0);
  if (seq.type() == Type::kString || seq.type() == Type::kBytes) {
    std::string_view s = seq.as<String>()->str();
    if (!s.empty() && n > kMaxRepeatBytes / static_cast<int64_t>(s.size())) {
      return in.failf("excessive repeat ({} * {} elements)", s.size(), n);
    }
    std::string out;
    out.reserve(s.size() * n);
    for (int64_t i = 0; i < n; ++i) out += s;
    return Value(in.heap().make_string(std::move(out), seq.type()));
  }
  const std::vector<Value>& elems = *sequence_elems(seq);
  if (!elems.empty() && n > kMaxRepeatBytes / 16 / static_cast<int64_t>(elems.size())) {
    return in.failf("excessive repeat ({} * {} elements)", elems.size(), n);
  }
  std::vector<Value> out;
  out.reserve(elems.size() * n);
  for (int64_t i = 0; i < n; ++i) out.insert(out.end(), elems.begin(), elems.end());
  return seq.type() == Type::kList ? in.heap().list(std::move(out))
                                   : in.heap().tuple(std::move(out));
}

Value concat(Interpreter& in, Value x, Value y) {
  if (x.type() == Type::kString || x.type() == Type::kBytes) {
    std::string_view a = x.as<String>()->str(), b = y.as<String>()->str();
    String* s = in.heap().alloc_string(a.size() + b.size(), x.type());
    std::memcpy(s->mutable_data(), a.data(), a.size());
    std::memcpy(s->mutable_data() + a.size(), b.data(), b.size());
    return Value(s);
  }
  std::vector<Value> out = *sequence_elems(x);
  const std::vector<Value>& b = *sequence_elems(y);
  out.insert(out.end(), b.begin(), b.end());
  return x.type() == Type::kList ? in.heap().list(std::move(out)) : in.heap().tuple(std::move(out));
}

bool set_subset(const Dict& a, const Dict& b) {
  for (const Dict::Entry& e : a.entries()) {
    if (e.key.ok() && !b.get(e.key, e.hash, equal).ok()) return false;
  }
  return true;
}

bool number_as_double(Interpreter& in, Value v, double* out) {
  if (v.type() == Type::kFloat) {
    *out = v.as_float();
    return true;
  }
  if (!int_to_double(v, out)) {
    in.fail("int too large to convert to float");
    return false;
  }
  return true;
}

// set | set, set & set, set ^ set, set - set: new sets in a's order, then b's.
Value set_binary(Interpreter& in, Tok op, Value x, Value y) {
  const Dict& a = *x.as<Dict>();
  const Dict& b = *y.as<Dict>();
  auto* out = in.heap().make<Set>();
  for (const Dict::Entry& e : a.entries()) {
    if (!e.key.ok()) continue;
    bool in_b = b.get(e.key, e.hash, equal).ok();
    bool keep = op == Tok::kPipe || (op == Tok::kAmp ? in_b : !in_b);
    if (keep) out->set(e.key, e.hash, Value::none(), equal);
  }
  if (op == Tok::kPipe || op == Tok::kCaret) {
    for (const Dict::Entry& e : b.entries()) {
      if (!e.key.ok()) continue;
      if (op == Tok::kCaret && a.get(e.key, e.hash, equal).ok()) continue;
      out->set(e.key, e.hash, Value::none(), equal);
    }
  }
  return Value(out);
}

// Returns <0, 0, >0, or 2 with the error recorded.
int order(Interpreter& in, Tok op, Value x, Value y, int depth);

int order_sequences(Interpreter& in, Tok op, const std::vector<Value>& a,
                    const std::vector<Value>& b, int depth) {
  size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    bool overflow = false;
    bool eq = equal_depth(a[i], b[i], depth + 1, &overflow);
    if (overflow) {
      in.fail("comparison exceeded maximum recursion depth");
      return 2;
    }
    if (!eq) return order(in, op, a[i], b[i], depth + 1);
  }
  return a.size() < b.size() ? -1 : a.size() > b.size() ? 1 : 0;
}

int order(Interpreter& in, Tok op, Value x, Value y, int depth) {
  if (depth > kMaxEqualDepth) {
    in.fail("comparison exceeded maximum recursion depth");
    return 2;
  }
  if (is_number(x) && is_number(y)) {
    int c = compare_numbers(x, y);
    if (c != 2) return c;
    // NaN sorts above everything, equal to itself (starlark-go).
    bool xnan = x.type() == Type::kFloat && std::isnan(x.as_float());
    bool ynan = y.type() == Type::kFloat && std::isnan(y.as_float());
    if (xnan && ynan) return 0;
    return xnan ? 1 : -1;
  }
  if (x.type() == y.type()) {
    switch (x.type()) {
      case Type::kString:
      case Type::kBytes: {
        int c = x.as<String>()->str().compare(y.as<String>()->str());
        return c < 0 ? -1 : c > 0 ? 1 : 0;
      }
      case Type::kBool:
        return static_cast<int>(x.as_bool()) - static_cast<int>(y.as_bool());
      case Type::kList:
      case Type::kTuple:
        return order_sequences(in, op, *sequence_elems(x), *sequence_elems(y), depth);
      default:
        break;
    }
  }
  in.failf("{} {} {} not implemented", type_name(x), tok_name(op), type_name(y));
  return 2;
}

// Resolves a slice bound per Python's rules.
bool slice_bound(Interpreter& in, Value v, int64_t n, int64_t step, bool is_start, int64_t* out) {
  if (!v.ok() || v.is_none()) {
    *out = step > 0 ? (is_start ? 0 : n) : (is_start ? n - 1 : -1);
    return true;
  }
  int64_t i = 0;
  if (v.type() != Type::kInt) {
    in.failf("invalid {} index: got {}, want int", is_start ? "start" : "end", type_name(v));
    return false;
  }
  i = v.as_int();
  if (i < 0) i += n;
  if (step > 0) {
    i = std::clamp<int64_t>(i, 0, n);
  } else {
    i = std::clamp<int64_t>(i, -1, n - 1);
  }
  *out = i;
  return true;
}

}  // namespace

std::string_view type_name(Value v) {
  switch (v.type()) {
    case Type::kInvalid:
      return "invalid";
    case Type::kNone:
      return "NoneType";
    case Type::kBool:
      return "bool";
    case Type::kInt:
      return "int";
    case Type::kFloat:
      return "float";
    case Type::kString:
      return "string";
    case Type::kBytes:
      return "bytes";
    case Type::kBigInt:
      return "int";
    case Type::kSet:
      return "set";
    case Type::kList:
      return "list";
    case Type::kTuple:
      return "tuple";
    case Type::kDict:
      return "dict";
    case Type::kRange:
      return "range";
    case Type::kFunction:
      return "function";
    case Type::kBuiltin:
      return "builtin_function_or_method";
    case Type::kCell:
      return "cell";
    case Type::kOther:
      return v.object()->type_name();
  }
  return "?";
}

bool truth(Value v) {
  switch (v.type()) {
    case Type::kNone:
      return false;
    case Type::kBool:
      return v.as_bool();
    case Type::kInt:
      return v.as_int() != 0;
    case Type::kFloat:
      return v.as_float() != 0;
    case Type::kString:
    case Type::kBytes:
      return !v.as<String>()->str().empty();
    case Type::kList:
      return !v.as<List>()->elems().empty();
    case Type::kTuple:
      return !v.as<Tuple>()->elems().empty();
    case Type::kDict:
    case Type::kSet:
      return v.as<Dict>()->size() > 0;
    case Type::kRange:
      return v.as<Range>()->len() > 0;
    case Type::kOther:
      return as_host(v)->truth();
    default:
      return true;
  }
}

bool equal(Value x, Value y) { return equal_depth(x, y, 0); }

uint32_t bytes_hash(std::string_view s) {
  uint32_t h = 2166136261u;  // 32-bit FNV-1a, as starlark-go hashes bytes
  for (unsigned char c : s) {
    h ^= c;
    h *= 16777619u;
  }
  return h;
}
bool equal_at(Value x, Value y, int depth) { return equal_depth(x, y, depth); }

namespace {
bool hash_depth(Interpreter& in, Value v, uint32_t* out, int depth);
}  // namespace

bool hash(Interpreter& in, Value v, uint32_t* out) { return hash_depth(in, v, out, 0); }

namespace {
bool hash_depth(Interpreter& in, Value v, uint32_t* out, int depth) {
  if (depth > kMaxEqualDepth) {
    in.fail("hash: value nested too deeply");
    return false;
  }
  switch (v.type()) {
    case Type::kNone:
      *out = 0;
      return true;
    case Type::kBool:
      *out = v.as_bool() ? 1 : 0;
      return true;
    case Type::kInt:
      *out = hash_int(v.as_int());
      return true;
    case Type::kBigInt:
      *out = int_hash(v);
      return true;
    case Type::kFloat: {
      double f = v.as_float();
      if (std::isfinite(f) && f == std::trunc(f) && f >= -9223372036854775808.0 &&
          f < 9223372036854775808.0) {
        *out = hash_int(static_cast<int64_t>(f));  // 1.0 and 1 are the same key
      } else {
        uint64_t bits;
        std::memcpy(&bits, &f, sizeof bits);
        *out = hash_int(static_cast<int64_t>(bits));
      }
      return true;
    }
    case Type::kString:
      *out = v.as<String>()->hash();
      return true;
    case Type::kBytes:
      *out = bytes_hash(v.as<String>()->str());
      return true;
    case Type::kTuple: {
      uint32_t h = 0x345678;
      uint32_t mult = 1000003;
      for (Value e : v.as<Tuple>()->elems()) {
        uint32_t eh = 0;
        if (!hash_depth(in, e, &eh, depth + 1)) return false;
        h = (h ^ eh) * mult;
        mult += 82520 + 2 * static_cast<uint32_t>(v.as<Tuple>()->elems().size());
      }
      *out = h;
      return true;
    }
    case Type::kList:
    case Type::kDict:
    case Type::kSet:
      in.failf("unhashable type: {}", type_name(v));
      return false;
    case Type::kRange:
      in.fail("unhashable: range");
      return false;
    case Type::kOther:
      return as_host(v)->hash(in, out);
    default: {
      auto p = reinterpret_cast<uintptr_t>(v.object());
      *out = hash_int(static_cast<int64_t>(p >> 4));
      return true;
    }
  }
}

}  // namespace

Value compare(Interpreter& in, Tok op, Value x, Value y) {
  if (x.type() == Type::kSet && y.type() == Type::kSet) {
    // Subset relations, not an order.
    const Dict& a = *x.as<Dict>();
    const Dict& b = *y.as<Dict>();
    bool a_in_b = set_subset(a, b), b_in_a = set_subset(b, a);
    switch (op) {
      case Tok::kLt:
        return Value::boolean(a_in_b && a.size() < b.size());
      case Tok::kLe:
        return Value::boolean(a_in_b);
      case Tok::kGt:
        return Value::boolean(b_in_a && a.size() > b.size());
      default:
        return Value::boolean(b_in_a);
    }
  }
  int c = order(in, op, x, y, 0);
  if (c == 2) return Value();
  switch (op) {
    case Tok::kLt:
      return Value::boolean(c < 0);
    case Tok::kLe:
      return Value::boolean(c <= 0);
    case Tok::kGt:
      return Value::boolean(c > 0);
    default:
      return Value::boolean(c >= 0);
  }
}

Value contains(Interpreter& in, Value haystack, Value needle) {
  switch (haystack.type()) {
    case Type::kList:
    case Type::kTuple:
      for (Value e : *sequence_elems(haystack)) {
        if (equal(e, needle)) return Value::boolean(true);
      }
      return Value::boolean(false);
    case Type::kDict:
    case Type::kSet: {
      Value out;
      if (!dict_lookup(in, *haystack.as<Dict>(), needle, &out)) {
        in.clear_error();  // an unhashable value is in no dict
        return Value::boolean(false);
      }
      return Value::boolean(true);
    }
    case Type::kString:
      if (needle.type() != Type::kString) {
        return in.failf("'in <string>' requires string as left operand, not {}", type_name(needle));
      }
      return Value::boolean(haystack.as<String>()->str().find(needle.as<String>()->str()) !=
                            std::string::npos);
    case Type::kBytes:
      if (is_integer(needle)) {
        int64_t b = needle.is_int() ? needle.as_int() : -1;
        if (b < 0 || b > 255) return in.failf("int in bytes: {} out of range", repr(needle));
        return Value::boolean(haystack.as<String>()->str().find(static_cast<char>(b)) !=
                              std::string::npos);
      }
      if (needle.type() != Type::kBytes) {
        return in.failf("'in bytes' requires bytes or int as left operand, not {}",
                        type_name(needle));
      }
      return Value::boolean(haystack.as<String>()->str().find(needle.as<String>()->str()) !=
                            std::string::npos);
    case Type::kRange: {
      if (needle.type() != Type::kInt) {
        if (needle.type() == Type::kFloat) {
          double f = needle.as_float();
          if (f != std::trunc(f)) return Value::boolean(false);
          needle = Value::integer(static_cast<int64_t>(f));
        } else {
          return in.failf("'in <range>' requires integer as left operand, not {}",
                          type_name(needle));
        }
      }
      const Range* r = haystack.as<Range>();
      int64_t i = needle.as_int();
      if (r->step() > 0 ? (i < r->start() || i >= r->stop()) : (i > r->start() || i <= r->stop())) {
        return Value::boolean(false);
      }
      return Value::boolean((i - r->start()) % r->step() == 0);
    }
    case Type::kOther: {
      Value v = as_host(haystack)->binary(in, Tok::kIn, needle, false);
      if (v.ok() || in.failed()) return v;
      return in.failf("unknown binary op: {} in {}", type_name(needle), type_name(haystack));
    }
    default:
      return in.failf("unknown binary op: {} in {}", type_name(needle), type_name(haystack));
  }
}

Value binary(Interpreter& in, Tok op, Value x, Value y) {
  switch (op) {
    case Tok::kEqEq:
    case Tok::kNe: {
      bool overflow = false;
      bool eq = equal_depth(x, y, 0, &overflow);
      if (overflow) return in.fail("comparison exceeded maximum recursion depth");
      return Value::boolean(op == Tok::kEqEq ? eq : !eq);
    }
    case Tok::kLt:
    case Tok::kLe:
    case Tok::kGt:
    case Tok::kGe:
      return compare(in, op, x, y);
    case Tok::kIn:
      return contains(in, y, x);
    case Tok::kNotIn: {
      Value v = contains(in, y, x);
      return v.ok() ? Value::boolean(!v.as_bool()) : v;
    }
    default:
      break;
  }
  if (x.type() == Type::kOther || y.type() == Type::kOther) {
    Value v = x.type() == Type::kOther ? as_host(x)->binary(in, op, y, true) : Value();
    if (v.ok() || in.failed()) return v;
    if (y.type() == Type::kOther) v = as_host(y)->binary(in, op, x, false);
    if (v.ok() || in.failed()) return v;
  }
  if (x.is_int() && y.is_int()) {
    Value v = int_binary(in, op, x.as_int(), y.as_int());
    if (v.ok() || in.failed()) return v;
  } else if (is_integer(x) && is_integer(y) && op != Tok::kSlash) {
    Value v = int_op(in, op, x, y);
    if (v.ok() || in.failed()) return v;
  } else if (is_number(x) && is_number(y)) {
    if (op == Tok::kAmp || op == Tok::kPipe || op == Tok::kCaret || op == Tok::kLtLt ||
        op == Tok::kGtGt) {
      return in.failf("unknown binary op: {} {} {}", type_name(x), tok_name(op), type_name(y));
    }
    double a = 0, b = 0;
    if (!number_as_double(in, x, &a) || !number_as_double(in, y, &b)) return Value();
    Value v = float_binary(in, op, a, b);
    if (v.ok() || in.failed()) return v;
  } else {
    Type tx = x.type(), ty = y.type();
    switch (op) {
      case Tok::kPlus:
        if (tx == ty && (tx == Type::kString || tx == Type::kBytes || tx == Type::kList ||
                         tx == Type::kTuple)) {
          return concat(in, x, y);
        }
        break;
      case Tok::kStar:
        if (is_integer(y) && (tx == Type::kString || tx == Type::kBytes || tx == Type::kList ||
                              tx == Type::kTuple)) {
          return repeat(in, x, y);
        }
        if (is_integer(x) && (ty == Type::kString || ty == Type::kBytes || ty == Type::kList ||
                              ty == Type::kTuple)) {
          return repeat(in, y, x);
        }
        break;
      case Tok::kPercent:
        if (tx == Type::kString) return percent_format(in, x.as<String>()->str(), y);
        break;
      case Tok::kAmp:
      case Tok::kCaret:
      case Tok::kMinus:
        if (tx == Type::kSet && ty == Type::kSet) return set_binary(in, op, x, y);
        break;
      case Tok::kPipe:
        if (tx == Type::kSet && ty == Type::kSet) return set_binary(in, op, x, y);
        if (tx == Type::kDict && ty == Type::kDict) {
          auto* d = in.heap().make<Dict>();
          for (Value src : {x, y}) {
            for (const Dict::Entry& e : src.as<Dict>()->entries()) {
              if (e.key.ok()) d->set(e.key, e.hash, e.value, equal);
            }
          }
          return Value(d);
        }
        break;
      default:
        break;
    }
  }
  return in.failf("unknown binary op: {} {} {}", type_name(x), tok_name(op), type_name(y));
}

Value unary(Interpreter& in, Tok op, Value x) {
  switch (op) {
    case Tok::kNot:
      return Value::boolean(!truth(x));
    case Tok::kMinus:
      if (x.is_int() && x.as_int() != INT64_MIN) return Value::integer(-x.as_int());
      if (is_integer(x)) return int_negate(in, x);
      if (x.type() == Type::kFloat) return Value::floating(-x.as_float());
      break;
    case Tok::kPlus:
      if (is_number(x)) return x;
      break;
    case Tok::kTilde:
      if (x.is_int()) return Value::integer(~x.as_int());
      if (is_integer(x)) return int_invert(in, x);
      break;
    default:
      break;
  }
  return in.failf("unknown unary op: {} {}", tok_name(op), type_name(x));
}

bool to_int(Interpreter& in, Value v, int64_t* out, std::string_view what) {
  if (v.type() == Type::kBigInt) {
    in.failf("{}{} out of range", what, int_to_string(v));
    return false;
  }
  if (v.type() != Type::kInt) {
    in.failf("{}got {}, want int", what, type_name(v));
    return false;
  }
  *out = v.as_int();
  return true;
}

Value index(Interpreter& in, Value x, Value i) {
  if (x.type() == Type::kOther) {
    Value v = as_host(x)->index(in, i);
    if (v.ok() || in.failed()) return v;
    return in.failf("unhandled index operation {}[{}]", type_name(x), type_name(i));
  }
  if (x.type() == Type::kDict) {
    Value out;
    if (dict_lookup(in, *x.as<Dict>(), i, &out)) return out;
    if (in.failed()) return Value();
    return in.failf("key {} not in dict", repr(i));
  }
  int64_t n = length(x);
  if (n < 0 || x.type() == Type::kDict) {
    return in.failf("unhandled index operation {}[{}]", type_name(x), type_name(i));
  }
  int64_t k = 0;
  if (!to_int(in, i, &k, fmt::format("{} index: ", type_name(x)))) return Value();
  int64_t orig = k;
  if (k < 0) k += n;
  if (k < 0 || k >= n) {
    if (n == 0) return in.failf("index {} out of range: empty {}", orig, type_name(x));
    return in.failf("{} index {} out of range [{}:{}]", type_name(x), orig, -n, n - 1);
  }
  switch (x.type()) {
    case Type::kList:
      return x.as<List>()->elems()[k];
    case Type::kTuple:
      return x.as<Tuple>()->elems()[k];
    case Type::kString:
      return in.str(std::string(1, x.as<String>()->str()[k]));
    case Type::kBytes:
      return Value(in.heap().make_string(std::string(1, x.as<String>()->str()[k]), Type::kBytes));
    case Type::kRange:
      return Value::integer(x.as<Range>()->at(k));
    default:
      return in.failf("unhandled index operation {}[{}]", type_name(x), type_name(i));
  }
}

bool set_index(Interpreter& in, Value x, Value i, Value v) {
  if (x.type() == Type::kOther) return as_host(x)->set_index(in, i, v);
  if (x.type() == Type::kDict) {
    Dict& d = *x.as<Dict>();
    if (std::string why = d.check_mutable("insert into"); !why.empty()) {
      in.fail(why);
      return false;
    }
    return dict_insert(in, d, i, v);
  }
  if (x.type() != Type::kList) {
    in.failf("{} value does not support item assignment", type_name(x));
    return false;
  }
  List& l = *x.as<List>();
  if (std::string why = l.check_mutable("assign to element of"); !why.empty()) {
    in.fail(why);
    return false;
  }
  int64_t k = 0;
  if (!to_int(in, i, &k, "list index: ")) return false;
  int64_t n = static_cast<int64_t>(l.elems().size());
  int64_t orig = k;
  if (k < 0) k += n;
  if (k < 0 || k >= n) {
    if (n == 0) {
      in.failf("index {} out of range: empty list", orig);
    } else {
      in.failf("list index {} out of range [{}:{}]", orig, -n, n - 1);
    }
    return false;
  }
  l.mutable_elems()[k] = v;
  return true;
}

Value slice(Interpreter& in, Value x, Value lo, Value hi, Value step_v) {
  Type t = x.type();
  if (t != Type::kList && t != Type::kTuple && t != Type::kString && t != Type::kBytes &&
      t != Type::kRange) {
    return in.failf("invalid slice operand {}", type_name(x));
  }
  int64_t step = 1;
  if (step_v.ok() && !step_v.is_none()) {
    if (!to_int(in, step_v, &step, "invalid slice step: ")) return Value();
    if (step == 0) return in.fail("zero is not a valid slice step");
  }
  int64_t n = length(x);
  int64_t start = 0, end = 0;
  if (!slice_bound(in, lo, n, step, true, &start) || !slice_bound(in, hi, n, step, false, &end))
    return Value();
  if (t == Type::kRange) {
    const Range* r = x.as<Range>();
    int64_t count = step > 0 ? (end > start ? (end - start + step - 1) / step : 0)
                             : (start > end ? (start - end - step - 1) / -step : 0);
    int64_t s = r->at(start);
    int64_t st = r->step() * step;
    return Value(in.heap().make<Range>(s, s + count * st, st));
  }
  if (t == Type::kString || t == Type::kBytes) {
    std::string_view s = x.as<String>()->str();
    std::string out;
    for (int64_t i = start; step > 0 ? i < end : i > end; i += step) out += s[i];
    return Value(in.heap().make_string(std::move(out), t));
  }
  const std::vector<Value>& elems = *sequence_elems(x);
  std::vector<Value> out;
  for (int64_t i = start; step > 0 ? i < end : i > end; i += step) out.push_back(elems[i]);
  return t == Type::kList ? in.heap().list(std::move(out)) : in.heap().tuple(std::move(out));
}

int64_t length(Value v) {
  switch (v.type()) {
    case Type::kString:
    case Type::kBytes:
      return static_cast<int64_t>(v.as<String>()->str().size());
    case Type::kList:
      return static_cast<int64_t>(v.as<List>()->elems().size());
    case Type::kTuple:
      return static_cast<int64_t>(v.as<Tuple>()->elems().size());
    case Type::kDict:
    case Type::kSet:
      return static_cast<int64_t>(v.as<Dict>()->size());
    case Type::kRange:
      return v.as<Range>()->len();
    case Type::kOther:
      return as_host(v)->length();
    default:
      return -1;
  }
}

bool iterate(Interpreter& in, Value v, std::vector<Value>& out, std::string_view what) {
  switch (v.type()) {
    case Type::kList:
    case Type::kTuple: {
      const auto& e = *sequence_elems(v);
      out.insert(out.end(), e.begin(), e.end());
      return true;
    }
    case Type::kDict:
    case Type::kSet:
      for (const Dict::Entry& e : v.as<Dict>()->entries()) {
        if (e.key.ok()) out.push_back(e.key);
      }
      return true;
    case Type::kOther:
      if (as_host(v)->iterable()) {
        for (size_t i = 0;; ++i) {
          if (i >= kMaxIterate) {
            in.failf("{}iteration of {} exceeds {} elements", what, type_name(v), kMaxIterate);
            return false;
          }
          Value e = as_host(v)->iter_at(in, i);
          if (!e.ok()) return !in.failed();
          out.push_back(e);
        }
      }
      [[fallthrough]];
    case Type::kRange: {
      const Range* r = v.as<Range>();
      int64_t n = r->len();
      for (int64_t i = 0; i < n; ++i) out.push_back(Value::integer(r->at(i)));
      return true;
    }
    default:
      in.failf("{}got {}, want iterable", what, type_name(v));
      return false;
  }
}

bool dict_lookup(Interpreter& in, const Dict& d, Value key, Value* out) {
  uint32_t h = 0;
  if (!hash(in, key, &h)) return false;
  Value v = d.get(key, h, equal);
  if (!v.ok()) return false;
  *out = v;
  return true;
}

bool dict_insert(Interpreter& in, Dict& d, Value key, Value value) {
  uint32_t h = 0;
  if (!hash(in, key, &h)) return false;
  d.set(key, h, value, equal);
  return true;
}

bool dict_remove(Interpreter& in, Dict& d, Value key, Value* out) {
  uint32_t h = 0;
  if (!hash(in, key, &h)) return false;
  *out = d.erase(key, h, equal);
  return true;
}

}  // namespace pitch::starlark
