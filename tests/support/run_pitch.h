// tests/support/run_pitch.h — run the real `pitch` binary (from the
// PITCH_BINARY environment variable CTest sets) and capture what it printed.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace pitch::testing {

struct PitchOutput {
  int exit_code = -1;  // 128 + signal when killed by a signal
  std::string out;
  std::string err;
};

// Runs pitch with `args` in directory `cwd`, with `extra_env` ("K=V")
// added to the environment. Kills it and fails the test past `limit`.
PitchOutput run_pitch(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                      const std::vector<std::string>& extra_env = {},
                      std::chrono::seconds limit = std::chrono::seconds(60));

std::string pitch_binary();

}  // namespace pitch::testing
