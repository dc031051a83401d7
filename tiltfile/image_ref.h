// tiltfile/image_ref.h — Docker image references as Tilt parses and
// matches them (distribution/reference's normalised names).
//
// "web" is docker.io/library/web; "gcr.io/p/web:dev" keeps its domain.
// A build matches an image in YAML by repository name, ignoring the tag,
// unless two builds share the name (then the tag must match too).
#pragma once

#include <string>

namespace pitch::tiltfile {

struct ImageRef {
  std::string name;  // normalised: "docker.io/library/web"
  std::string tag;   // "" when none
  std::string digest;
  // "web", "gcr.io/p/web": the name without docker.io/library/.
  std::string familiar_name() const;
};

// Parses as Tilt's container.ParseNamed does; false with *error set to
// distribution/reference's message ("invalid reference format", ...).
bool parse_image_ref(const std::string& text, ImageRef* out, std::string* error);

}  // namespace pitch::tiltfile
