// Fuzzes the AS's reading of a Key API answer (what the SCEF, or anything posing as it, sends):
// never a crash, a hang or a read past the input; what parses held 64 hex digits of ksAs.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "as/key_answer.hpp"
#include "require.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  iotboot::as::KeyAnswer answer;
  iotboot::as::parse_key_answer(std::string_view(reinterpret_cast<const char*>(data), size), answer);
  // A device identity that passed goes into HTTP headers: never a byte that could break one.
  iotboot::fuzz::require(answer.device.id.find_first_of(std::string_view("\r\n \0\"", 5)) == std::string::npos);
  iotboot::fuzz::require(answer.device.id.empty() == answer.device.type.empty());
  return 0;
}
