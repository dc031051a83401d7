// The Tilt API, table-driven: every file in testdata/tilt/ holds cases,
// each a Tiltfile snippet and either the Manifest fields it must produce or
// the exact error (message and line) it must fail with. The expected values
// come from Tilt's documentation and from running Tilt v0.32.4 itself
// (`tilt alpha tiltfile-result`).
//
// Format:
//   === case name
//   <Tiltfile text>
//   --- file lib/x.star          another file for the case (any number)
//   <its text>
//   --- args a b --flag          the Tiltfile arguments (EvalOptions::args)
//   --- subcommand ci
//   --- setenv NAME=VALUE        set in the environment while evaluating
//   --- want
//   field: value                 one per line (see field() below)
//   field+: more                 continues a multi-line value
//   --- error LINE
//   exact message
// "$ROOT" in expected values stands for the case's directory.
//
// Fields named "plan..." are read from the Plan the planner compiles from
// the Manifest: Tilt's effective values (selection, allow_parallel of a
// serve-only resource, trigger mode after the global default), so a case
// can say how Tilt would run what it evaluated.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>

#include "planner/compile.h"
#include "tiltfile/tiltfile.h"

extern char** environ;

namespace pitch::tiltfile {
namespace {

namespace fs = std::filesystem;

struct Case {
  std::string file;
  int line = 0;  // of the === line
  std::string name;
  std::string tiltfile;
  std::vector<std::pair<std::string, std::string>> files;
  std::vector<std::string> args;
  std::string subcommand = "up";
  std::vector<std::pair<std::string, std::string>> setenv;
  std::vector<std::pair<std::string, std::string>> want;
  bool expect_error = false;
  int error_line = 0;
  std::string error;
};

std::vector<std::string> split_words(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

std::vector<Case> parse_cases(const fs::path& path) {
  std::ifstream in(path);
  std::vector<Case> cases;
  std::string line, section;
  int lineno = 0;
  std::string* text = nullptr;
  while (std::getline(in, line)) {
    ++lineno;
    if (line.rfind("=== ", 0) == 0) {
      Case c;
      c.file = path.filename().string();
      c.line = lineno;
      c.name = line.substr(4);
      cases.push_back(std::move(c));
      section = "tiltfile";
      text = &cases.back().tiltfile;
      continue;
    }
    if (cases.empty()) continue;  // header comments
    Case& c = cases.back();
    if (line.rfind("--- ", 0) == 0) {
      std::string rest = line.substr(4);
      std::string kind = rest.substr(0, rest.find(' '));
      std::string arg = rest.find(' ') == std::string::npos ? "" : rest.substr(rest.find(' ') + 1);
      section = kind;
      text = nullptr;
      if (kind == "file") {
        c.files.emplace_back(arg, "");
        text = &c.files.back().second;
      } else if (kind == "args") {
        c.args = split_words(arg);
      } else if (kind == "subcommand") {
        c.subcommand = arg;
      } else if (kind == "setenv") {
        c.setenv.emplace_back(arg.substr(0, arg.find('=')), arg.substr(arg.find('=') + 1));
      } else if (kind == "error") {
        c.expect_error = true;
        c.error_line = std::stoi(arg);
        text = &c.error;
      }
      continue;
    }
    if (section == "want") {
      if (line.empty() || line[0] == '#') continue;
      size_t colon = line.find(": ");
      // "field+: more" continues the previous value on a new line.
      if (colon != std::string::npos && colon > 0 && line[colon - 1] == '+' && !c.want.empty()) {
        c.want.back().second += "\n" + line.substr(colon + 2);
        continue;
      }
      if (colon == std::string::npos) {
        c.want.emplace_back(line.substr(0, line.size() - 1), "");  // "field:"
      } else {
        c.want.emplace_back(line.substr(0, colon), line.substr(colon + 2));
      }
      continue;
    }
    if (text != nullptr) *text += line + "\n";
  }
  for (Case& c : cases) {
    while (!c.error.empty() && c.error.back() == '\n') c.error.pop_back();
  }
  return cases;
}

class Rendered {
 public:
  Rendered(const Manifest& m, const std::string& root, const std::vector<std::string>& printed)
      : m_(m), root_(root), printed_(printed) {}

  std::string path(const std::string& p) const {
    if (p == root_) return "$ROOT";
    if (p.rfind(root_ + "/", 0) == 0) return "$ROOT" + p.substr(root_.size());
    return p;
  }
  std::string paths(const std::vector<std::string>& ps) const {
    std::vector<std::string> out;
    for (const std::string& p : ps) {
      bool neg = !p.empty() && p[0] == '!';
      out.push_back((neg ? "!" : "") + path(neg ? p.substr(1) : p));
    }
    return fmt::format("{}", fmt::join(out, ", "));
  }
  static std::string command(const Command& c) {
    if (c.empty()) return "none";
    if (c.shell) return c.argv.back();
    std::vector<std::string> q;
    for (const std::string& a : c.argv) q.push_back("\"" + a + "\"");
    return fmt::format("[{}]", fmt::join(q, ", "));
  }
  static std::string kv(const std::vector<std::pair<std::string, std::string>>& env) {
    std::vector<std::string> out;
    for (const auto& [k, v] : env) out.push_back(k + "=" + v);
    return fmt::format("{}", fmt::join(out, ", "));
  }
  static std::string mode(TriggerMode m) {
    switch (m) {
      case TriggerMode::kUnset:
        return "unset";
      case TriggerMode::kAuto:
        return "auto";
      case TriggerMode::kManual:
        return "manual";
    }
    return "?";
  }
  static std::string millis(const std::optional<Millis>& d) {
    return d ? fmt::format("{}ms", d->count()) : "unset";
  }
  static std::string probe(const std::optional<ProbeDecl>& p) {
    if (!p) return "none";
    std::string what;
    switch (p->kind) {
      case ProbeDecl::Kind::kExec:
        what = fmt::format("exec [{}]", fmt::join(p->exec_command, ", "));
        break;
      case ProbeDecl::Kind::kHttpGet:
        what = fmt::format("http_get host={} port={} scheme={} path={}", p->host, p->port,
                           p->scheme, p->path);
        break;
      case ProbeDecl::Kind::kTcpSocket:
        what = fmt::format("tcp_socket host={} port={}", p->host, p->port);
        break;
    }
    return fmt::format("{} delay={} timeout={} period={} success={} failure={}", what,
                       p->initial_delay_secs, p->timeout_secs, p->period_secs, p->success_threshold,
                       p->failure_threshold);
  }

  std::string resource_field(const LocalResource& r, const std::string& f) const {
    if (f == "cmd") return command(r.cmd);
    if (f == "serve_cmd") return command(r.serve_cmd);
    if (f == "cmd_bat") return command(r.cmd_bat);
    if (f == "serve_cmd_bat") return command(r.serve_cmd_bat);
    if (f == "deps") return paths(r.deps);
    if (f == "resource_deps") {
      std::vector<std::string> names;
      for (const auto& d : r.resource_deps) names.push_back(d.name);
      return fmt::format("{}", fmt::join(names, ", "));
    }
    if (f == "trigger_mode") return mode(r.trigger_mode);
    if (f == "auto_init") return r.auto_init ? "true" : "false";
    if (f == "ignore") return fmt::format("{}", fmt::join(r.ignore, ", "));
    if (f == "ignore_base") return path(r.ignore_base);
    if (f == "allow_parallel") return r.allow_parallel ? "true" : "false";
    if (f == "links") {
      std::vector<std::string> out;
      for (const Link& l : r.links) out.push_back(l.name.empty() ? l.url : l.url + " " + l.name);
      return fmt::format("{}", fmt::join(out, ", "));
    }
    if (f == "labels") return fmt::format("{}", fmt::join(r.labels, ", "));
    if (f == "env") return kv(r.env);
    if (f == "serve_env") return kv(r.serve_env);
    if (f == "dir") return path(r.dir);
    if (f == "serve_dir") return path(r.serve_dir);
    if (f == "readiness_probe") return probe(r.readiness_probe);
    if (f == "line") return std::to_string(r.pos.line);
    if (f == "file") return path(r.pos.file);
    return "<unknown field " + f + ">";
  }

  std::string live_update(const LiveUpdate& lu) const {
    std::vector<std::string> steps;
    if (lu.initial_sync) steps.push_back("initial_sync");
    for (const std::string& p : lu.fall_back_on) steps.push_back("fall_back_on " + path(p));
    for (const auto& s : lu.syncs)
      steps.push_back("sync " + path(s.local_path) + " " + s.remote_path);
    for (const auto& r : lu.runs) {
      std::string step = "run " + command(r.cmd);
      if (!r.triggers.empty()) step += fmt::format(" trigger=[{}]", fmt::join(r.triggers, ", "));
      if (r.echo_off) step += " echo_off";
      steps.push_back(step);
    }
    if (lu.restart_container) steps.push_back("restart_container");
    if (steps.empty()) return "none";
    return fmt::format("{} | base={}", fmt::join(steps, " | "), path(lu.base_path));
  }

  std::string image_field(const ImageTarget& img, const std::string& f) const {
    if (f == "kind") {
      return img.kind == ImageTarget::Kind::kDockerBuild   ? "docker_build"
             : img.kind == ImageTarget::Kind::kCustomBuild ? "custom_build"
                                                           : "docker_compose";
    }
    if (f == "match") return img.match_name + (img.exact_match ? " tag=" + img.ref_tag : "");
    if (f == "context") return path(img.context);
    if (f == "dockerfile") return path(img.dockerfile);
    if (f == "build_args") return fmt::format("{}", fmt::join(img.build_args, ", "));
    if (f == "target") return img.target;
    if (f == "ignore") return fmt::format("{}", fmt::join(img.ignore, ", "));
    if (f == "only") return fmt::format("{}", fmt::join(img.only, ", "));
    if (f == "entrypoint") return command(img.entrypoint);
    if (f == "match_in_env_vars") return img.match_in_env_vars ? "true" : "false";
    if (f == "command") return command(img.command);
    if (f == "dir") return path(img.dir);
    if (f == "deps") return paths(img.deps);
    if (f == "tag") return img.tag;
    if (f == "disable_push") return img.disable_push ? "true" : "false";
    if (f == "skips_local_docker") return img.skips_local_docker ? "true" : "false";
    if (f == "outputs_image_ref_to") return path(img.outputs_image_ref_to);
    if (f == "image_deps") return fmt::format("{}", fmt::join(img.image_deps, ", "));
    if (f == "live_update") return live_update(img.live_update);
    if (f == "from_images") return fmt::format("{}", fmt::join(img.from_images, ", "));
    if (f == "depends_on") {
      std::vector<std::string> refs;
      for (size_t i : img.depends_on) refs.push_back(m_.images[i].ref);
      return fmt::format("{}", fmt::join(refs, ", "));
    }
    if (f == "line") return std::to_string(img.pos.line);
    return "<unknown image field " + f + ">";
  }

  std::string k8s_field(const K8sResource& r, const std::string& f) const {
    if (f == "objects") {
      std::vector<std::string> out;
      for (const K8sObject& o : r.objects) out.push_back(o.full_name());
      return fmt::format("{}", fmt::join(out, ", "));
    }
    if (f == "images") {
      std::vector<std::string> out;
      for (size_t i : r.images) out.push_back(m_.images[i].ref);
      return fmt::format("{}", fmt::join(out, ", "));
    }
    if (f == "port_forwards") {
      std::vector<std::string> out;
      for (const PortForward& p : r.port_forwards) {
        std::string s = fmt::format("{}:{}", p.local_port, p.container_port);
        if (!p.host.empty()) s = p.host + ":" + s;
        if (!p.name.empty()) s += " name=" + p.name;
        if (!p.link_path.empty()) s += " path=" + p.link_path;
        out.push_back(s);
      }
      return fmt::format("{}", fmt::join(out, ", "));
    }
    if (f == "resource_deps") {
      std::vector<std::string> names;
      for (const auto& d : r.resource_deps) names.push_back(d.name);
      return fmt::format("{}", fmt::join(names, ", "));
    }
    if (f == "trigger_mode") return mode(r.trigger_mode);
    if (f == "auto_init") return r.auto_init ? "true" : "false";
    if (f == "labels") return fmt::format("{}", fmt::join(r.labels, ", "));
    if (f == "links") {
      std::vector<std::string> out;
      for (const Link& l : r.links) out.push_back(l.name.empty() ? l.url : l.url + " " + l.name);
      return fmt::format("{}", fmt::join(out, ", "));
    }
    if (f == "pod_readiness") return r.pod_readiness;
    if (f == "discovery_strategy") return r.discovery_strategy;
    if (f == "extra_pod_selectors") {
      std::vector<std::string> out;
      for (const auto& sel : r.extra_pod_selectors) out.push_back(kv(sel));
      return fmt::format("{}", fmt::join(out, " | "));
    }
    if (f == "custom_deploy") return r.custom_deploy ? "true" : "false";
    if (f == "apply_cmd") return command(r.apply_cmd);
    if (f == "delete_cmd") return command(r.delete_cmd);
    if (f == "deps") return paths(r.deps);
    if (f == "line") return std::to_string(r.pos.line);
    return "<unknown k8s field " + f + ">";
  }

  std::string dc_field(const DcResource& r, const std::string& f) const {
    if (f == "project_name") return r.project_name;
    if (f == "compose_files") return paths(r.compose_files);
    if (f == "image") return r.image;
    if (f == "images") {
      std::vector<std::string> out;
      for (size_t i : r.images) out.push_back(m_.images[i].ref);
      return fmt::format("{}", fmt::join(out, ", "));
    }
    if (f == "resource_deps") {
      std::vector<std::string> names;
      for (const auto& d : r.resource_deps) names.push_back(d.name);
      return fmt::format("{}", fmt::join(names, ", "));
    }
    if (f == "trigger_mode") return mode(r.trigger_mode);
    if (f == "auto_init") return r.auto_init ? "true" : "false";
    if (f == "labels") return fmt::format("{}", fmt::join(r.labels, ", "));
    if (f == "links") {
      std::vector<std::string> out;
      for (const Link& l : r.links) out.push_back(l.name.empty() ? l.url : l.url + " " + l.name);
      return fmt::format("{}", fmt::join(out, ", "));
    }
    if (f == "line") return std::to_string(r.pos.line);
    return "<unknown dc field " + f + ">";
  }

  // "k8s:NAME.field", "image:REF.field", "dc:NAME.field" (split at the
  // last '.', since refs may hold dots).
  std::optional<std::string> container_field(const std::string& f) const {
    size_t colon = f.find(':');
    size_t dot = f.rfind('.');
    if (colon == std::string::npos || dot == std::string::npos || dot < colon) return std::nullopt;
    std::string kind = f.substr(0, colon), name = f.substr(colon + 1, dot - colon - 1);
    std::string rest = f.substr(dot + 1);
    if (kind == "k8s") {
      for (const K8sResource& r : m_.k8s_resources) {
        if (r.name == name) return k8s_field(r, rest);
      }
      return "<no k8s resource " + name + ">";
    }
    if (kind == "image") {
      for (const ImageTarget& img : m_.images) {
        if (img.ref == name) return image_field(img, rest);
      }
      return "<no image " + name + ">";
    }
    if (kind == "dc") {
      for (const DcResource& r : m_.dc_resources) {
        if (r.name == name) return dc_field(r, rest);
      }
      return "<no dc resource " + name + ">";
    }
    return std::nullopt;
  }

  std::string settings_field(const std::string& f) const {
    const Settings& s = m_.settings;
    if (f == "trigger_mode") return mode(s.trigger_mode);
    if (f == "max_parallel_updates")
      return s.max_parallel_updates ? std::to_string(*s.max_parallel_updates) : "unset";
    if (f == "k8s_upsert_timeout_secs")
      return s.k8s_upsert_timeout_secs ? std::to_string(*s.k8s_upsert_timeout_secs) : "unset";
    if (f == "allowed_k8s_contexts")
      return fmt::format("{}", fmt::join(s.allowed_k8s_contexts, ", "));
    if (f == "suppress_unused_image_warnings")
      return fmt::format("{}", fmt::join(s.suppress_unused_image_warnings, ", "));
    if (f == "ci_timeout") return millis(s.ci_timeout);
    if (f == "k8s_grace_period") return millis(s.k8s_grace_period);
    if (f == "readiness_timeout") return millis(s.readiness_timeout);
    if (f == "watch_ignore") return paths(s.watch_ignore);
    if (f == "check_updates") return s.check_updates ? "true" : "false";
    if (f == "version_constraint") return s.version_constraint;
    return "<unknown field settings." + f + ">";
  }

  // "plan.order", "plan.enabled", "plan.warnings", "plan.errors" and
  // "plan:NAME.field".
  std::string plan_field(const std::string& f) const {
    // Compiled once per case, on the first plan field asked for.
    if (!compiled_) compiled_ = planner::compile_plan(m_);
    const auto& compiled = *compiled_;
    if (!compiled) {
      std::vector<std::string> out;
      for (const Error& e : compiled.error()) out.push_back(e.message);
      return f == "plan.errors" ? fmt::format("{}", fmt::join(out, " | "))
                                : "<plan failed: " + fmt::format("{}", fmt::join(out, " | ")) + ">";
    }
    const planner::Plan& plan = compiled->plan;
    std::vector<std::string> out;
    if (f == "plan.order" || f == "plan.enabled") {
      for (const planner::PlanResource& r : plan.resources) {
        if (f == "plan.order" || r.enabled) out.push_back(r.name);
      }
      return fmt::format("{}", fmt::join(out, ", "));
    }
    if (f == "plan.warnings") {
      for (const Error& e : compiled->warnings) out.push_back(e.message);
      return fmt::format("{}", fmt::join(out, " | "));
    }
    if (f == "plan.errors") return "";
    size_t colon = f.find(':'), dot = f.rfind('.');
    if (f.rfind("plan:", 0) != 0 || dot == std::string::npos || dot < colon) {
      return "<unknown plan field " + f + ">";
    }
    size_t i = plan.find(f.substr(colon + 1, dot - colon - 1));
    if (i == planner::Plan::npos) return "<no planned resource " + f + ">";
    const planner::PlanResource& r = plan.resources[i];
    const std::string rest = f.substr(dot + 1);
    if (rest == "kind") return planner::Plan::kind_name(r.kind);
    if (rest == "allow_parallel") return r.allow_parallel ? "true" : "false";
    if (rest == "trigger_mode")
      return r.trigger_mode == planner::TriggerMode::kAuto ? "auto" : "manual";
    if (rest == "auto_init") return r.auto_init ? "true" : "false";
    if (rest == "enabled") return r.enabled ? "true" : "false";
    if (rest == "resource_deps") {
      for (size_t d : r.resource_deps) out.push_back(plan.resources[d].name);
      return fmt::format("{}", fmt::join(out, ", "));
    }
    return "<unknown plan field " + f + ">";
  }

  std::string field(const std::string& f) const {
    if (f.rfind("plan", 0) == 0 && (f.size() == 4 || f[4] == '.' || f[4] == ':'))
      return plan_field(f);
    if (f == "resources") {
      std::vector<std::string> names;
      for (const LocalResource& r : m_.local_resources) names.push_back(r.name);
      return fmt::format("{}", fmt::join(names, ", "));
    }
    if (f == "k8s_resources") {
      std::vector<std::string> names;
      for (const K8sResource& r : m_.k8s_resources) names.push_back(r.name);
      return fmt::format("{}", fmt::join(names, ", "));
    }
    if (f == "dc_resources") {
      std::vector<std::string> names;
      for (const DcResource& r : m_.dc_resources) names.push_back(r.name);
      return fmt::format("{}", fmt::join(names, ", "));
    }
    if (f == "images") {
      std::vector<std::string> refs;
      for (const ImageTarget& img : m_.images) refs.push_back(img.ref);
      return fmt::format("{}", fmt::join(refs, ", "));
    }
    if (auto value = container_field(f)) return *value;
    if (f == "printed") {
      std::string out = fmt::format("{}", fmt::join(printed_, " | "));
      for (size_t at; (at = out.find(root_)) != std::string::npos;)
        out.replace(at, root_.size(), "$ROOT");
      return out;
    }
    if (f == "warnings") {
      std::vector<std::string> out;
      for (const Error& e : m_.warnings) out.push_back(e.message);
      return fmt::format("{}", fmt::join(out, " | "));
    }
    if (f == "enabled") {
      switch (m_.enabled.mode) {
        case EnabledResources::Mode::kAll:
          return "all";
        case EnabledResources::Mode::kNone:
          return "none";
        case EnabledResources::Mode::kListed:
          return fmt::format("[{}]", fmt::join(m_.enabled.names, ", "));
      }
    }
    if (f == "read_files") return paths(m_.read_files);
    if (f == "tiltignore") return paths(m_.tiltignore);
    if (f == "inputs.env") {
      std::vector<std::string> out;
      for (const auto& [k, v] : m_.inputs.env) out.push_back(k + "=" + (v ? *v : "<unset>"));
      return fmt::format("{}", fmt::join(out, ", "));
    }
    if (f == "inputs.config_args") return fmt::format("{}", fmt::join(m_.inputs.config_args, " "));
    if (f == "inputs.local_commands")
      return fmt::format("{}", fmt::join(m_.inputs.local_commands, " | "));
    size_t dot = f.find('.');
    if (dot != std::string::npos) {
      std::string owner = f.substr(0, dot), rest = f.substr(dot + 1);
      if (owner == "settings") return settings_field(rest);
      for (const LocalResource& r : m_.local_resources) {
        if (r.name == owner) return resource_field(r, rest);
      }
      return "<no resource " + owner + ">";
    }
    return "<unknown field " + f + ">";
  }

 private:
  const Manifest& m_;
  mutable std::optional<MultiResult<planner::CompiledPlan>> compiled_;
  std::string root_;
  std::vector<std::string> printed_;
};

std::string replace_root(std::string s, const std::string& root) {
  for (size_t at; (at = s.find("$ROOT")) != std::string::npos;) s.replace(at, 5, root);
  return s;
}

void run_case(const Case& c, const fs::path& root) {
  fs::remove_all(root);
  fs::create_directories(root);
  std::ofstream(root / "Tiltfile") << c.tiltfile;
  for (const auto& [rel, text] : c.files) {
    fs::create_directories((root / rel).parent_path());
    std::ofstream(root / rel) << text;
  }
  // The Tiltfile may change the environment (os.putenv, os.environ):
  // every case starts from, and leaves, the environment as it was.
  std::vector<std::string> saved;
  for (char** e = ::environ; *e != nullptr; ++e) saved.emplace_back(*e);
  for (const auto& [k, v] : c.setenv) ::setenv(k.c_str(), v.c_str(), 1);
  std::vector<std::string> printed;
  EvalOptions opts;
  opts.tiltfile_path = (root / "Tiltfile").string();
  opts.print = [&printed](const std::string& s) { printed.push_back(s); };
  opts.subcommand = c.subcommand;
  opts.args = c.args;
  auto m = evaluate_tiltfile(opts);
  ::clearenv();
  for (const std::string& kv : saved) {
    size_t eq = kv.find('=');
    ::setenv(kv.substr(0, eq).c_str(), kv.substr(eq + 1).c_str(), 1);
  }
  const std::string rootstr = root.string();
  if (c.expect_error) {
    ASSERT_FALSE(m) << "expected error: " << c.error;
    EXPECT_EQ(m.error().message, replace_root(c.error, rootstr));
    EXPECT_EQ(m.error().pos ? m.error().pos->line : 0, c.error_line) << m.error().message;
    return;
  }
  ASSERT_TRUE(m) << render_diagnostic(m.error());
  Rendered r(*m, rootstr, printed);
  for (const auto& [field, value] : c.want) {
    EXPECT_EQ(r.field(field), value) << "field " << field;
  }
}

TEST(TiltTable, Cases) {
  const char* src = std::getenv("PITCH_SOURCE_DIR");
  fs::path dir = src ? fs::path(src) / "tests/tiltfile/testdata/tilt"
                     : fs::path(__FILE__).parent_path() / "testdata/tilt";
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".txt") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  ASSERT_FALSE(files.empty()) << dir;
  size_t total = 0;
  fs::path root = fs::temp_directory_path() / fmt::format("pitch_tilt_table_{}", ::getpid());
  for (const fs::path& f : files) {
    for (const Case& c : parse_cases(f)) {
      ++total;
      SCOPED_TRACE(fmt::format("{}:{}: {}", c.file, c.line, c.name));
      run_case(c, root / "case");
    }
  }
  fs::remove_all(root);
  std::cout << total << " Tiltfile cases\n";
}

}  // namespace
}  // namespace pitch::tiltfile
