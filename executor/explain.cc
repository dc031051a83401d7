#include "executor/explain.h"

#include <fmt/format.h>

#include <algorithm>
#include <memory>

#include "cache/state_db.h"
#include "executor/fingerprint.h"

namespace pitch::executor {
namespace {

// Why a resource does not start at all, or "" when it does.
std::string not_started(const planner::PlanResource& r) {
  if (!r.enabled) {
    return "not selected (config.set_enabled_resources, or the resources named on the "
           "command line, leave it out)";
  }
  if (r.kind != planner::ResourceKind::kLocal) {
    return fmt::format("pitch does not run {} yet (pitch ci and pitch run refuse the plan)",
                       planner::Plan::kind_name(r.kind));
  }
  if (!r.auto_init) {
    return r.trigger_mode == planner::TriggerMode::kManual
               ? "auto_init=False: not started until triggered"
               : "auto_init=False: not started until one of its deps changes";
  }
  return "";
}

}  // namespace

Result<std::vector<Explanation>> explain_plan(const planner::Plan& plan,
                                              const std::filesystem::path& state_dir) {
  std::unique_ptr<cache::StateDb> state;
  if (std::filesystem::exists(cache::StateDb::database_file(state_dir))) {
    PITCH_TRY_ASSIGN(state, cache::StateDb::open(state_dir));
  }
  std::vector<Explanation> out;
  for (const planner::PlanResource& r : plan.resources) {
    Explanation e;
    if (std::string why = not_started(r); !why.empty()) {
      e.verdict = Explanation::Verdict::kNotStarted;
      e.reason = std::move(why);
    } else if (r.cmd.empty()) {
      e.verdict = Explanation::Verdict::kServe;
      e.reason = "no cmd; its serve_cmd starts (a server always starts)";
    } else {
      CacheDecision d;
      if (!state) {
        d.reason =
            r.deps.empty() ? kNoDepsReason : "no previous successful run (no state database yet)";
      } else {
        PITCH_TRY_ASSIGN(d, decide(r, *state, ForceMode::kIfChanged));
      }
      e.verdict = d.skip ? Explanation::Verdict::kSkip : Explanation::Verdict::kRun;
      e.reason = std::move(d.reason);
      if (!r.serve_cmd.empty()) e.reason += "; then its serve_cmd starts";
    }
    out.push_back(std::move(e));
  }
  return out;
}

std::string render_explanations(const planner::Plan& plan,
                                const std::vector<Explanation>& explanations,
                                const std::filesystem::path& state_dir) {
  size_t width = 0;
  for (const planner::PlanResource& r : plan.resources) width = std::max(width, r.name.size());
  std::string out = fmt::format("\nExplain (state: {})\n", state_dir.string());
  for (size_t i = 0; i < explanations.size(); ++i) {
    const Explanation& e = explanations[i];
    const char* verdict = e.verdict == Explanation::Verdict::kRun     ? "run"
                          : e.verdict == Explanation::Verdict::kSkip  ? "skip"
                          : e.verdict == Explanation::Verdict::kServe ? "serve"
                                                                      : "-";
    out += fmt::format("  {:<{}}  {:<5}  {}\n", plan.resources[i].name, width, verdict, e.reason);
  }
  return out;
}

}  // namespace pitch::executor
