// value.LabelSet: Kubernetes label keys, as Tilt validates resource labels.
#include <fmt/format.h>

#include <algorithm>
#include <regex>

#include "tiltfile/starlark/ops.h"
#include "tiltfile/unpack.h"

namespace pitch::tiltfile {
namespace {

using starlark::Interpreter;
using starlark::Type;
using starlark::Value;

const char* kQualifiedNameMsg =
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
    "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

// Kubernetes' IsQualifiedName + IsValidLabelValue, as Tilt applies them.
std::vector<std::string> label_problems(const std::string& s) {
  static const std::regex kName("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  static const std::regex kDns("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  static const std::regex kValue("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
  std::vector<std::string> errs;
  std::string name = s;
  size_t slash = s.find('/');
  if (slash != std::string::npos) {
    if (s.find('/', slash + 1) != std::string::npos) {
      errs.push_back(
          fmt::format("a qualified name {} with an optional DNS subdomain prefix and '/' (e.g. "
                      "'example.com/MyName')",
                      kQualifiedNameMsg));
      return errs;
    }
    std::string prefix = s.substr(0, slash);
    name = s.substr(slash + 1);
    if (prefix.empty()) {
      errs.push_back("prefix part must be non-empty");
    } else if (!std::regex_match(prefix, kDns)) {
      errs.push_back(
          "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
          "characters, '-' or '.', and must start and end with an alphanumeric character (e.g. "
          "'example.com', regex used for validation is "
          "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
    }
  }
  if (name.empty()) {
    errs.push_back("name part must be non-empty");
  } else if (name.size() > 63) {
    errs.push_back("name part must be no more than 63 characters");
  }
  if (!std::regex_match(name, kName))
    errs.push_back(fmt::format("name part {}", kQualifiedNameMsg));
  if (!errs.empty()) return errs;
  if (s.size() > 63) errs.push_back("must be no more than 63 characters");
  if (!std::regex_match(s, kValue)) {
    errs.push_back(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
        "'.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "
        "'my_value',  or '12345', regex used for validation is "
        "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
  }
  return errs;
}

bool to_label(Value v, std::vector<std::string>* out, std::string* err) {
  std::string s;
  if (!as_string(v, &s)) {
    *err = fmt::format("Value should be convertible to string, but is type {}", type_of(v));
    return false;
  }
  std::vector<std::string> errs = label_problems(s);
  if (!errs.empty()) {
    *err = fmt::format("Invalid label {}: {}", starlark::quote(s), fmt::join(errs, ", "));
    return false;
  }
  if (s.find('/') != std::string::npos) {
    *err = fmt::format("Invalid label {}: cannot contain /", starlark::quote(s));
    return false;
  }
  out->push_back(s);
  return true;
}

}  // namespace

ArgConverter to_labels(std::vector<std::string>* out) {
  return [out](Interpreter& in, Value v, std::string* err) {
    out->clear();
    if (v.is_none()) return true;
    if (v.is_string()) return to_label(v, out, err);
    if (v.type() != Type::kList && v.type() != Type::kTuple) {
      *err = fmt::format("value should be a label or List or Tuple of labels, but is of type {}",
                         type_of(v));
      return false;
    }
    std::vector<Value> elems;
    starlark::iterate(in, v, elems);
    for (Value e : elems) {
      if (!to_label(e, out, err)) return false;
    }
    std::sort(out->begin(), out->end());
    out->erase(std::unique(out->begin(), out->end()), out->end());
    return true;
  };
}

}  // namespace pitch::tiltfile
