// tiltfile/starlark/builtins.h — the universe and the methods of built-in
// types.
//
// Universal names (None, True, False, len, str, ...) are numbered at
// compile time so the resolver can bind them to slots; each Interpreter
// makes its own Builtin objects for them. Methods are looked up by name in
// per-type tables and called directly when the evaluator sees `x.f(...)`,
// so a method call allocates no bound-method object.
#pragma once

#include <span>
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

// x.name: a field or a bound method; fails when x has no such attribute.
Value get_attr(Interpreter& in, Value x, std::string_view name);
// Like get_attr, but returns Value() *without* an error when absent.
Value lookup_attr(Interpreter& in, Value x, std::string_view name);
// "T has no .name field or method" (or the host type's wording).
std::string no_attr_error(Value x, std::string_view name);
// no_attr_error plus a "did you mean" hint.
std::string no_attr_message(Value x, std::string_view name);
// The universal names (for spelling hints).
std::vector<std::string> universal_names();
// x.name(args) without materialising the bound method. Sets *missing when
// x has no such method (so the caller can point at the `.`).
Value call_method(Interpreter& in, Value x, std::string_view name, const CallArgs& args,
                  bool* missing);
// The attribute names of x, sorted (for dir()).
std::vector<std::string> attr_names(Value x);

// A method of a built-in type, in a table sorted by name.
struct MethodEntry {
  std::string_view name;
  MethodFn fn;
};
std::span<const MethodEntry> set_methods();    // set.cc
std::span<const MethodEntry> bytes_methods();  // bytes.cc
// String methods returning iterable views (bytes.cc).
Value string_elems(Interpreter& in, Value self, const CallArgs& args);
Value string_elem_ords(Interpreter& in, Value self, const CallArgs& args);
Value string_codepoints(Interpreter& in, Value self, const CallArgs& args);
Value string_codepoint_ords(Interpreter& in, Value self, const CallArgs& args);
Value builtin_set(Interpreter& in, const CallArgs& args);
Value builtin_bytes(Interpreter& in, const CallArgs& args);

// dict.update(...) and dict(...) share their argument handling.
bool dict_update(Interpreter& in, Dict& d, const CallArgs& args);

}  // namespace pitch::starlark
