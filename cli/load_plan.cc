#include "cli/load_plan.h"

#include <CLI/CLI.hpp>

#include <fmt/format.h>

#include <filesystem>

#include "base/source_line.h"
#include "planner/compile.h"
#include "tiltfile/tiltfile.h"

namespace pitch::cli {

void add_load_options(CLI::App* command, LoadOptions* load) {
  command->add_option("-f,--file", load->tiltfile, "Path to the Tiltfile")->capture_default_str();
  command->add_flag("--strict", load->strict,
                    "Treat warnings (e.g. unknown resource_deps) as errors");
}

void add_tiltfile_args(CLI::App* command, LoadOptions* load) {
  command->add_option("args", load->args,
                      "Tiltfile arguments, as Tilt takes them: resource names to run (with "
                      "what they depend on; default: every enabled one), or, when the Tiltfile "
                      "calls config.parse(), its flags, after `--`");
}

std::string resolve_state_dir(const planner::Plan& plan, const std::string& flag) {
  if (flag.empty()) return (std::filesystem::path(plan.tiltfile_dir) / ".pitch").string();
  return std::filesystem::absolute(flag).lexically_normal().string();
}

std::optional<planner::Plan> load_plan(const LoadOptions& options, std::FILE* err) {
  tiltfile::EvalOptions eval;
  eval.tiltfile_path = options.tiltfile;
  eval.print = [](const std::string& line) { fmt::print(stdout, "{}\n", line); };
  eval.subcommand = options.subcommand;
  eval.args = options.args;
  eval.argv = options.argv;
  auto manifest = tiltfile::evaluate_tiltfile(eval);
  if (!manifest) {
    fmt::print(err, "{}", render_diagnostic(manifest.error()));
    return std::nullopt;
  }
  for (const Error& warning : manifest->warnings) {
    fmt::print(err, "{}", render_diagnostic(warning, Severity::kWarning));
  }
  auto compiled = planner::compile_plan(*manifest);
  // Plan diagnostics are made from the Manifest, far from the source text.
  if (!compiled) {
    for (Error& error : compiled.error()) attach_source_line(error);
  } else {
    for (Error& warning : compiled->warnings) attach_source_line(warning);
  }
  if (!compiled) {
    for (const Error& error : compiled.error()) fmt::print(err, "{}", render_diagnostic(error));
    size_t n = compiled.error().size();
    fmt::print(err, "{} error{} in {}\n", n, n == 1 ? "" : "s", manifest->tiltfile_path);
    return std::nullopt;
  }
  Severity severity = options.strict ? Severity::kError : Severity::kWarning;
  for (const Error& warning : compiled->warnings) {
    fmt::print(err, "{}", render_diagnostic(warning, severity));
  }
  if (options.strict && !compiled->warnings.empty()) {
    fmt::print(err, "--strict: {} warning{} treated as error{}\n", compiled->warnings.size(),
               compiled->warnings.size() == 1 ? "" : "s",
               compiled->warnings.size() == 1 ? "" : "s");
    return std::nullopt;
  }
  return std::move(compiled->plan);
}

}  // namespace pitch::cli
