// tiltfile/starlark/host_object.h — values whose type the host defines.
//
// A host (the Tilt layer, the conformance runner) adds a type by deriving
// from HostObject and overriding the hooks it needs; every hook has the
// behaviour of a plain Starlark value by default (no attributes, truthy,
// equal only to itself, unhashable, not callable, repr "<type>"). The
// interpreter routes x.f, x.f(...), hasattr/getattr/dir, repr/str, ==,
// truth, hash(), dict keys, calls, `x.f = v`, x[i], `x[i] = v`, `in`,
// iteration, len() and binary operators here.
//
//   class Blob : public HostObject {
//    public:
//     std::string_view type_name() const override { return "blob"; }
//     Value attr(Interpreter& in, std::string_view name) override;  // Value() = absent
//     std::vector<std::string> attr_names() const override { return {"text"}; }
//     void write_str(Printer& p) const override { p.out += text_; }
//   };
//   Value v(in.heap().make<Blob>(...));   // the heap owns it
//
// Attribute lookup returns Value() *without* calling Interpreter::fail when
// the name is absent (the caller words the "has no .f field or method"
// error), and Value() after fail() for a real error. Methods are simply
// attributes whose value is callable (e.g. a Builtin bound to `this`).
// Objects must not hold Values that live outside the Interpreter's heap.
//
// struct(**kwargs) and module(name, **kwargs) (starlark-go's
// starlarkstruct) are built on this API: see struct.h.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tiltfile/starlark/scanner.h"
#include "tiltfile/starlark/value.h"

namespace pitch::starlark {

class Interpreter;
struct CallArgs;

// Accumulates repr()/str() text; value() writes a nested value's repr and
// guards against cycles and runaway depth.
class Printer {
 public:
  explicit Printer(std::string& o) : out(o) {}
  std::string& out;
  void value(Value v);  // repr of v (ops.cc)

  std::vector<const Object*> path;  // objects being printed (cycle check)
};

class HostObject : public Object {
 public:
  HostObject() : Object(Type::kOther) {}

  // x.name: the attribute, Value() if absent (no error), or Value() after
  // in.fail() on error.
  virtual Value attr(Interpreter& in, std::string_view name);
  // The attribute names, for dir(); sorted or not (dir() sorts).
  virtual std::vector<std::string> attr_names() const { return {}; }
  // The message for a missing attribute.
  virtual std::string no_attr_error(std::string_view name) const;
  // x.name = v. Returns false after in.fail(); by default "can't assign to
  // .name field of T".
  virtual bool set_attr(Interpreter& in, std::string_view name, Value v);

  virtual void write_repr(Printer& p) const;
  // str(x); defaults to repr.
  virtual void write_str(Printer& p) const { write_repr(p); }
  virtual bool truth() const { return true; }
  // Called only for two HostObjects of the same type_name(); identity by
  // default. `depth` is for nested comparisons (pass depth + 1 to
  // starlark::equal_at).
  virtual bool equals(const HostObject& other, int depth) const;
  // hash(); false after in.fail(). Default: "unhashable: T" (as starlark-go,
  // host types are hashable only when they say so).
  virtual bool hash(Interpreter& in, uint32_t* out) const;

  virtual bool callable() const { return false; }
  // Called only when callable().
  virtual Value call(Interpreter& in, const CallArgs& args);
  // For repr of a callable and in error messages ("function f ..."); empty
  // when not callable.
  virtual std::string_view name() const { return {}; }

  // Iteration (for loops, comprehensions, list(x), ...): an iterable host
  // type yields its elements by position, iter_at(in, 0), iter_at(in, 1),
  // ..., until it returns Value() without failing. It may be endless (a
  // for loop can break out); functions that need every element stop with
  // an error after a large bound.
  virtual bool iterable() const { return false; }
  virtual Value iter_at(Interpreter& in, size_t i);

  // len(x), or -1 when x has no length ("value of type T has no len").
  virtual int64_t length() const { return -1; }
  // x[i]; Value() without failing when x is not indexable.
  virtual Value index(Interpreter& in, Value i);
  // x[i] = v. Returns false after in.fail(); by default "T value does not
  // support item assignment".
  virtual bool set_index(Interpreter& in, Value i, Value v);

  // x op y (self_on_left) or y op x (!self_on_left). Return Value() without
  // failing when the operator does not apply (the caller reports
  // "unknown binary op"). `y in x` arrives as op kIn with !self_on_left.
  virtual Value binary(Interpreter& in, Tok op, Value other, bool self_on_left);
};

inline bool is_host(Value v) { return v.type() == Type::kOther; }
inline HostObject* as_host(Value v) { return v.as<HostObject>(); }

}  // namespace pitch::starlark
