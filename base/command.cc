#include "base/command.h"

#include <cctype>

namespace pitch {
namespace {

bool needs_quotes(const std::string& word) {
  if (word.empty()) return true;
  for (char c : word) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ||
          c == '/' || c == '=' || c == ':' || c == ',' || c == '+' || c == '@')) {
      return true;
    }
  }
  return false;
}

std::string shell_quote(const std::string& word) {
  if (!needs_quotes(word)) return word;
  std::string out = "'";
  for (char c : word) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

}  // namespace

std::string Command::display() const {
  if (shell && argv.size() == 3) return argv[2];
  std::string out;
  for (const std::string& word : argv) {
    if (!out.empty()) out += ' ';
    out += shell_quote(word);
  }
  return out;
}

Command Command::from_shell(std::string script) {
  Command c;
  if (script.empty()) return c;
  c.argv = {"sh", "-c", std::move(script)};
  c.shell = true;
  return c;
}

Command Command::from_argv(std::vector<std::string> argv) {
  Command c;
  c.argv = std::move(argv);
  return c;
}

}  // namespace pitch
