// blang/semver's range syntax, as Tilt's version_settings(constraint=)
// uses it: comparators (>, >=, <, <=, =, ==, !, !=, none), AND by space,
// OR by "||", and "x" wildcards. Prerelease versions compare below their
// release.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <sstream>

#include "tiltfile/settings.h"
#include "tiltfile/starlark/ops.h"

namespace pitch::tiltfile {
namespace {

struct Version {
  std::array<long, 3> num{};
  std::string pre;
};

int compare(const Version& a, const Version& b) {
  if (a.num != b.num) return a.num < b.num ? -1 : 1;
  if (a.pre == b.pre) return 0;
  if (a.pre.empty()) return 1;
  if (b.pre.empty()) return -1;
  return a.pre < b.pre ? -1 : 1;
}

bool parse_version(std::string s, Version* out, std::string* error) {
  s = s.substr(0, s.find('+'));
  size_t dash = s.find('-');
  if (dash != std::string::npos) {
    out->pre = s.substr(dash + 1);
    s = s.substr(0, dash);
  }
  std::vector<std::string> parts;
  std::stringstream ss(s);
  for (std::string p; std::getline(ss, p, '.');) parts.push_back(p);
  if (parts.size() != 3) {
    *error = "No Major.Minor.Patch elements found";
    return false;
  }
  static const char* kNames[] = {"major", "minor", "patch"};
  for (size_t i = 0; i < 3; ++i) {
    const std::string& p = parts[i];
    if (p.empty() || !std::all_of(p.begin(), p.end(), [](char c) { return std::isdigit(c); })) {
      *error =
          fmt::format("Invalid character(s) found in {} number {}", kNames[i], starlark::quote(p));
      return false;
    }
    if (p.size() > 1 && p[0] == '0') {
      *error = fmt::format(
          "{} number must not contain leading zeroes {}",
          std::string(1, static_cast<char>(std::toupper(kNames[i][0]))) + (kNames[i] + 1),
          starlark::quote(p));
      return false;
    }
    out->num[i] = std::stol(p);
  }
  return true;
}

struct Comparator {
  std::string op;
  Version v;
  bool matches(const Version& x) const {
    int c = compare(x, v);
    if (op.empty() || op == "=" || op == "==") return c == 0;
    if (op == "!" || op == "!=") return c != 0;
    if (op == ">") return c > 0;
    if (op == ">=") return c >= 0;
    if (op == "<") return c < 0;
    return c <= 0;  // "<="
  }
};

bool valid_op(const std::string& op) {
  static const char* kOps[] = {"", "=", "==", "!", "!=", ">", ">=", "<", "<="};
  return std::find(std::begin(kOps), std::end(kOps), op) != std::end(kOps);
}

// One comparator (wildcards expanded into one or two); false on error.
bool parse_comparator(const std::string& text, std::vector<Comparator>* out, std::string* error) {
  size_t digit = text.find_first_of("0123456789");
  if (digit == std::string::npos) {
    *error = fmt::format("Could not get version from string: {}", starlark::quote(text));
    return false;
  }
  std::string op = text.substr(0, digit);
  while (!op.empty() && op.back() == ' ') op.pop_back();
  std::string vstr = text.substr(digit);
  if (!valid_op(op)) {
    *error = fmt::format("Could not parse Range {}: Could not parse comparator {} in {}",
                         starlark::quote(text), starlark::quote(op), starlark::quote(text));
    return false;
  }
  // "1.x" / "1.2.x": the flat version and the next one up.
  int wildcard = -1;
  if (vstr.size() >= 2 && vstr.substr(vstr.size() - 2) == ".x") {
    std::string base = vstr.substr(0, vstr.size() - 2);
    wildcard = static_cast<int>(std::count(base.begin(), base.end(), '.'));  // 0: major, 1: minor
    vstr = base + (wildcard == 0 ? ".0.0" : ".0");
  }
  Version v;
  std::string verr;
  if (!parse_version(vstr, &v, &verr)) {
    *error = fmt::format("Could not parse Range {}: Could not parse version {} in {}: {}",
                         starlark::quote(text), starlark::quote(vstr), starlark::quote(text), verr);
    return false;
  }
  if (wildcard < 0) {
    out->push_back({op, v});
    return true;
  }
  Version up = v;
  up.num[static_cast<size_t>(wildcard)]++;
  if (wildcard == 0) up.num[1] = 0;
  up.num[2] = 0;
  if (op.empty() || op == "=" || op == "==") {
    out->push_back({">=", v});
    out->push_back({"<", up});
  } else if (op == ">") {
    out->push_back({">=", up});
  } else if (op == "<=") {
    out->push_back({"<", up});
  } else {
    out->push_back({op, v});
  }
  return true;
}

}  // namespace

bool semver_satisfies(const std::string& range, const std::string& version, bool* ok,
                      std::string* error) {
  // Split on spaces, gluing a bare operator to the version after it.
  std::vector<std::string> parts;
  std::stringstream ss(range);
  for (std::string p; ss >> p;) {
    if (!parts.empty() && !parts.back().empty() &&
        parts.back().find_first_not_of("<>=!") == std::string::npos && parts.back() != "||") {
      parts.back() += p;
    } else {
      parts.push_back(p);
    }
  }
  if (!parts.empty() && parts.front() == "||") {
    *error = "First element in range is '||'";
    return false;
  }
  if (!parts.empty() && parts.back() == "||") {
    *error = "Last element in range is '||'";
    return false;
  }
  Version v;
  std::string verr;
  if (!parse_version(version, &v, &verr)) {
    *error = verr;
    return false;
  }
  std::vector<std::vector<Comparator>> any;
  any.emplace_back();
  for (const std::string& p : parts) {
    if (p == "||") {
      any.emplace_back();
      continue;
    }
    if (!parse_comparator(p, &any.back(), error)) return false;
  }
  *ok = std::any_of(any.begin(), any.end(), [&](const std::vector<Comparator>& all) {
    return std::all_of(all.begin(), all.end(), [&](const Comparator& c) { return c.matches(v); });
  });
  return true;
}

}  // namespace pitch::tiltfile
