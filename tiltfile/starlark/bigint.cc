#include "tiltfile/starlark/bigint.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "tiltfile/starlark/interpreter.h"

namespace pitch::starlark {
namespace {

using Mag = std::vector<uint32_t>;

constexpr int64_t kMaxShift = 1 << 16;  // bits; bounds memory of 1 << n

// A signed magnitude: the working form of every int here.
struct Num {
  bool neg = false;
  Mag mag;  // no leading zero limbs; empty = 0
};

void trim(Mag& m) {
  while (!m.empty() && m.back() == 0) m.pop_back();
}

Num to_num(Value v) {
  Num n;
  if (v.type() == Type::kBigInt) {
    n.neg = v.as<BigInt>()->neg();
    n.mag = v.as<BigInt>()->mag();
    return n;
  }
  int64_t i = v.as_int();
  n.neg = i < 0;
  uint64_t u = n.neg ? 0 - static_cast<uint64_t>(i) : static_cast<uint64_t>(i);
  while (u != 0) {
    n.mag.push_back(static_cast<uint32_t>(u));
    u >>= 32;
  }
  return n;
}

// Bounds the work one operation can do (schoolbook multiplication and
// division are quadratic): ints up to 2^32768, far beyond what Starlark
// programs use.
constexpr size_t kMaxLimbs = 1024;

Value to_value(Interpreter& in, Num n) {
  trim(n.mag);
  if (n.mag.size() > kMaxLimbs)
    return in.failf("int too large (more than {} bits)", kMaxLimbs * 32);
  if (n.mag.size() <= 2) {
    uint64_t u = 0;
    for (size_t i = n.mag.size(); i-- > 0;) u = (u << 32) | n.mag[i];
    if (!n.neg && u <= static_cast<uint64_t>(INT64_MAX))
      return Value::integer(static_cast<int64_t>(u));
    if (n.neg && u <= static_cast<uint64_t>(INT64_MAX) + 1) {
      return Value::integer(static_cast<int64_t>(0 - u));
    }
  }
  if (n.mag.empty()) n.neg = false;
  return Value(in.heap().make<BigInt>(n.neg, std::move(n.mag)));
}

int cmp_mag(const Mag& a, const Mag& b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  for (size_t i = a.size(); i-- > 0;) {
    if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

Mag add_mag(const Mag& a, const Mag& b) {
  Mag r(std::max(a.size(), b.size()) + 1, 0);
  uint64_t carry = 0;
  for (size_t i = 0; i < r.size(); ++i) {
    uint64_t s = carry + (i < a.size() ? a[i] : 0) + (i < b.size() ? b[i] : 0);
    r[i] = static_cast<uint32_t>(s);
    carry = s >> 32;
  }
  trim(r);
  return r;
}

// a - b, requires a >= b.
Mag sub_mag(const Mag& a, const Mag& b) {
  Mag r(a.size(), 0);
  int64_t borrow = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    int64_t d = static_cast<int64_t>(a[i]) - (i < b.size() ? b[i] : 0) - borrow;
    borrow = d < 0 ? 1 : 0;
    r[i] = static_cast<uint32_t>(d + (borrow << 32));
  }
  trim(r);
  return r;
}

Mag mul_mag(const Mag& a, const Mag& b) {
  if (a.empty() || b.empty()) return {};
  Mag r(a.size() + b.size(), 0);
  for (size_t i = 0; i < a.size(); ++i) {
    uint64_t carry = 0;
    for (size_t j = 0; j < b.size(); ++j) {
      uint64_t t = static_cast<uint64_t>(a[i]) * b[j] + r[i + j] + carry;
      r[i + j] = static_cast<uint32_t>(t);
      carry = t >> 32;
    }
    r[i + b.size()] = static_cast<uint32_t>(carry);
  }
  trim(r);
  return r;
}

// Divides by a small divisor in place; returns the remainder.
uint32_t divmod_small(Mag& a, uint32_t d) {
  uint64_t rem = 0;
  for (size_t i = a.size(); i-- > 0;) {
    uint64_t cur = (rem << 32) | a[i];
    a[i] = static_cast<uint32_t>(cur / d);
    rem = cur % d;
  }
  trim(a);
  return static_cast<uint32_t>(rem);
}

Mag shl_mag(const Mag& a, int64_t n) {
  if (a.empty()) return {};
  size_t limbs = static_cast<size_t>(n / 32);
  int bits = static_cast<int>(n % 32);
  Mag r(a.size() + limbs + 1, 0);
  for (size_t i = 0; i < a.size(); ++i) {
    uint64_t v = static_cast<uint64_t>(a[i]) << bits;
    r[i + limbs] |= static_cast<uint32_t>(v);
    r[i + limbs + 1] |= static_cast<uint32_t>(v >> 32);
  }
  trim(r);
  return r;
}

Mag shr_mag(const Mag& a, int64_t n) {
  size_t limbs = static_cast<size_t>(n / 32);
  if (limbs >= a.size()) return {};
  int bits = static_cast<int>(n % 32);
  Mag r(a.size() - limbs, 0);
  for (size_t i = 0; i < r.size(); ++i) {
    uint64_t v = a[i + limbs];
    if (i + limbs + 1 < a.size()) v |= static_cast<uint64_t>(a[i + limbs + 1]) << 32;
    r[i] = static_cast<uint32_t>(v >> bits);
  }
  trim(r);
  return r;
}

size_t bit_length(const Mag& a) {
  if (a.empty()) return 0;
  return (a.size() - 1) * 32 + (32 - static_cast<size_t>(__builtin_clz(a.back())));
}

// Truncating division of magnitudes: long division one bit at a time.
void divmod_mag(const Mag& a, const Mag& b, Mag* q, Mag* r) {
  if (cmp_mag(a, b) < 0) {
    *q = {};
    *r = a;
    return;
  }
  if (b.size() == 1) {
    *q = a;
    uint32_t rem = divmod_small(*q, b[0]);
    *r = rem ? Mag{rem} : Mag{};
    return;
  }
  Mag quo(a.size(), 0), rem;
  for (size_t bit = bit_length(a); bit-- > 0;) {
    rem = shl_mag(rem, 1);
    if ((a[bit / 32] >> (bit % 32)) & 1) {
      if (rem.empty()) rem.push_back(0);
      rem[0] |= 1;
    }
    if (cmp_mag(rem, b) >= 0) {
      rem = sub_mag(rem, b);
      quo[bit / 32] |= 1u << (bit % 32);
    }
  }
  trim(quo);
  *q = std::move(quo);
  *r = std::move(rem);
}

Num add(const Num& a, const Num& b) {
  if (a.neg == b.neg) return Num{a.neg, add_mag(a.mag, b.mag)};
  int c = cmp_mag(a.mag, b.mag);
  if (c == 0) return Num{};
  if (c > 0) return Num{a.neg, sub_mag(a.mag, b.mag)};
  return Num{b.neg, sub_mag(b.mag, a.mag)};
}

Num negate(Num a) {
  if (!a.mag.empty()) a.neg = !a.neg;
  return a;
}

// Floored division and modulo (Python semantics).
void floor_divmod(const Num& a, const Num& b, Num* q, Num* r) {
  Mag qm, rm;
  divmod_mag(a.mag, b.mag, &qm, &rm);
  Num quo{a.neg != b.neg && !qm.empty(), qm};
  Num rem{a.neg && !rm.empty(), rm};
  if (!rem.mag.empty() && a.neg != b.neg) {
    quo = add(quo, Num{true, {1}});
    rem = add(rem, b);
  }
  *q = quo;
  *r = rem;
}

// Two's complement in n limbs (n large enough for the sign bit).
Mag twos(const Num& a, size_t n) {
  Mag r = a.mag;
  r.resize(n, 0);
  if (!a.neg) return r;
  for (auto& limb : r) limb = ~limb;
  for (auto& limb : r) {
    if (++limb != 0) break;
  }
  return r;
}

Num from_twos(Mag r) {
  bool neg = !r.empty() && (r.back() >> 31) != 0;
  if (neg) {
    for (auto& limb : r) limb = ~limb;
    for (auto& limb : r) {
      if (++limb != 0) break;
    }
  }
  trim(r);
  return Num{neg && !r.empty(), r};
}

Num bitwise(Tok op, const Num& a, const Num& b) {
  size_t n = std::max(a.mag.size(), b.mag.size()) + 1;
  Mag x = twos(a, n), y = twos(b, n);
  for (size_t i = 0; i < n; ++i) {
    x[i] = op == Tok::kAmp ? (x[i] & y[i]) : op == Tok::kPipe ? (x[i] | y[i]) : (x[i] ^ y[i]);
  }
  return from_twos(std::move(x));
}

}  // namespace

Value int_op(Interpreter& in, Tok op, Value x, Value y) {
  Num a = to_num(x), b = to_num(y);
  switch (op) {
    case Tok::kPlus:
      return to_value(in, add(a, b));
    case Tok::kMinus:
      return to_value(in, add(a, negate(b)));
    case Tok::kStar:
      return to_value(in, Num{a.neg != b.neg, mul_mag(a.mag, b.mag)});
    case Tok::kSlashSlash:
    case Tok::kPercent: {
      if (b.mag.empty()) {
        return in.fail(op == Tok::kPercent ? "integer modulo by zero" : "floored division by zero");
      }
      Num q, r;
      floor_divmod(a, b, &q, &r);
      return to_value(in, op == Tok::kPercent ? r : q);
    }
    case Tok::kAmp:
    case Tok::kPipe:
    case Tok::kCaret:
      return to_value(in, bitwise(op, a, b));
    case Tok::kLtLt:
    case Tok::kGtGt: {
      if (b.neg) return in.failf("negative shift count: {}", int_to_string(y));
      if (b.mag.size() > 1 || (!b.mag.empty() && b.mag[0] >= kMaxShift)) {
        if (op == Tok::kGtGt) return Value::integer(a.neg ? -1 : 0);
        return in.failf("shift count too large: {}", int_to_string(y));
      }
      int64_t n = b.mag.empty() ? 0 : b.mag[0];
      if (op == Tok::kLtLt) {
        // starlark-go's limit: it keeps a hostile `1 << n` loop bounded.
        if (n >= 512) return in.failf("shift count too large: {}", n);
        return to_value(in, Num{a.neg, shl_mag(a.mag, n)});
      }
      if (!a.neg) return to_value(in, Num{false, shr_mag(a.mag, n)});
      // Floor: -((|a| - 1) >> n) - 1.
      Num t{false, sub_mag(a.mag, Mag{1})};
      Num s{false, shr_mag(t.mag, n)};
      return to_value(in, add(negate(s), Num{true, {1}}));
    }
    default:
      return Value();
  }
}

Value int_negate(Interpreter& in, Value x) { return to_value(in, negate(to_num(x))); }

Value int_invert(Interpreter& in, Value x) {
  return to_value(in, add(negate(to_num(x)), Num{true, {1}}));
}

int int_compare(Value x, Value y) {
  if (x.type() == Type::kInt && y.type() == Type::kInt) {
    return x.as_int() < y.as_int() ? -1 : x.as_int() > y.as_int() ? 1 : 0;
  }
  Num a = to_num(x), b = to_num(y);
  if (a.neg != b.neg) return a.neg ? -1 : 1;
  int c = cmp_mag(a.mag, b.mag);
  return a.neg ? -c : c;
}

int int_compare_double(Value x, double d) {
  Num a = to_num(x);
  double fl = std::floor(d);
  Num b;
  if (std::fabs(fl) < 9.2e18) {
    auto i = static_cast<int64_t>(fl);
    b = to_num(Value::integer(i));
  } else {
    int exp = 0;
    double frac = std::frexp(std::fabs(fl), &exp);
    auto mant = static_cast<uint64_t>(std::ldexp(frac, 53));
    Mag m{static_cast<uint32_t>(mant), static_cast<uint32_t>(mant >> 32)};
    trim(m);
    b = Num{fl < 0, shl_mag(m, exp - 53)};
  }
  int c = 0;
  if (a.neg != b.neg) {
    c = a.neg ? -1 : 1;
  } else {
    c = cmp_mag(a.mag, b.mag);
    if (a.neg) c = -c;
  }
  // a == floor(d) but d has a fraction: a < d.
  if (c == 0 && fl != d) return -1;
  return c;
}

bool int_is_negative(Value x) {
  return x.type() == Type::kInt ? x.as_int() < 0 : x.as<BigInt>()->neg();
}

std::string int_to_string(Value x, int base) {
  if (x.type() == Type::kInt && base == 10) return std::to_string(x.as_int());
  Num a = to_num(x);
  if (a.mag.empty()) return "0";
  std::string digits;
  Mag m = a.mag;
  while (!m.empty()) {
    uint32_t d = divmod_small(m, static_cast<uint32_t>(base));
    digits += "0123456789abcdefghijklmnopqrstuvwxyz"[d];
  }
  if (a.neg) digits += '-';
  std::reverse(digits.begin(), digits.end());
  return digits;
}

bool int_to_double(Value x, double* out) {
  if (x.type() == Type::kInt) {
    *out = static_cast<double>(x.as_int());
    return true;
  }
  // Decimal text through strtod rounds correctly (half to even).
  *out = std::strtod(int_to_string(x).c_str(), nullptr);
  return std::isfinite(*out);
}

Value int_from_double(Interpreter& in, double d) {
  if (std::fabs(d) < 9.2e18) return Value::integer(static_cast<int64_t>(d));
  int exp = 0;
  double frac = std::frexp(std::fabs(d), &exp);  // |d| = frac * 2^exp, frac in [0.5, 1)
  auto mant = static_cast<uint64_t>(std::ldexp(frac, 53));
  Mag m{static_cast<uint32_t>(mant), static_cast<uint32_t>(mant >> 32)};
  trim(m);
  return to_value(in, Num{d < 0, shl_mag(m, exp - 53)});
}

Value int_parse(Interpreter& in, std::string_view digits, int base, bool neg) {
  Mag m;
  for (char c : digits) {
    int d = c >= '0' && c <= '9'                     ? c - '0'
            : (c | 0x20) >= 'a' && (c | 0x20) <= 'z' ? (c | 0x20) - 'a' + 10
                                                     : 99;
    if (d >= base) return Value();
    uint64_t carry = static_cast<uint64_t>(d);
    for (auto& limb : m) {
      uint64_t t = static_cast<uint64_t>(limb) * static_cast<uint64_t>(base) + carry;
      limb = static_cast<uint32_t>(t);
      carry = t >> 32;
    }
    if (carry != 0) m.push_back(static_cast<uint32_t>(carry));
  }
  trim(m);
  return to_value(in, Num{neg && !m.empty(), m});
}

uint32_t int_hash(Value x) {
  // Consistent with float keys: an int equal to a float hashes like it.
  double d = 0;
  int_to_double(x, &d);
  uint64_t bits = 0;
  static_assert(sizeof bits == sizeof d);
  __builtin_memcpy(&bits, &d, sizeof bits);
  return static_cast<uint32_t>(bits ^ (bits >> 32)) * 0x9E3779B1u;
}

}  // namespace pitch::starlark
