// base/source_line.h — fetch the text of one line of a source file, so a
// diagnostic made far from the parser can still show the line and a caret.
#pragma once

#include <optional>
#include <string>

#include "base/error.h"

namespace pitch {

// The text of line `line` (1-based) of `path`, without its newline; nullopt
// if the file cannot be read or is shorter.
std::optional<std::string> read_source_line(const std::string& path, int line);

// Fills error.source_line from the file when it has a position but no text.
void attach_source_line(Error& error);

}  // namespace pitch
