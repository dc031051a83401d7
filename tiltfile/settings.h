// tiltfile/settings.h — Tiltfile-wide settings: trigger_mode(),
// TRIGGER_MODE_AUTO / TRIGGER_MODE_MANUAL, update_settings(),
// ci_settings(), watch_settings(), version_settings().
//
// Each records into Manifest::settings with Tilt's validation; defaults
// not set by the Tiltfile stay unset so the command line can supply them.
// ci_settings also takes readiness_timeout, as Tilt 0.35+ does.
#pragma once

#include "tiltfile/manifest.h"
#include "tiltfile/unpack.h"

namespace pitch::tiltfile {

// The Tilt API version pitch implements, for version_settings(constraint=).
inline constexpr const char* kTiltApiVersion = "0.32.4";

// A TRIGGER_MODE_* value ("got T, want TriggerMode").
ArgConverter to_trigger_mode(TriggerMode* out);

// Whether `version` satisfies a blang/semver range ("" matches); false
// with *error set when the range does not parse (blang's messages).
bool semver_satisfies(const std::string& range, const std::string& version, bool* ok,
                      std::string* error);

}  // namespace pitch::tiltfile
