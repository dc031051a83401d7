// tiltfile/link.h — link(url, name) and local_resource's links=.
//
// A link is a URL shown with a resource. Tilt parses it with Go's
// net/url and adds "http" when there is no scheme; parse_link reproduces
// the cases that matter (and Go's messages for the errors).
#pragma once

#include <string>
#include <vector>

#include "tiltfile/manifest.h"
#include "tiltfile/unpack.h"

namespace pitch::tiltfile {

// The URL with Tilt's default scheme, or false with Go's parse error
// ("url empty", `parse ":x": missing protocol scheme`).
bool parse_link_url(const std::string& url, std::string* out, std::string* error);

// links=: a string, a link, or a sequence of these.
ArgConverter to_links(std::vector<Link>* out);

}  // namespace pitch::tiltfile
