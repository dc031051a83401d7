// tiltfile/starlark/builtins.h — the universe and the methods of built-in
// types.
//
// Universal names (None, True, False, len, str, ...) are numbered at
// compile time so the resolver can bind them to slots; each Interpreter
// makes its own Builtin objects for them. Methods are looked up by name in
// per-type tables and called directly when the evaluator sees `x.f(...)`,
// so a method call allocates no bound-method object.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "tiltfile/starlark/function.h"
#include "tiltfile/starlark/interpreter.h"

namespace pitch::starlark {

// The universe index of a name, or -1.
int universal_index(std::string_view name);
// The universe's values, by index, allocated on in's heap.
std::vector<Value> make_universe(Interpreter& in);

// x.name: a bound method (or, later, a field).
Value get_attr(Interpreter& in, Value x, std::string_view name);
// x.name(args) without materialising the bound method. Sets *missing when
// x has no such method (so the caller can point at the `.`).
Value call_method(Interpreter& in, Value x, std::string_view name, const CallArgs& args,
                  bool* missing);
// The attribute names of x, sorted (for dir()).
std::vector<std::string> attr_names(Value x);
bool has_attr(Value x, std::string_view name);

// dict.update(...) and dict(...) share their argument handling.
bool dict_update(Interpreter& in, Dict& d, const CallArgs& args);

}  // namespace pitch::starlark
