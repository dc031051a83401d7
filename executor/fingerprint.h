// executor/fingerprint.h — whether a resource's cmd is up to date.
//
// A resource that declares `deps` has a fingerprint over its definition
// (the cmd's argv, its env pairs, its dir) and the content digest of every
// path in deps, leaving out what its ignore patterns match. When that
// equals the fingerprint recorded after its last successful run, the cmd is
// skipped. Anything uncertain runs: no deps, no record, a changed
// fingerprint, --force, or a digest that failed. The serve_cmd is not
// covered: a server is not a cached artifact, it always starts.
#pragma once

#include <optional>
#include <string>

#include "base/error.h"
#include "cache/digest.h"
#include "cache/state_db.h"
#include "planner/plan.h"

namespace pitch::executor {

// Bumped whenever what goes into a fingerprint changes, so old records stop
// matching instead of matching wrongly.
inline constexpr int kFingerprintVersion = 1;

enum class ForceMode { kIfChanged, kAlways };

// The reason decide() gives for a resource without deps (explain.cc says
// the same without a state database).
inline constexpr const char* kNoDepsReason = "no deps declared, so it always runs";

struct CacheDecision {
  bool skip = false;
  // Set when the resource has deps; recorded after its cmd succeeds.
  std::optional<cache::Digest> fingerprint;
  // The deps as digested for that fingerprint, recorded with it so the
  // next change can be named.
  cache::InputListing inputs;
  // For people: why it runs, or why it is skipped.
  std::string reason;
};

// "src/a.c changed, src/new.c added, old.h removed": what differs between
// two listings, paths shown relative to `base_dir` when under it, at most
// `limit` named ("and 4 more"). Empty when the listings are the same.
std::string describe_input_changes(const cache::InputListing& before,
                                   const cache::InputListing& now, const std::string& base_dir,
                                   size_t limit = 3);

// The fingerprint of `resource` given the digest of its deps.
cache::Digest compute_fingerprint(const planner::PlanResource& resource,
                                  const cache::Digest& deps_digest);

// Decides whether the resource's cmd must run. Fails only when the state
// database fails; the caller then runs the cmd.
Result<CacheDecision> decide(const planner::PlanResource& resource, cache::StateDb& state,
                             ForceMode force);

}  // namespace pitch::executor
