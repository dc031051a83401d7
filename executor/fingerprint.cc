#include "executor/fingerprint.h"

#include <fmt/format.h>

#include <filesystem>
#include <map>

#include "base/ignore_matcher.h"

namespace pitch::executor {

cache::Digest compute_fingerprint(const planner::PlanResource& resource,
                                  const cache::Digest& deps_digest) {
  cache::FieldHasher h;
  h.add("pitch-fingerprint").add_int(kFingerprintVersion);
  // Counts before lists, so fields cannot shift between lists.
  h.add("cmd").add_int(static_cast<int64_t>(resource.cmd.argv.size()));
  for (const std::string& arg : resource.cmd.argv) h.add(arg);
  h.add("env").add_int(static_cast<int64_t>(resource.env.size()));
  for (const auto& [key, value] : resource.env) h.add(key).add(value);
  h.add("dir").add(resource.dir);
  h.add("deps").add(deps_digest);
  return h.finish();
}

Result<CacheDecision> decide(const planner::PlanResource& resource, cache::StateDb& state,
                             ForceMode force) {
  CacheDecision d;
  if (resource.deps.empty()) {
    d.reason = kNoDepsReason;
    return d;
  }
  // .tiltignore, watch_settings(ignore=) and the resource's ignore= leave
  // files out of its deps, as they keep Tilt's watcher from reacting.
  cache::IgnoreFn ignore;
  if (!resource.ignore.empty()) {
    ignore = [matcher = IgnoreMatcher(resource.ignore)](std::string_view path, bool is_dir) {
      return is_dir ? matcher.skips_dir(path) : matcher.ignored(path);
    };
  }
  PITCH_TRY_ASSIGN(cache::Digest deps_digest,
                   state.digest_paths_ignoring(resource.deps, ignore, &d.inputs));
  d.fingerprint = compute_fingerprint(resource, deps_digest);
  if (force == ForceMode::kAlways) {
    d.reason = "--force";
    return d;
  }
  PITCH_TRY_ASSIGN(std::optional<cache::RunRecord> last, state.last_success(resource.name));
  if (!last) {
    d.reason = "no previous successful run";
  } else if (last->fingerprint == *d.fingerprint) {
    d.skip = true;
    d.reason = fmt::format("deps unchanged since last successful run (fingerprint {})",
                           d.fingerprint->short_hex());
  } else {
    PITCH_TRY_ASSIGN(cache::InputListing before, state.last_inputs(resource.name));
    std::string changes =
        before.empty() ? "" : describe_input_changes(before, d.inputs, resource.dir);
    if (!changes.empty()) {
      d.reason = "inputs changed since last successful run: " + changes;
    } else if (!before.empty()) {
      d.reason = "its definition (cmd, env or dir) changed since last successful run";
    } else {
      d.reason = fmt::format("inputs changed since last successful run (fingerprint {} -> {})",
                             last->fingerprint.short_hex(), d.fingerprint->short_hex());
    }
  }
  return d;
}

std::string describe_input_changes(const cache::InputListing& before,
                                   const cache::InputListing& now, const std::string& base_dir,
                                   size_t limit) {
  std::map<std::string_view, std::string_view> old_entries;
  for (const cache::InputEntry& e : before) old_entries.emplace(e.path, e.what);
  std::vector<std::string> changes;
  auto shown = [&](const std::string& path) {
    std::filesystem::path rel = std::filesystem::path(path).lexically_relative(base_dir);
    return rel.empty() || *rel.begin() == ".." ? path : rel.string();
  };
  for (const cache::InputEntry& e : now) {
    auto it = old_entries.find(e.path);
    if (it == old_entries.end()) {
      changes.push_back(shown(e.path) + " added");
      continue;
    }
    // A path that was missing and now exists (or the reverse) reads better
    // as added (removed) than as changed.
    if (it->second != e.what) {
      const char* how = it->second == "missing" ? " added"
                        : e.what == "missing"   ? " removed"
                                                : " changed";
      changes.push_back(shown(e.path) + how);
    }
    old_entries.erase(it);
  }
  for (const cache::InputEntry& e : before) {
    if (old_entries.count(e.path) > 0) changes.push_back(shown(e.path) + " removed");
  }
  if (changes.size() > limit) {
    size_t more = changes.size() - limit;
    changes.resize(limit);
    changes.push_back(fmt::format("and {} more", more));
  }
  return fmt::format("{}", fmt::join(changes, ", "));
}

}  // namespace pitch::executor
