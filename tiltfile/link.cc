#include "tiltfile/link.h"

#include <fmt/format.h>

#include <cctype>

#include "tiltfile/api.h"
#include "tiltfile/starlark/ops.h"
#include "tiltfile/starlark/struct.h"

namespace pitch::tiltfile {
namespace {

using starlark::CallArgs;
using starlark::Interpreter;
using starlark::Struct;
using starlark::Value;

// A link(...) value: prints as a struct made by `link`, type "struct".
class LinkValue : public Struct {
 public:
  LinkValue(Interpreter& in, Link link)
      : Struct(in.str("link"), Fields{{"url", in.str(link.url)}, {"name", in.str(link.name)}}),
        link_(std::move(link)) {}
  const Link& link() const { return link_; }

 private:
  Link link_;
};

bool is_alpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

bool is_hex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

// Go's url.Parse errors for the text after the scheme.
bool check_rest(const std::string& url, const std::string& rest, bool has_scheme,
                std::string* error) {
  for (size_t i = 0; i < url.size(); ++i) {
    if (url[i] == '%' && (i + 2 >= url.size() || !is_hex(url[i + 1]) || !is_hex(url[i + 2]))) {
      std::string esc = url.substr(i, std::min<size_t>(3, url.size() - i));
      *error = fmt::format("parse {}: invalid URL escape {}", starlark::quote(url),
                           starlark::quote(esc));
      return false;
    }
  }
  if (!has_scheme) {
    size_t end = rest.find_first_of("/?#");
    if (rest.substr(0, end).find(':') != std::string::npos) {
      *error = fmt::format("parse {}: first path segment in URL cannot contain colon",
                           starlark::quote(url));
      return false;
    }
  }
  if (rest.rfind("//", 0) == 0) {
    std::string authority = rest.substr(2, rest.find_first_of("/?#", 2) - 2);
    std::string host = authority.substr(authority.find('@') + 1);
    for (char c : host) {
      if (c == ' ' || c == '<' || c == '>' || c == '"' || c == '{' || c == '}' || c == '|' ||
          c == '\\' || c == '^' || c == '`') {
        *error = fmt::format("parse {}: invalid character {} in host name", starlark::quote(url),
                             starlark::quote(std::string(1, c)));
        return false;
      }
    }
  }
  return true;
}

Value link(Interpreter& in, const CallArgs& args) {
  Link l;
  std::string url;
  if (!unpack(in, "link", args, {{"url", to_string(&url)}, {"name?", to_string(&l.name)}}))
    return Value();
  std::string error;
  if (!parse_link_url(url, &l.url, &error))
    return in.failf("validating URL {}: {}", starlark::quote(url), error);
  return Value(in.heap().make<LinkValue>(in, std::move(l)));
}

}  // namespace

bool parse_link_url(const std::string& url, std::string* out, std::string* error) {
  if (url.empty()) {
    *error = "url empty";
    return false;
  }
  for (char c : url) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      *error =
          fmt::format("parse {}: net/url: invalid control character in URL", starlark::quote(url));
      return false;
    }
  }
  // Go's getScheme: letters, then letters, digits, '+', '-', '.', then ':'.
  std::string scheme;
  for (size_t i = 0; i < url.size(); ++i) {
    char c = url[i];
    if (is_alpha(c)) continue;
    if (is_digit(c) || c == '+' || c == '-' || c == '.') {
      if (i == 0) break;
      continue;
    }
    if (c == ':') {
      if (i == 0) {
        *error = fmt::format("parse {}: missing protocol scheme", starlark::quote(url));
        return false;
      }
      scheme = url.substr(0, i);
    }
    break;
  }
  std::string rest = scheme.empty() ? url : url.substr(scheme.size() + 1);
  if (!check_rest(url, rest, !scheme.empty(), error)) return false;
  if (scheme.empty()) {
    *out = rest.rfind("//", 0) == 0 ? "http:" + rest : "http://" + rest;
  } else {
    for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    *out = scheme + ":" + rest;
  }
  return true;
}

ArgConverter to_links(std::vector<Link>* out) {
  return [out](Interpreter& in, Value v, std::string* err) {
    out->clear();
    for (Value item : value_or_sequence(in, v)) {
      if (item.is_string()) {
        std::string_view s = item.as<starlark::String>()->str();
        Link l;
        std::string error;
        if (!parse_link_url(std::string(s), &l.url, &error)) {
          *err = fmt::format("validating URL {}: {}", starlark::quote(s), error);
          return false;
        }
        out->push_back(std::move(l));
        continue;
      }
      const auto* lv = starlark::is_host(item)
                           ? dynamic_cast<const LinkValue*>(starlark::as_host(item))
                           : nullptr;
      if (lv == nullptr) {
        *err = fmt::format("`Want a string, a link, or a sequence of these; found {} (type: {})",
                           go_value(item), go_type(item));
        return false;
      }
      out->push_back(lv->link());
    }
    return true;
  };
}

void add_link_api(Interpreter& in, Predeclared& names) {
  names["link"] = make_builtin(in, "link", link);
}

}  // namespace pitch::tiltfile
