// libFuzzer target: scanner + parser + resolver + evaluation of arbitrary
// bytes as a Tiltfile-dialect Starlark file, with a step budget so that
// endless loops end. Any crash, hang or sanitizer report is a bug; each
// crasher found becomes a regression file in tests/fuzz/regressions/.
#include <cstddef>
#include <cstdint>
#include <string>

#include "tiltfile/starlark/interpreter.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace pitch::starlark;
  Hooks hooks;
  hooks.print = [](std::string_view) {};
  Limits limits;
  limits.max_steps = 200'000;
  limits.max_call_depth = 200;
  Interpreter interpreter(std::move(hooks), limits);
  std::string source(reinterpret_cast<const char*>(data), size);
  (void)interpreter.exec_file("fuzz.star", std::move(source), Dialect::tilt(), {});
  return 0;
}
