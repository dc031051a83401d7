// tiltfile/starlark/struct.h — struct and module (starlark-go's
// starlarkstruct), built on the HostObject API.
//
// Neither is part of the universe: a host predeclares them (Tilt does:
// make_struct_builtin / make_module_builtin). A host may also build modules
// of its own directly (e.g. Tilt's `os` with an `os.path` member).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tiltfile/starlark/host_object.h"

namespace pitch::starlark {

// An immutable record: fields sorted by name. struct(a=1) + struct(b=2)
// merges (right wins); == compares fields; hashable when its fields are.
class Struct : public HostObject {
 public:
  using Fields = std::vector<std::pair<std::string, Value>>;
  // `constructor` names the maker in repr: invalid = the plain `struct`.
  Struct(Value constructor, Fields fields);

  std::string_view type_name() const override { return "struct"; }
  Value attr(Interpreter& in, std::string_view name) override;
  std::vector<std::string> attr_names() const override;
  std::string no_attr_error(std::string_view name) const override;
  void write_repr(Printer& p) const override;
  bool equals(const HostObject& other, int depth) const override;
  bool hash(Interpreter& in, uint32_t* out) const override;
  Value binary(Interpreter& in, Tok op, Value other, bool self_on_left) override;
  void freeze() override;

  const Fields& fields() const { return fields_; }
  Value constructor() const { return constructor_; }
  // The field's value, or an invalid Value.
  Value field(std::string_view name) const;

 private:
  Value constructor_;
  Fields fields_;
};

// A named namespace of members: module("assert", eq=...), or a host's own
// (Tilt's `os`). str() is `<module "name">`; members cannot be assigned.
class HostModule : public HostObject {
 public:
  HostModule(std::string name, Struct::Fields members);
  std::string_view type_name() const override { return "module"; }
  Value attr(Interpreter& in, std::string_view name) override;
  std::vector<std::string> attr_names() const override;
  void write_repr(Printer& p) const override;
  void freeze() override;
  const std::string& module_name() const { return name_; }

 private:
  std::string name_;
  Struct::Fields members_;  // sorted by name
};

// Builds a Struct from keyword arguments (positional arguments fail):
// what struct(**kwargs) and a branded constructor call do.
Value make_struct(Interpreter& in, std::string_view fn, Value constructor, const CallArgs& args);

// The `struct` and `module` builtins, allocated on in's heap.
Value make_struct_builtin(Interpreter& in);
Value make_module_builtin(Interpreter& in);

}  // namespace pitch::starlark
