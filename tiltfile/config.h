// tiltfile/config.h — Tilt's `config` module: define_string,
// define_string_list, define_bool, define_object, parse, the enabled
// resources, tilt_subcommand, main_path and main_dir.
//
// config.parse() reads tilt_config.json beside the calling Tiltfile, then
// the Tiltfile arguments with pflag's rules (--name=value, --name value,
// bare --flag for bools, one positional setting via args=True), arguments
// winning over the file. Usage errors list the defined flags as pflag
// prints them, word for word as Tilt does.
#pragma once

#include <string>
#include <vector>

#include "tiltfile/state.h"

namespace pitch::tiltfile {

struct ConfigSetting {
  enum class Kind { kString, kStringList, kBool, kObject };
  std::string name;
  Kind kind;
  std::string usage;
};

struct ConfigState {
  std::vector<ConfigSetting> settings;  // in definition order
  std::string positional;               // the args=True setting, if any
  bool parse_called = false;
  std::string parse_dir;  // directory of the first config.parse() call
};

// After evaluation: without config.parse(), the Tiltfile arguments select
// resources (when set_enabled_resources did not), as in Tilt.
void resolve_enabled(TiltfileState& state);

}  // namespace pitch::tiltfile
