// base/ignore_matcher.h — dockerignore-style patterns, as Tilt applies
// .tiltignore, watch_settings(ignore=) and local_resource(ignore=).
//
// Patterns are absolute (the planner makes them so); a pattern is a
// filepath.Match glob per path segment (*, ?, [a-z], \ escapes) where `**`
// matches any number of segments. A path is ignored when the last pattern
// that matches it is not an exception ("!pattern"); a pattern that matches
// a directory also ignores everything under it, as Docker's does. Shared by
// the planner's users (the executor's fingerprints and file watcher).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pitch {

class IgnoreMatcher {
 public:
  IgnoreMatcher() = default;
  explicit IgnoreMatcher(const std::vector<std::string>& patterns);

  // Whether the absolute, clean path is ignored.
  bool ignored(std::string_view path) const;
  // Whether nothing under this directory can be un-ignored by an exception,
  // so a walker may skip it entirely.
  bool skips_dir(std::string_view dir) const;
  bool empty() const { return rules_.empty(); }

 private:
  struct Rule {
    std::vector<std::string> segments;
    bool exception = false;
  };
  std::vector<Rule> rules_;
  bool has_exceptions_ = false;
};

// One filepath.Match-style segment match ("*.go" against "main.go").
bool match_segment(std::string_view pattern, std::string_view name);

}  // namespace pitch
