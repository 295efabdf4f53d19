// Fuzzes the Key API's request parsing (the body an application server POSTs): never a crash,
// a hang or a read past the input; what parses has a 10-octet GUTI whose text form parses back
// to it and an asId that is a valid FQDN.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/fqdn.hpp"
#include "nas/identities.hpp"
#include "require.hpp"
#include "scef/key_request.hpp"

using iotboot::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace iotboot;
  auto r = scef::parse_key_request(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!r) {
    require(!r.error().reason.empty());
    return 0;
  }
  require(!check_fqdn(r->as_id).has_value());
  const nas::Guti g = nas::Guti::from_binary(r->guti);
  auto text = g.text();
  require(text.ok());
  auto back = nas::Guti::parse(text.value());
  require(back.ok() && back->binary() == r->guti);
  return 0;
}
