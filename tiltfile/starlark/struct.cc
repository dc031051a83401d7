#include "tiltfile/starlark/struct.h"

#include <fmt/format.h>

#include <algorithm>

#include "tiltfile/starlark/args.h"
#include "tiltfile/starlark/interpreter.h"
#include "tiltfile/starlark/ops.h"

namespace pitch::starlark {
namespace {

void sort_fields(Struct::Fields& f) {
  std::stable_sort(f.begin(), f.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
}

Value find_field(const Struct::Fields& f, std::string_view name) {
  auto it = std::lower_bound(f.begin(), f.end(), name,
                             [](const auto& e, std::string_view n) { return e.first < n; });
  if (it == f.end() || it->first != name) return Value();
  return it->second;
}

std::vector<std::string> names_of(const Struct::Fields& f) {
  std::vector<std::string> out;
  out.reserve(f.size());
  for (const auto& e : f) out.push_back(e.first);
  return out;
}

// Java's String.hashCode, as starlark-go hashes field names.
uint32_t name_hash(std::string_view s) { return java_string_hash(s); }

}  // namespace

Struct::Struct(Value constructor, Fields fields)
    : constructor_(constructor), fields_(std::move(fields)) {
  sort_fields(fields_);
}

Value Struct::field(std::string_view name) const { return find_field(fields_, name); }

Value Struct::attr(Interpreter&, std::string_view name) { return field(name); }

std::vector<std::string> Struct::attr_names() const { return names_of(fields_); }

std::string Struct::no_attr_error(std::string_view name) const {
  std::string ctor = constructor_.ok() ? str(constructor_) + " " : "";
  return fmt::format("{}struct has no .{} attribute", ctor, name);
}

void Struct::write_repr(Printer& p) const {
  p.out += constructor_.ok() ? str(constructor_) : "struct";
  p.out += '(';
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (i > 0) p.out += ", ";
    p.out += fields_[i].first;
    p.out += " = ";
    p.value(fields_[i].second);
  }
  p.out += ')';
}

bool Struct::equals(const HostObject& other, int depth) const {
  const auto* o = dynamic_cast<const Struct*>(&other);
  if (o == nullptr) return false;
  if (constructor_.ok() != o->constructor_.ok()) return false;
  if (constructor_.ok() && !equal_at(constructor_, o->constructor_, depth + 1)) return false;
  if (fields_.size() != o->fields_.size()) return false;
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (fields_[i].first != o->fields_[i].first) return false;
    if (!equal_at(fields_[i].second, o->fields_[i].second, depth + 1)) return false;
  }
  return true;
}

bool Struct::hash(Interpreter& in, uint32_t* out) const {
  // starlark-go's algorithm (Tuple's with different primes).
  uint32_t x = 8731, m = 9839;
  for (const auto& [name, value] : fields_) {
    x ^= 3 * name_hash(name);
    uint32_t y = 0;
    if (!starlark::hash(in, value, &y)) return false;
    x ^= y * m;
    m += 7349;
  }
  *out = x;
  return true;
}

Value Struct::binary(Interpreter& in, Tok op, Value other, bool self_on_left) {
  if (op != Tok::kPlus || !is_host(other)) return Value();
  auto* o = dynamic_cast<Struct*>(as_host(other));
  if (o == nullptr) return Value();
  const Struct* x = self_on_left ? this : o;
  const Struct* y = self_on_left ? o : this;
  bool same_ctor = x->constructor_.ok() == y->constructor_.ok() &&
                   (!x->constructor_.ok() || equal(x->constructor_, y->constructor_));
  if (!same_ctor) {
    auto name = [](const Struct* s) {
      return s->constructor_.ok() ? str(s->constructor_) : std::string("struct");
    };
    return in.failf("cannot add structs of different constructors: {} + {}", name(x), name(y));
  }
  Fields merged = y->fields_;
  for (const auto& f : x->fields_) {
    if (!find_field(y->fields_, f.first).ok()) merged.push_back(f);
  }
  return Value(in.heap().make<Struct>(x->constructor_, std::move(merged)));
}

void Struct::freeze() {
  if (frozen_) return;
  frozen_ = true;
  starlark::freeze(constructor_);
  for (auto& f : fields_) starlark::freeze(f.second);
}

HostModule::HostModule(std::string name, Struct::Fields members)
    : name_(std::move(name)), members_(std::move(members)) {
  sort_fields(members_);
}

Value HostModule::attr(Interpreter&, std::string_view name) { return find_field(members_, name); }

std::vector<std::string> HostModule::attr_names() const { return names_of(members_); }

void HostModule::write_repr(Printer& p) const { p.out += fmt::format("<module \"{}\">", name_); }

void HostModule::freeze() {
  if (frozen_) return;
  frozen_ = true;
  for (auto& m : members_) starlark::freeze(m.second);
}

Value make_struct(Interpreter& in, std::string_view fn, Value constructor, const CallArgs& args) {
  if (!args.positional.empty()) return in.failf("{}: unexpected positional arguments", fn);
  Struct::Fields fields;
  fields.reserve(args.named.size());
  for (const auto& [k, v] : args.named) fields.emplace_back(k.as<String>()->str(), v);
  return Value(in.heap().make<Struct>(constructor, std::move(fields)));
}

Value make_struct_builtin(Interpreter& in) {
  return Value(in.heap().make<Builtin>("struct", [](Interpreter& i, const CallArgs& args) {
    return make_struct(i, "struct", Value(), args);
  }));
}

Value make_module_builtin(Interpreter& in) {
  return Value(in.heap().make<Builtin>("module", [](Interpreter& i, const CallArgs& args) {
    Value name;
    if (!unpack_positional(i, "module", CallArgs{args.positional, {}}, 1, {&name})) return Value();
    if (!name.is_string())
      return i.failf("module: for parameter 1: got {}, want string", type_name(name));
    Struct::Fields members;
    for (const auto& [k, v] : args.named) members.emplace_back(k.as<String>()->str(), v);
    return Value(
        i.heap().make<HostModule>(std::string(name.as<String>()->str()), std::move(members)));
  }));
}

}  // namespace pitch::starlark
