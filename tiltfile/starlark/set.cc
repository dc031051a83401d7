// The set builtin and the methods of set (starlark-go's wording).
#include <fmt/format.h>

#include "tiltfile/starlark/args.h"
#include "tiltfile/starlark/builtins.h"
#include "tiltfile/starlark/ops.h"

namespace pitch::starlark {
namespace {

Set& S(Value v) { return *static_cast<Set*>(v.as<Dict>()); }

bool mutable_or_fail(Interpreter& in, std::string_view fn, Value self, std::string_view verb) {
  std::string why = S(self).check_mutable(verb);
  if (why.empty()) return true;
  in.failf("{}: {}", fn, why);
  return false;
}

bool insert(Interpreter& in, std::string_view fn, Set& s, Value x) {
  uint32_t h = 0;
  if (!hash(in, x, &h)) {
    in.amend_error(fmt::format("{}: ", fn));
    return false;
  }
  s.set(x, h, Value::none(), equal);
  return true;
}

// The elements of every positional argument, for union/update/...
bool elements_of(Interpreter& in, std::string_view fn, const CallArgs& args,
                 std::vector<std::vector<Value>>* out) {
  if (!args.named.empty()) {
    in.failf("{}: does not accept keyword arguments", fn);
    return false;
  }
  for (size_t i = 0; i < args.positional.size(); ++i) {
    Value x = args.positional[i];
    std::vector<Value> elems;
    if (x.type() == Type::kString || !iterate(in, x, elems)) {
      in.clear_error();
      in.failf("{}: argument #{} is not iterable: {}", fn, i + 1, type_name(x));
      return false;
    }
    out->push_back(std::move(elems));
  }
  return true;
}

Value copy_of(Interpreter& in, Value self) {
  auto* out = in.heap().make<Set>();
  for (const Dict::Entry& e : S(self).entries()) {
    if (e.key.ok()) out->set(e.key, e.hash, Value::none(), equal);
  }
  return Value(out);
}

// A set holding the elements of one iterable argument.
bool set_of(Interpreter& in, std::string_view fn, Value x, Set* out) {
  std::vector<Value> elems;
  if (x.type() == Type::kString || !iterate(in, x, elems)) {
    in.clear_error();
    in.failf("{}: got {}, want iterable", fn, type_name(x));
    return false;
  }
  for (Value e : elems) {
    if (!insert(in, fn, *out, e)) return false;
  }
  return true;
}

Value set_add(Interpreter& in, Value self, const CallArgs& args) {
  Value x;
  if (!unpack_positional(in, "add", args, 1, {&x}) ||
      !mutable_or_fail(in, "add", self, "insert into"))
    return Value();
  return insert(in, "add", S(self), x) ? Value::none() : Value();
}

Value set_clear(Interpreter& in, Value self, const CallArgs& args) {
  if (!unpack_positional(in, "clear", args, 0, {})) return Value();
  if (S(self).size() == 0) return Value::none();
  if (!mutable_or_fail(in, "clear", self, "clear")) return Value();
  S(self).clear();
  return Value::none();
}

Value remove_impl(Interpreter& in, Value self, const CallArgs& args, std::string_view fn,
                  bool must_exist) {
  Value x;
  if (!unpack_positional(in, fn, args, 1, {&x}) || !mutable_or_fail(in, fn, self, "delete from"))
    return Value();
  uint32_t h = 0;
  if (!hash(in, x, &h)) {
    in.amend_error(fmt::format("{}: ", fn));
    return Value();
  }
  Value old = S(self).erase(x, h, equal);
  if (!old.ok() && must_exist) return in.failf("{}: missing key", fn);
  return Value::none();
}

Value set_remove(Interpreter& in, Value self, const CallArgs& args) {
  return remove_impl(in, self, args, "remove", true);
}
Value set_discard(Interpreter& in, Value self, const CallArgs& args) {
  return remove_impl(in, self, args, "discard", false);
}

Value set_pop(Interpreter& in, Value self, const CallArgs& args) {
  if (!unpack_positional(in, "pop", args, 0, {}) ||
      !mutable_or_fail(in, "pop", self, "delete from"))
    return Value();
  for (const Dict::Entry& e : S(self).entries()) {
    if (!e.key.ok()) continue;
    Value k = e.key;
    S(self).erase(k, e.hash, equal);
    return k;
  }
  return in.fail("pop: empty set");
}

Value set_union(Interpreter& in, Value self, const CallArgs& args) {
  std::vector<std::vector<Value>> others;
  if (!elements_of(in, "union", args, &others)) return Value();
  Value out = copy_of(in, self);
  for (const auto& elems : others) {
    for (Value e : elems) {
      if (!insert(in, "union", S(out), e)) return Value();
    }
  }
  return out;
}

Value set_update(Interpreter& in, Value self, const CallArgs& args) {
  std::vector<std::vector<Value>> others;
  if (!elements_of(in, "update", args, &others) ||
      !mutable_or_fail(in, "update", self, "insert into"))
    return Value();
  for (const auto& elems : others) {
    for (Value e : elems) {
      if (!insert(in, "update", S(self), e)) return Value();
    }
  }
  return Value::none();
}

// difference and intersection keep the receiver's elements that are
// absent from (present in) every argument.
Value filter_impl(Interpreter& in, Value self, const CallArgs& args, std::string_view fn,
                  bool keep_present) {
  std::vector<std::vector<Value>> others;
  if (!elements_of(in, fn, args, &others)) return Value();
  Value out = copy_of(in, self);
  for (const auto& elems : others) {
    Set other;
    for (Value e : elems) {
      if (!insert(in, fn, other, e)) return Value();
    }
    auto* next = in.heap().make<Set>();
    for (const Dict::Entry& e : S(out).entries()) {
      if (!e.key.ok()) continue;
      if (other.get(e.key, e.hash, equal).ok() == keep_present)
        next->set(e.key, e.hash, Value::none(), equal);
    }
    out = Value(next);
  }
  return out;
}

Value set_difference(Interpreter& in, Value self, const CallArgs& args) {
  return filter_impl(in, self, args, "difference", false);
}
Value set_intersection(Interpreter& in, Value self, const CallArgs& args) {
  return filter_impl(in, self, args, "intersection", true);
}

Value set_symmetric_difference(Interpreter& in, Value self, const CallArgs& args) {
  Value x;
  if (!unpack_positional(in, "symmetric_difference", args, 1, {&x})) return Value();
  auto* other = in.heap().make<Set>();
  if (!set_of(in, "symmetric_difference", x, other)) return Value();
  return binary(in, Tok::kCaret, self, Value(other));
}

Value subset_impl(Interpreter& in, Value self, const CallArgs& args, std::string_view fn,
                  bool sub) {
  Value x;
  if (!unpack_positional(in, fn, args, 1, {&x})) return Value();
  auto* other = in.heap().make<Set>();
  if (!set_of(in, fn, x, other)) return Value();
  return compare(in, sub ? Tok::kLe : Tok::kGe, self, Value(other));
}

Value set_issubset(Interpreter& in, Value self, const CallArgs& args) {
  return subset_impl(in, self, args, "issubset", true);
}
Value set_issuperset(Interpreter& in, Value self, const CallArgs& args) {
  return subset_impl(in, self, args, "issuperset", false);
}

constexpr MethodEntry kSetMethods[] = {
    {"add", set_add},
    {"clear", set_clear},
    {"difference", set_difference},
    {"discard", set_discard},
    {"intersection", set_intersection},
    {"issubset", set_issubset},
    {"issuperset", set_issuperset},
    {"pop", set_pop},
    {"remove", set_remove},
    {"symmetric_difference", set_symmetric_difference},
    {"union", set_union},
    {"update", set_update},
};

}  // namespace

std::span<const MethodEntry> set_methods() { return kSetMethods; }

Value builtin_set(Interpreter& in, const CallArgs& args) {
  Value x;
  if (!unpack_positional(in, "set", args, 0, {&x})) return Value();
  auto* s = in.heap().make<Set>();
  if (x.ok() && !set_of(in, "set", x, s)) return Value();
  return Value(s);
}

}  // namespace pitch::starlark
