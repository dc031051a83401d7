#include "base/ignore_matcher.h"

namespace pitch {
namespace {

std::vector<std::string> split(std::string_view path) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    if (slash > start) out.emplace_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

// Matches pattern segments [pi..] against path segments [si..]; a prefix
// match (the pattern ends inside the path) counts: the pattern named a
// directory the path is under.
bool match_from(const std::vector<std::string>& pat, size_t pi,
                const std::vector<std::string>& path, size_t si) {
  if (pi == pat.size()) return true;  // matched a directory the path is in (or the path)
  if (pat[pi] == "**") {
    for (size_t k = si; k <= path.size(); ++k) {
      if (match_from(pat, pi + 1, path, k)) return true;
    }
    return false;
  }
  if (si == path.size()) return false;
  return match_segment(pat[pi], path[si]) && match_from(pat, pi + 1, path, si + 1);
}

bool match_class(std::string_view p, size_t* i, char c) {
  // p[*i] is just past '['.
  bool negate = *i < p.size() && (p[*i] == '^' || p[*i] == '!');
  if (negate) ++*i;
  bool matched = false;
  bool first = true;
  while (*i < p.size() && (p[*i] != ']' || first)) {
    first = false;
    char lo = p[*i];
    if (lo == '\\' && *i + 1 < p.size()) lo = p[++*i];
    ++*i;
    char hi = lo;
    if (*i + 1 < p.size() && p[*i] == '-' && p[*i + 1] != ']') {
      hi = p[*i + 1];
      if (hi == '\\' && *i + 2 < p.size()) hi = p[++*i + 1];
      *i += 2;
    }
    if (lo <= c && c <= hi) matched = true;
  }
  if (*i < p.size()) ++*i;  // ']'
  return matched != negate;
}

}  // namespace

bool match_segment(std::string_view p, std::string_view s) {
  size_t pi = 0, si = 0;
  size_t star_p = std::string_view::npos, star_s = 0;
  while (si < s.size()) {
    if (pi < p.size() && p[pi] == '*') {
      star_p = ++pi;
      star_s = si;
      continue;
    }
    if (pi < p.size()) {
      size_t next = pi;
      bool ok = false;
      if (p[pi] == '?') {
        ok = true;
        next = pi + 1;
      } else if (p[pi] == '[') {
        next = pi + 1;
        ok = match_class(p, &next, s[si]);
      } else if (p[pi] == '\\' && pi + 1 < p.size()) {
        ok = p[pi + 1] == s[si];
        next = pi + 2;
      } else {
        ok = p[pi] == s[si];
        next = pi + 1;
      }
      if (ok) {
        pi = next;
        ++si;
        continue;
      }
    }
    if (star_p == std::string_view::npos) return false;
    pi = star_p;
    si = ++star_s;
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

IgnoreMatcher::IgnoreMatcher(const std::vector<std::string>& patterns) {
  for (const std::string& raw : patterns) {
    Rule r;
    std::string_view p = raw;
    if (!p.empty() && p[0] == '!') {
      r.exception = true;
      has_exceptions_ = true;
      p.remove_prefix(1);
    }
    r.segments = split(p);
    if (r.segments.empty()) continue;
    rules_.push_back(std::move(r));
  }
}

bool IgnoreMatcher::ignored(std::string_view path) const {
  std::vector<std::string> segs = split(path);
  bool result = false;
  for (const Rule& r : rules_) {
    if (r.exception != result) continue;  // cannot change the outcome
    if (match_from(r.segments, 0, segs, 0)) result = !r.exception;
  }
  return result;
}

bool IgnoreMatcher::skips_dir(std::string_view dir) const {
  return !has_exceptions_ && ignored(dir);
}

}  // namespace pitch
