// Fuzzes the subscriber CSV reader (`iotboot subscriber import`, `iotboot ue --subscribers`):
// never a crash, a hang or a read past the input; a failure names its line and never quotes a
// field; every subscriber read has a valid IMSI and an E-UTRAN AMF.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/imsi.hpp"
#include "provisioning/subscriber_csv.hpp"
#include "require.hpp"

using iotboot::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace iotboot;
  auto r = provisioning::read_subscribers(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!r) {
    require(r.error().reason.rfind("line ", 0) == 0);
    return 0;
  }
  for (const auto& s : r.value()) {
    require(!check_imsi(s.imsi).has_value());
    require(crypto::has_separation_bit(s.amf));
  }
  return 0;
}
