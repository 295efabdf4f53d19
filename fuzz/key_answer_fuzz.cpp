// Fuzzes the AS's reading of a Key API answer (what the SCEF, or anything posing as it, sends):
// never a crash, a hang or a read past the input; what parses held 64 hex digits of ksAs.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "as/key_answer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  iotboot::as::KeyAnswer answer;
  iotboot::as::parse_key_answer(std::string_view(reinterpret_cast<const char*>(data), size), answer);
  return 0;
}
