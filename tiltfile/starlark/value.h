// tiltfile/starlark/value.h — Starlark values and the heap they live in.
//
// A Value is one tag byte plus an 8-byte payload: None, bools, small ints
// and floats are unboxed; everything else points at an Object on a Heap.
// The heap is an arena per evaluation: objects are never freed one by one,
// the whole heap is dropped when the host has extracted what it needs (a
// Tiltfile is evaluated once, turned into a Manifest, and forgotten). This
// trades memory for the simplest possible ownership: Values are trivially
// copyable, cycles need no collector, and nothing is refcounted.
//
// A default-constructed Value is "no value": internal operations return it
// after recording an error on the Interpreter (see interpreter.h).
#pragma once

#include <cstdint>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "tiltfile/starlark/arena.h"

namespace pitch::starlark {

class Object;

enum class Type : uint8_t {
  kInvalid,  // no value: an error is pending
  kNone,
  kBool,
  kInt,
  kFloat,
  // Heap types.
  kString,
  kBytes,
  kBigInt,  // an int outside int64 (bigint.h)
  kSet,
  kList,
  kTuple,
  kDict,
  kRange,
  kFunction,
  kBuiltin,
  kCell,
  kOther,  // host-defined: see Object::type_name()
};

class Value {
 public:
  Value() : type_(Type::kInvalid) { u_.i = 0; }
  static Value none() { return Value(Type::kNone); }
  static Value boolean(bool b) {
    Value v(Type::kBool);
    v.u_.b = b;
    return v;
  }
  static Value integer(int64_t i) {
    Value v(Type::kInt);
    v.u_.i = i;
    return v;
  }
  static Value floating(double f) {
    Value v(Type::kFloat);
    v.u_.f = f;
    return v;
  }
  explicit Value(Object* o);

  Type type() const { return type_; }
  bool ok() const { return type_ != Type::kInvalid; }
  bool is_none() const { return type_ == Type::kNone; }
  bool is_int() const { return type_ == Type::kInt; }
  bool is_string() const { return type_ == Type::kString; }

  bool as_bool() const { return u_.b; }
  int64_t as_int() const { return u_.i; }
  double as_float() const { return u_.f; }
  Object* object() const { return u_.o; }
  template <typename T>
  T* as() const {
    return static_cast<T*>(u_.o);
  }
  // Identity (same payload and type); not Starlark equality.
  bool same(Value o) const { return type_ == o.type_ && u_.i == o.u_.i; }

 private:
  explicit Value(Type t) : type_(t) { u_.i = 0; }
  Type type_;
  union {
    bool b;
    int64_t i;
    double f;
    Object* o;
  } u_;
};

// Base of every heap value.
class Object {
 public:
  explicit Object(Type t) : type_(t) {}
  virtual ~Object() = default;
  Object(const Object&) = delete;
  Object& operator=(const Object&) = delete;

  Type type() const { return type_; }
  bool frozen() const { return frozen_; }
  // Host types (kOther) override this; built-in types are named by ops.cc.
  virtual std::string_view type_name() const { return "object"; }
  // Marks this object and everything reachable from it immutable.
  virtual void freeze() { frozen_ = true; }

 protected:
  bool frozen_ = false;

 private:
  Type type_;
};

inline Value::Value(Object* o) : type_(o->type()) { u_.o = o; }

// Strings are immutable byte sequences (UTF-8 by convention), stored
// inline after the object (Heap::string makes them). The hash is computed
// once, on first use.
class String : public Object {
 public:
  String(size_t size, Type t) : Object(t), size_(size) {}
  std::string_view str() const { return {data(), size_}; }
  const char* data() const { return reinterpret_cast<const char*>(this + 1); }
  size_t size() const { return size_; }
  uint32_t hash() const;
  // For the maker of a string made with Heap::alloc_string, before the
  // string is shared.
  char* mutable_data() { return reinterpret_cast<char*>(this + 1); }

 private:
  mutable uint32_t hash_ = 0;
  mutable bool hashed_ = false;
  size_t size_;
};

// Java's String.hashCode over the UTF-16 encoding of s, as starlark-go
// defines hash() for strings.
uint32_t java_string_hash(std::string_view s);

class Tuple : public Object {
 public:
  explicit Tuple(std::vector<Value> elems) : Object(Type::kTuple), elems_(std::move(elems)) {}
  const std::vector<Value>& elems() const { return elems_; }
  void freeze() override;

 private:
  std::vector<Value> elems_;
};

// A list; mutation checks go through check_mutable so that frozen lists and
// lists being iterated refuse changes with starlark-go's messages.
class List : public Object {
 public:
  explicit List(std::vector<Value> elems) : Object(Type::kList), elems_(std::move(elems)) {}
  const std::vector<Value>& elems() const { return elems_; }
  std::vector<Value>& mutable_elems() { return elems_; }
  // Empty when mutation is allowed, else the reason ("cannot append to
  // frozen list").
  std::string check_mutable(std::string_view verb) const;
  void freeze() override;
  int iterators = 0;  // live for-loops over this list

 private:
  std::vector<Value> elems_;
};

// range(start, stop, step), computed lazily.
class Range : public Object {
 public:
  Range(int64_t start, int64_t stop, int64_t step)
      : Object(Type::kRange), start_(start), stop_(stop), step_(step) {}
  int64_t start() const { return start_; }
  int64_t stop() const { return stop_; }
  int64_t step() const { return step_; }
  int64_t len() const;
  int64_t at(int64_t i) const { return start_ + i * step_; }

 private:
  int64_t start_, stop_, step_;
};

// A variable shared between a function and the closures it creates.
class Cell : public Object {
 public:
  Cell() : Object(Type::kCell) {}
  Value value;
  void freeze() override;
};

// Freezes v if it is a heap object.
void freeze(Value v);

// Owns every object of one evaluation (see file comment).
class Heap {
 public:
  Heap() = default;
  ~Heap();
  Heap(const Heap&) = delete;
  Heap& operator=(const Heap&) = delete;

  template <typename T, typename... Args>
  T* make(Args&&... args) {
    static_assert(!std::is_same_v<T, String>, "strings are made by Heap::string");
    T* obj = new (arena_.allocate(sizeof(T), alignof(T))) T(std::forward<Args>(args)...);
    objects_.push_back(obj);
    return obj;
  }
  // A string or bytes value holding a copy of s.
  String* make_string(std::string_view s, Type t = Type::kString);
  // A string of size bytes for the caller to fill (String::mutable_data).
  String* alloc_string(size_t size, Type t = Type::kString);
  Value string(std::string_view s) { return Value(make_string(s)); }
  Value list(std::vector<Value> elems = {}) { return Value(make<List>(std::move(elems))); }
  Value tuple(std::vector<Value> elems = {}) { return Value(make<Tuple>(std::move(elems))); }
  // Objects that own memory outside the arena (destroyed with the heap).
  size_t size() const { return objects_.size(); }
  size_t bytes_mapped() const { return arena_.bytes_mapped(); }

 private:
  Arena arena_;
  // Strings own nothing outside the arena and are left out.
  std::vector<Object*> objects_;
};

}  // namespace pitch::starlark
