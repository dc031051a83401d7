// base/command.h — a command as Tilt declares it: a string runs under
// `sh -c`, a list runs as argv directly. Kept as argv plus the text the user
// wrote, so output and fingerprints show what was declared.
#pragma once

#include <string>
#include <vector>

namespace pitch {

struct Command {
  // Empty when no command was given.
  std::vector<std::string> argv;
  // True when the user gave a string (argv is {"sh", "-c", text}).
  bool shell = false;

  bool empty() const { return argv.empty(); }
  // What to show people: the shell string, or the argv joined with spaces
  // (quoted where needed).
  std::string display() const;

  static Command from_shell(std::string script);
  static Command from_argv(std::vector<std::string> argv);

  friend bool operator==(const Command&, const Command&) = default;
};

}  // namespace pitch
