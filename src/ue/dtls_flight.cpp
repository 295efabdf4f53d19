#include "ue/dtls_flight.hpp"

#include <array>
#include <stdexcept>

#include "nas/buffer.hpp"

namespace iotboot::ue::dtls {
namespace {

constexpr std::uint8_t kChangeCipherSpec = 20, kAlert = 21, kHandshake = 22;
constexpr std::uint8_t kClientHello = 1, kHelloVerifyRequest = 3, kServerHelloDone = 14, kClientKeyExchange = 16;
constexpr std::size_t kRecordHeader = 13, kHandshakeHeader = 12, kMaxIdentity = (1 << 14) - kHandshakeHeader - 2;
// TLS_PSK_WITH_AES_128_CCM_8, TLS_PSK_WITH_AES_128_GCM_SHA256, TLS_PSK_WITH_AES_128_CBC_SHA256.
constexpr std::uint16_t kSuites[] = {0xc0a8, 0x00a8, 0x00ae};

// A 24-bit length or offset (RFC 6347's uint24), through the bounded reader.
std::size_t u24(nas::Reader& in) {
  const ByteView b = in.take(3);
  return b.empty() ? 0 : (std::size_t{b[0]} << 16) | (std::size_t{b[1]} << 8) | b[2];
}

// One handshake message, unfragmented, in one epoch-0 record.
std::vector<std::uint8_t> handshake_record(std::uint8_t type, const std::vector<std::uint8_t>& body,
                                           std::uint16_t message_seq, std::uint64_t record_seq) {
  std::vector<std::uint8_t> out;
  out.reserve(kRecordHeader + kHandshakeHeader + body.size());
  nas::Writer w(out);
  w.u8(kHandshake);
  w.u16(0xfefd);  // DTLS 1.2
  w.u16(0);       // epoch
  w.bytes(store_be<6>(record_seq));
  w.u16(static_cast<std::uint16_t>(kHandshakeHeader + body.size()));
  w.u8(type);
  w.bytes(store_be<3>(body.size()));
  w.u16(message_seq);
  w.bytes(store_be<3>(0));  // fragment offset
  w.bytes(store_be<3>(body.size()));
  w.bytes(body);
  return out;
}

}  // namespace

std::vector<std::uint8_t> client_hello(const Bytes<32>& random, ByteView cookie, std::uint16_t message_seq,
                                       std::uint64_t record_seq) {
  if (cookie.size() > 255) throw std::invalid_argument("DTLS cookie longer than 255 bytes");
  std::vector<std::uint8_t> body;
  nas::Writer w(body);
  w.u16(0xfefd);
  w.bytes(random);
  w.lv(ByteView());  // no session id
  w.lv(cookie);
  w.u16(static_cast<std::uint16_t>(2 * std::size(kSuites)));
  for (const std::uint16_t suite : kSuites) w.u16(suite);
  w.lv(std::array<std::uint8_t, 1>{0});  // compression methods: null only
  return handshake_record(kClientHello, body, message_seq, record_seq);
}

std::vector<std::uint8_t> client_key_exchange(std::string_view psk_identity, std::uint16_t message_seq,
                                              std::uint64_t record_seq) {
  // One record's plaintext is at most 2^14 bytes (RFC 6347 §4.1): the handshake header, the
  // identity's length and the identity.
  if (psk_identity.size() > kMaxIdentity) throw std::invalid_argument("PSK identity longer than 16,370 bytes");
  std::vector<std::uint8_t> body;
  nas::Writer(body).lv_e(bytes_of(psk_identity));
  return handshake_record(kClientKeyExchange, body, message_seq, record_seq);
}

ServerFlight read_server_flight(ByteView d) {
  ServerFlight f;
  const auto malformed = [&f](std::string why) {
    f.error = std::move(why);
    return f;
  };
  nas::Reader in(d);
  while (!in.empty()) {
    if (in.remaining() < kRecordHeader) return malformed("record header truncated");
    const std::uint8_t type = in.u8();
    in.u16();  // version
    const std::uint16_t epoch = in.u16();
    in.take(6);  // sequence number
    const std::size_t length = in.u16();
    if (in.remaining() < length) return malformed("record of " + std::to_string(length) + " bytes truncated");
    const ByteView record = in.take(length);
    if (epoch != 0 || type == kChangeCipherSpec) continue;  // encrypted: not for a client without keys
    if (type == kAlert) {
      if (record.size() != 2) return malformed("alert of " + std::to_string(record.size()) + " bytes");
      f.alert = record[1];
      continue;
    }
    if (type != kHandshake) continue;
    nas::Reader messages(record);
    while (!messages.empty()) {
      if (messages.remaining() < kHandshakeHeader) return malformed("handshake header truncated");
      const std::uint8_t msg = messages.u8();
      const std::size_t total = u24(messages);
      messages.u16();  // message_seq
      const std::size_t offset = u24(messages), fragment = u24(messages);
      if (messages.remaining() < fragment)
        return malformed("handshake fragment of " + std::to_string(fragment) + " bytes truncated");
      const ByteView body = messages.take(fragment);
      if (offset != 0 || fragment != total) continue;  // a fragment: none of the messages read here is long
      if (msg == kServerHelloDone) f.server_hello_done = true;
      if (msg == kHelloVerifyRequest) {
        if (body.size() < 3 || body.size() - 3 != body[2])
          return malformed("HelloVerifyRequest of " + std::to_string(body.size()) + " bytes");
        f.cookie.emplace(body.begin() + 3, body.end());
      }
    }
  }
  return f;
}

std::string alert_name(std::uint8_t description) {
  switch (description) {
    case 10: return "unexpected_message";
    case 20: return "bad_record_mac";
    case 40: return "handshake_failure";
    case 47: return "illegal_parameter";
    case 50: return "decode_error";
    case 51: return "decrypt_error";
    case 80: return "internal_error";
    case 115: return "unknown_psk_identity";
    default: return "alert " + std::to_string(description);
  }
}

}  // namespace iotboot::ue::dtls
