// tiltfile/container_checks.h — the checks and links Tilt makes once the
// Kubernetes resources are assembled (k8s_assemble.cc): images needed by
// other images, Docker Compose images, unused builds, live-update paths,
// restart_container on k8s, live_update steps never used.
#pragma once

#include <vector>

#include "tiltfile/container_state.h"

namespace pitch::tiltfile {

// An error of the assembly, positioned at `pos`.
Error assembly_error(std::string message, const SourcePos& pos);

// Dockerfile FROM / custom_build image_deps: ImageTarget::depends_on, and
// the needed builds marked used. A missing image_deps build is an error.
Result<void> link_image_deps(ContainerState& cs, std::vector<bool>* used);
// Each Docker Compose service's image: a matching build, else one made
// from its build section (appended to cs.images and *used).
void link_dc_images(ContainerState& cs, std::vector<bool>* used);
// The first unused, unsuppressed build becomes Tilt's warning.
void warn_unused_images(TiltfileState& ts, const ContainerState& cs, const std::vector<bool>& used,
                        bool any_k8s, bool any_unresourced);
Result<void> check_live_update(const ImageTarget& img);
Result<void> check_restart_container(const std::vector<K8sResource>& resources,
                                     const std::vector<ImageTarget>& images);
Result<void> check_unconsumed_steps(const ContainerState& cs);

}  // namespace pitch::tiltfile
