// A fuzz target's property check: a violated one stops the run like a crash would, so that
// libFuzzer records the input.
#pragma once

#include <cstdlib>

namespace iotboot::fuzz {

inline void require(bool ok) {
  if (!ok) std::abort();
}

}  // namespace iotboot::fuzz
