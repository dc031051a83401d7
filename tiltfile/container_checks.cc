#include "tiltfile/container_checks.h"

#include <fmt/format.h>

#include <algorithm>

#include "tiltfile/image_ref.h"
#include "tiltfile/starlark/ops.h"

namespace pitch::tiltfile {

Error assembly_error(std::string message, const SourcePos& pos) {
  return Error(ErrorKind::kTiltfile, std::move(message), pos);
}

namespace {

std::string familiar(const ImageTarget& img) {
  ImageRef ref;
  std::string unused;
  parse_image_ref(img.ref, &ref, &unused);
  return ref.familiar_name() + (ref.tag.empty() ? "" : ":" + ref.tag);
}

}  // namespace

// assertAllImagesMatched: a build no resource uses is skipped, with a
// warning (unless update_settings suppressed it).
void warn_unused_images(TiltfileState& ts, const ContainerState& cs, const std::vector<bool>& used,
                        bool any_k8s, bool any_unresourced) {
  const auto& suppressed = ts.manifest.settings.suppress_unused_image_warnings;
  for (size_t i = 0; i < cs.images.size(); ++i) {
    const ImageTarget& img = cs.images[i];
    std::string name = familiar(img);
    if (used[i] || std::find(suppressed.begin(), suppressed.end(), "*") != suppressed.end() ||
        std::find(suppressed.begin(), suppressed.end(), name) != suppressed.end()) {
      continue;
    }
    std::string message;
    if (cs.dc_services.empty() && !any_k8s && !any_unresourced) {
      message =
          "We could not find any deployment instructions, e.g. `k8s_yaml` or `docker_compose`.\n"
          "Skipping all image builds until we know how to deploy them.";
    } else if (!any_k8s && any_unresourced) {
      message =
          "No Kubernetes configs with images found.\n"
          "If you are using CRDs, add k8s_kind() to tell Tilt how to find images.\n"
          "https://docs.tilt.dev/api.html#api.k8s_kind";
    } else {
      message = fmt::format(
          "Image not used in any {} config:\n    \u2715 {}\nSkipping this image build\n"
          "If this is deliberate, suppress this warning with: "
          "update_settings(suppress_unused_image_warnings=[{}])",
          cs.dc_services.empty() ? "Kubernetes" : "Docker Compose", name, starlark::quote(name));
    }
    ts.manifest.warnings.emplace_back(ErrorKind::kTiltfile, std::move(message), img.pos);
    return;  // Tilt reports the first one
  }
}

static bool is_child_of_one(const std::vector<std::string>& parents, const std::string& path) {
  for (const std::string& p : parents) {
    if (path == p || path.rfind(p + "/", 0) == 0) return true;
  }
  return false;
}

// validateLiveUpdate: sync sources and fall_back_on paths must lie under
// what the image watches, or no change would ever reach them.
Result<void> check_live_update(const ImageTarget& img) {
  std::vector<std::string> watched = img.watched_paths();
  std::string shown = fmt::format("[{}]", fmt::join(watched, " "));
  for (const LiveUpdate::Sync& s : img.live_update.syncs) {
    if (!is_child_of_one(watched, s.local_path)) {
      return tl::unexpected(assembly_error(
          fmt::format("sync step source '{}' is not a child of any watched filepaths ({})",
                      s.local_path, shown),
          img.pos));
    }
  }
  for (const std::string& p : img.live_update.fall_back_on) {
    if (!is_child_of_one(watched, p)) {
      return tl::unexpected(assembly_error(
          fmt::format("fall_back_on paths '{}' is not a child of any watched filepaths ({})", p,
                      shown),
          img.pos));
    }
  }
  return {};
}

// restart_container() is deprecated for k8s resources (Docker Compose
// may still use it).
Result<void> check_restart_container(const std::vector<K8sResource>& resources,
                                     const std::vector<ImageTarget>& images) {
  std::vector<std::string> names;
  SourcePos pos;
  for (const K8sResource& r : resources) {
    for (size_t i : r.images) {
      if (!images[i].live_update.restart_container) continue;
      if (names.empty()) pos = images[i].pos;
      names.push_back(r.name);
      break;
    }
  }
  if (names.empty()) return {};
  return tl::unexpected(assembly_error(
      fmt::format("Found `restart_container()` LiveUpdate step in resource(s): [{}]. "
                  "`restart_container()`  has been deprecated for k8s resources. We recommend "
                  "the restart_process extension: "
                  "https://github.com/tilt-dev/tilt-extensions/tree/master/restart_process. For "
                  "more information, see "
                  "https://docs.tilt.dev/live_update_reference.html#restarting-your-process",
                  fmt::join(names, ", ")),
      pos));
}

Result<void> check_unconsumed_steps(const ContainerState& cs) {
  if (cs.unconsumed_steps.empty()) return {};
  std::vector<std::string> lines;
  for (const PendingStep& p : cs.unconsumed_steps)
    lines.push_back(fmt::format("{}: value '{}' of type '{}'", p.where, p.text, p.type));
  return tl::unexpected(assembly_error(
      fmt::format("found {} live_update steps that were created but not used in a live_update:\n{}",
                  cs.unconsumed_steps.size(), fmt::join(lines, "\n\t")),
      cs.unconsumed_steps.front().pos));
}

// assembleImages: a build whose Dockerfile starts FROM another build, or
// whose image_deps name one, needs it first (and uses it). A custom_build
// image_deps entry with no build is an error.
Result<void> link_image_deps(ContainerState& cs, std::vector<bool>* used) {
  auto find = [&](const std::string& text) -> size_t {
    ImageRef ref;
    std::string unused;
    if (!parse_image_ref(text, &ref, &unused)) return cs.images.size();
    for (size_t i = 0; i < cs.images.size(); ++i) {
      const ImageTarget& img = cs.images[i];
      if (img.match_name == ref.name && (!img.exact_match || img.ref_tag == ref.tag)) return i;
    }
    return cs.images.size();
  };
  for (ImageTarget& img : cs.images) {
    for (const std::string& from : img.from_images) {
      size_t i = find(from);
      if (i == cs.images.size()) continue;  // pulled, not built
      (*used)[i] = true;
      img.depends_on.push_back(i);
    }
    for (const std::string& dep : img.image_deps) {
      size_t i = find(dep);
      if (i == cs.images.size()) {
        ImageRef ref;
        std::string unused;
        parse_image_ref(dep, &ref, &unused);
        return tl::unexpected(assembly_error(
            fmt::format(
                "image {}: image dep {} not found", starlark::quote(img.ref),
                starlark::quote(ref.familiar_name() + (ref.tag.empty() ? "" : ":" + ref.tag))),
            img.pos));
      }
      (*used)[i] = true;
      img.depends_on.push_back(i);
    }
  }
  return {};
}

// assembleDC: a service's image comes from a build in the Tiltfile that
// matches it, else from its own `build:` section.
void link_dc_images(ContainerState& cs, std::vector<bool>* used) {
  for (DcService& svc : cs.dc_services) {
    DcResource& r = svc.resource;
    ImageRef ref;
    std::string unused;
    if (!parse_image_ref(r.image, &ref, &unused)) continue;
    bool linked = false;
    for (size_t i = 0; i < cs.images.size() && !linked; ++i) {
      const ImageTarget& img = cs.images[i];
      if (img.match_name == ref.name && (!img.exact_match || img.ref_tag == ref.tag)) {
        (*used)[i] = true;
        r.images.push_back(i);
        linked = true;
      }
    }
    if (linked || svc.build_context.empty()) continue;
    ImageTarget img;
    img.kind = ImageTarget::Kind::kDockerCompose;
    img.ref = r.image;
    img.match_name = ref.name;
    img.ref_tag = ref.tag;
    img.pos = r.pos;
    img.context = svc.build_context;
    img.dockerfile = svc.dockerfile;
    cs.images.push_back(std::move(img));
    used->push_back(true);
    r.images.push_back(cs.images.size() - 1);
  }
}

}  // namespace pitch::tiltfile
