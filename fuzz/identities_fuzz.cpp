// Fuzzes the identity checks every network-facing text goes through (a DTLS PSK identity, a
// Key API GUTI, a Diameter User-Name): never a crash or a read past the input; a GUTI text that
// parses is exactly the canonical text of what it parsed to, and an IMSI that passes is 6 to 15
// digits.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/imsi.hpp"
#include "nas/identities.hpp"
#include "require.hpp"

using iotboot::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace iotboot;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto g = nas::Guti::parse(text)) {
    require(size <= nas::Guti::kMaxTextSize);
    require(g->text().ok() && g->text().value() == text);
    require(nas::Guti::from_binary(g->binary()) == g.value());
  }
  if (!check_imsi(text)) {
    require(size >= 6 && size <= 15);
    for (char c : text) require(c >= '0' && c <= '9');
  }
  return 0;
}
