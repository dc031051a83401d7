#include "tiltfile/starlark/function.h"

namespace pitch::starlark {

void Function::freeze() {
  if (frozen_) return;
  frozen_ = true;
  for (Value v : defaults) starlark::freeze(v);
  for (Cell* c : freevars) c->freeze();
}

Value Module::exported(std::string_view name) const {
  if (name.empty() || name[0] == '_') return Value();
  const auto& names = file_->global_names;
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name && file_->global_exported[i]) return globals[i];
  }
  return Value();
}

std::vector<std::pair<std::string, Value>> Module::exported_globals() const {
  std::vector<std::pair<std::string, Value>> out;
  const auto& names = file_->global_names;
  for (size_t i = 0; i < names.size(); ++i) {
    if (file_->global_exported[i] && globals[i].ok() && !names[i].empty() && names[i][0] != '_') {
      out.emplace_back(names[i], globals[i]);
    }
  }
  return out;
}

Value Module::attr(Interpreter&, std::string_view name) { return exported(name); }

std::vector<std::string> Module::attr_names() const {
  std::vector<std::string> out;
  for (auto& [name, v] : exported_globals()) out.push_back(name);
  return out;
}

void Module::write_repr(Printer& p) const {
  p.out += "<module \"";
  p.out += file_->path;
  p.out += "\">";
}

void Module::freeze() {
  if (frozen_) return;
  frozen_ = true;
  for (Value v : globals) starlark::freeze(v);
}

}  // namespace pitch::starlark
