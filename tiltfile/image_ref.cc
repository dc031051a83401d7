#include "tiltfile/image_ref.h"

#include <algorithm>
#include <cctype>
#include <regex>

namespace pitch::tiltfile {
namespace {

const std::regex& reference_regex() {
  // distribution/reference's grammar: name[:tag][@digest].
  static const std::regex re(
      R"(^((?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?/)?)"
      R"([a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*)*))"
      R"((?::([\w][\w.-]{0,127}))?(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?$)");
  return re;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

std::string ImageRef::familiar_name() const {
  const std::string kLibrary = "docker.io/library/";
  const std::string kDocker = "docker.io/";
  if (name.rfind(kLibrary, 0) == 0 && name.find('/', kLibrary.size()) == std::string::npos)
    return name.substr(kLibrary.size());
  if (name.rfind(kDocker, 0) == 0) return name.substr(kDocker.size());
  return name;
}

bool parse_image_ref(const std::string& text, ImageRef* out, std::string* error) {
  // splitDockerDomain: the first component is a domain when it looks like
  // one (has '.' or ':', or is localhost, or has upper case).
  std::string domain = "docker.io";
  std::string remainder = text;
  size_t slash = text.find('/');
  if (slash != std::string::npos) {
    std::string first = text.substr(0, slash);
    if (first.find_first_of(".:") != std::string::npos || first == "localhost" ||
        lower(first) != first) {
      domain = first;
      remainder = text.substr(slash + 1);
    }
  }
  if (domain == "index.docker.io") domain = "docker.io";
  if (domain == "docker.io" && remainder.find('/') == std::string::npos)
    remainder = "library/" + remainder;
  std::string remote = remainder.substr(0, remainder.find(':'));
  if (lower(remote) != remote) {
    *error = "invalid reference format: repository name must be lowercase";
    return false;
  }
  std::smatch m;
  std::string full = domain + "/" + remainder;
  if (!std::regex_match(full, m, reference_regex())) {
    *error = "invalid reference format";
    return false;
  }
  out->name = m[1].str();
  if (out->name.size() > 255) {
    *error = "repository name must not be more than 255 characters";
    return false;
  }
  out->tag = m[2].str();
  out->digest = m[3].str();
  return true;
}

}  // namespace pitch::tiltfile
