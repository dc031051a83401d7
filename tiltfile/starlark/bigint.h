// tiltfile/starlark/bigint.h — arbitrary-precision ints.
//
// Ints that fit in int64 are unboxed Values (Type::kInt); larger ones are a
// BigInt on the heap (Type::kBigInt, type name "int"). Every operation here
// normalises its result, so a value that fits int64 is never a BigInt and
// equality of small ints stays a word compare. The arithmetic is plain
// schoolbook on 32-bit limbs: big ints are rare in Starlark programs, so
// simplicity beats asymptotic speed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tiltfile/starlark/scanner.h"
#include "tiltfile/starlark/value.h"

namespace pitch::starlark {

class Interpreter;

class BigInt : public Object {
 public:
  BigInt(bool neg, std::vector<uint32_t> mag)
      : Object(Type::kBigInt), neg_(neg), mag_(std::move(mag)) {}
  bool neg() const { return neg_; }
  const std::vector<uint32_t>& mag() const { return mag_; }  // little-endian limbs

 private:
  bool neg_;
  std::vector<uint32_t> mag_;
};

inline bool is_integer(Value v) { return v.type() == Type::kInt || v.type() == Type::kBigInt; }

// x op y for two ints (+ - * // % & | ^ << >>). Fails on division by zero
// and oversized shifts; returns Value() without failing for other ops.
Value int_op(Interpreter& in, Tok op, Value x, Value y);
Value int_negate(Interpreter& in, Value x);
Value int_invert(Interpreter& in, Value x);
// -1, 0, 1.
int int_compare(Value x, Value y);
// Exact comparison of an int with a finite double: -1, 0, 1.
int int_compare_double(Value x, double d);
bool int_is_negative(Value x);
std::string int_to_string(Value x, int base = 10);
// The nearest double; false if it is out of range (inf).
bool int_to_double(Value x, double* out);
// The int with the value of an integral finite double.
Value int_from_double(Interpreter& in, double d);
// Parses digits (no sign or prefix, no underscores) in base 2..36; Value()
// without failing if a digit is invalid.
Value int_parse(Interpreter& in, std::string_view digits, int base, bool neg);
uint32_t int_hash(Value x);

}  // namespace pitch::starlark
