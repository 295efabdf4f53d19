// The few DTLS 1.2 handshake records (RFC 6347) a client writes to get a PSK identity
// (RFC 4279) in front of a server, in the clear and without a DTLS stack, and a bounded reader
// of what the server answers: ClientHello, the server's HelloVerifyRequest cookie, the
// ClientHello again with it, ServerHelloDone, then the ClientKeyExchange that carries the
// identity. The server looks the identity up there; an unknown one costs it the lookup and
// the client nothing but a datagram. This is how `iotboot ue --made-up-gutis` floods an AS.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/bytes.hpp"

namespace iotboot::ue::dtls {

// A ClientHello record (epoch 0) offering the PSK cipher suites a CoAP server takes
// (TLS_PSK_WITH_AES_128_CCM_8 first, RFC 7925 §4.1), with the server's cookie once it gave one.
std::vector<std::uint8_t> client_hello(const Bytes<32>& random, ByteView cookie, std::uint16_t message_seq,
                                       std::uint64_t record_seq);

// A ClientKeyExchange record (epoch 0) carrying `psk_identity` (at most 16,370 bytes: one record).
std::vector<std::uint8_t> client_key_exchange(std::string_view psk_identity, std::uint16_t message_seq,
                                              std::uint64_t record_seq);

// What one datagram from the server holds, as far as the client above cares.
struct ServerFlight {
  std::optional<std::vector<std::uint8_t>> cookie;  // from a HelloVerifyRequest
  bool server_hello_done = false;
  std::optional<std::uint8_t> alert;  // the description of a clear-text alert
  std::string error;                  // a malformed datagram: what is wrong (then the rest is unread)
};

ServerFlight read_server_flight(ByteView datagram);

// "unknown_psk_identity" for 115 and the like; "alert N" for the others.
std::string alert_name(std::uint8_t description);

}  // namespace iotboot::ue::dtls
