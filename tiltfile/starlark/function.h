// tiltfile/starlark/function.h — callable values and modules.
//
// Function is a def or lambda closed over its module and captured cells;
// Builtin is a C++ function (a universal builtin, a host API such as Tilt's
// local_resource, or a method bound to its receiver). Module is one executed
// file: its globals by slot, as the resolver numbered them.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tiltfile/starlark/ast.h"
#include "tiltfile/starlark/host_object.h"
#include "tiltfile/starlark/value.h"

namespace pitch::starlark {

class Interpreter;

// Arguments as a builtin receives them. Keyword names are String values.
struct CallArgs {
  std::span<const Value> positional;
  std::span<const std::pair<Value, Value>> named;
};

// A builtin returns its result, or Value() after Interpreter::fail().
using BuiltinFn = std::function<Value(Interpreter&, const CallArgs&)>;
using MethodFn = Value (*)(Interpreter&, Value self, const CallArgs&);

class Builtin : public Object {
 public:
  Builtin(std::string name, BuiltinFn fn)
      : Object(Type::kBuiltin), name_(std::move(name)), fn_(std::move(fn)) {}
  Builtin(std::string name, MethodFn method, Value self)
      : Object(Type::kBuiltin), name_(std::move(name)), method_(method), self_(self) {}
  const std::string& name() const { return name_; }
  Value self() const { return self_; }  // !ok() unless a bound method
  Value call(Interpreter& interp, const CallArgs& args) const {
    return method_ != nullptr ? method_(interp, self_, args) : fn_(interp, args);
  }

 private:
  std::string name_;
  BuiltinFn fn_;
  MethodFn method_ = nullptr;
  Value self_;
};

class Module;

class Function : public Object {
 public:
  Function(const FunctionDef* def, Module* module)
      : Object(Type::kFunction), def_(def), module_(module) {}
  const FunctionDef& def() const { return *def_; }
  Module* module() const { return module_; }
  const std::string& name() const { return def_->name; }
  // One per parameter slot (num_params); !ok() for required parameters.
  std::vector<Value> defaults;
  std::vector<Cell*> freevars;
  void freeze() override;

 private:
  const FunctionDef* def_;
  Module* module_;
};

// A load()ed file. As a value it behaves like a module: its exported
// globals are its attributes.
class Module : public HostObject {
 public:
  explicit Module(const File* file) : file_(file) {}
  std::string_view type_name() const override { return "module"; }
  Value attr(Interpreter& in, std::string_view name) override;
  std::vector<std::string> attr_names() const override;
  void write_repr(Printer& p) const override;
  const File& file() const { return *file_; }
  std::vector<Value> globals;      // by resolver slot
  std::vector<Value> predeclared;  // by File::predeclared_used index
  // An exported global by name (not load bindings, not `_`-prefixed), or
  // an invalid Value.
  Value exported(std::string_view name) const;
  // All exported globals that are bound, in slot order.
  std::vector<std::pair<std::string, Value>> exported_globals() const;
  void freeze() override;

 private:
  const File* file_;
};

}  // namespace pitch::starlark
