// tiltfile/starlark/ops.h — the operations every value supports.
//
// Type names, truth, equality, hashing, ordering, the arithmetic and
// comparison operators, indexing, slicing, membership, iteration, and
// str()/repr() (repr.cc). Ints may be big (bigint.h), sets share dict's
// table (dict.h), host types route through HostObject. Operations that
// can fail take the Interpreter, record the error there and return an
// invalid Value (or false); the evaluator adds the source position.
// Messages follow starlark-go's wording.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tiltfile/starlark/host_object.h"
#include "tiltfile/starlark/interpreter.h"
#include "tiltfile/starlark/scanner.h"
#include "tiltfile/starlark/value.h"

namespace pitch::starlark {

std::string_view type_name(Value v);
bool truth(Value v);
// Starlark ==. Never fails; values nested deeper than a fixed depth compare
// unequal rather than overflow the stack.
bool equal(Value x, Value y);
// equal() at a nesting depth, for HostObject::equals.
bool equal_at(Value x, Value y, int depth);
uint32_t bytes_hash(std::string_view s);
// False (with the error recorded) for unhashable values.
bool hash(Interpreter& in, Value v, uint32_t* out);

// Operators. `op` is the token (kPlus, kLt, kIn, kNotIn, ...).
Value binary(Interpreter& in, Tok op, Value x, Value y);
Value unary(Interpreter& in, Tok op, Value x);
// <, <=, >, >= ; returns a bool Value.
Value compare(Interpreter& in, Tok op, Value x, Value y);
// `needle in haystack`; returns a bool Value.
Value contains(Interpreter& in, Value haystack, Value needle);

Value index(Interpreter& in, Value x, Value i);
bool set_index(Interpreter& in, Value x, Value i, Value v);
// Missing bounds are invalid Values.
Value slice(Interpreter& in, Value x, Value lo, Value hi, Value step);

// len(v), or -1 if v has no length.
int64_t length(Value v);
// Appends the elements of an iterable; fails with "got T, want iterable"
// (prefixed by `what` when given, e.g. "list: ").
bool iterate(Interpreter& in, Value iterable, std::vector<Value>& out, std::string_view what = {});

std::string repr(Value v);
std::string str(Value v);  // strings unquoted, everything else as repr
void write_repr(std::string& out, Value v);
std::string quote(std::string_view s);
std::string format_float(double f);

// Dict helpers that hash the key (failing for unhashable keys).
// Found: sets *out and returns true. Absent: returns false, no error.
bool dict_lookup(Interpreter& in, const Dict& d, Value key, Value* out);
bool dict_insert(Interpreter& in, Dict& d, Value key, Value value);
// Removes key; *out is its value or invalid if it was absent.
bool dict_remove(Interpreter& in, Dict& d, Value key, Value* out);

// The int value of v for an index or count, failing with "got T, want int".
bool to_int(Interpreter& in, Value v, int64_t* out, std::string_view what = {});

// `fmt % args` for strings.
Value percent_format(Interpreter& in, std::string_view fmt, Value args);

}  // namespace pitch::starlark
