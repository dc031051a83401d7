#include "tiltfile/starlark/host_object.h"

#include <fmt/format.h>

#include "tiltfile/starlark/interpreter.h"

namespace pitch::starlark {

Value HostObject::attr(Interpreter&, std::string_view) { return Value(); }

std::string HostObject::no_attr_error(std::string_view name) const {
  return fmt::format("{} has no .{} field or method", type_name(), name);
}

bool HostObject::set_attr(Interpreter& in, std::string_view name, Value) {
  in.failf("can't assign to .{} field of {}", name, type_name());
  return false;
}

void HostObject::write_repr(Printer& p) const {
  if (callable() && !name().empty()) {
    p.out += fmt::format("<{} {}>", type_name(), name());
  } else {
    p.out += fmt::format("<{}>", type_name());
  }
}

bool HostObject::equals(const HostObject& other, int) const { return this == &other; }

bool HostObject::hash(Interpreter& in, uint32_t*) const {
  in.failf("unhashable: {}", type_name());
  return false;
}

Value HostObject::call(Interpreter& in, const CallArgs&) {
  return in.failf("invalid call of non-function ({})", type_name());
}

Value HostObject::iter_at(Interpreter&, size_t) { return Value(); }

bool HostObject::set_index(Interpreter& in, Value, Value) {
  in.failf("{} value does not support item assignment", type_name());
  return false;
}

Value HostObject::index(Interpreter&, Value) { return Value(); }

Value HostObject::binary(Interpreter&, Tok, Value, bool) { return Value(); }

}  // namespace pitch::starlark
