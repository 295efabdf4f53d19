// Fuzzes the reader of what an AS answers a made-up handshake (`iotboot ue --made-up-gutis`):
// never a crash or a read past the datagram; a cookie it returns fits in a ClientHello, which
// then carries it byte for byte.
#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "require.hpp"
#include "ue/dtls_flight.hpp"

using iotboot::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace iotboot;
  const ue::dtls::ServerFlight f = ue::dtls::read_server_flight(ByteView(data, size));
  if (f.cookie) {
    require(f.cookie->size() <= 255 && f.cookie->size() < size);
    const auto hello = ue::dtls::client_hello(Bytes<32>{}, *f.cookie, 1, 1);
    require(std::equal(f.cookie->begin(), f.cookie->end(), hello.begin() + 25 + 36));
  }
  if (f.alert) (void)ue::dtls::alert_name(*f.alert);
  return 0;
}
