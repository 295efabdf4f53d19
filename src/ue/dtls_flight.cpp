#include "ue/dtls_flight.hpp"

#include <stdexcept>

namespace iotboot::ue::dtls {
namespace {

constexpr std::uint8_t kChangeCipherSpec = 20, kAlert = 21, kHandshake = 22;
constexpr std::uint8_t kClientHello = 1, kHelloVerifyRequest = 3, kServerHelloDone = 14, kClientKeyExchange = 16;
constexpr std::size_t kRecordHeader = 13, kHandshakeHeader = 12, kMaxIdentity = (1 << 14) - kHandshakeHeader - 2;
// TLS_PSK_WITH_AES_128_CCM_8, TLS_PSK_WITH_AES_128_GCM_SHA256, TLS_PSK_WITH_AES_128_CBC_SHA256.
constexpr std::uint16_t kSuites[] = {0xc0a8, 0x00a8, 0x00ae};

void put(std::vector<std::uint8_t>& out, std::uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

std::uint32_t get(ByteView b, std::size_t at, int bytes) {
  std::uint32_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | b[at + static_cast<std::size_t>(i)];
  return v;
}

// One handshake message, unfragmented, in one epoch-0 record.
std::vector<std::uint8_t> handshake_record(std::uint8_t type, const std::vector<std::uint8_t>& body,
                                           std::uint16_t message_seq, std::uint64_t record_seq) {
  std::vector<std::uint8_t> out;
  out.reserve(kRecordHeader + kHandshakeHeader + body.size());
  out.push_back(kHandshake);
  put(out, 0xfefd, 2);  // DTLS 1.2
  put(out, 0, 2);       // epoch
  put(out, record_seq, 6);
  put(out, kHandshakeHeader + body.size(), 2);
  out.push_back(type);
  put(out, body.size(), 3);
  put(out, message_seq, 2);
  put(out, 0, 3);  // fragment offset
  put(out, body.size(), 3);
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

}  // namespace

std::vector<std::uint8_t> client_hello(const Bytes<32>& random, ByteView cookie, std::uint16_t message_seq,
                                       std::uint64_t record_seq) {
  if (cookie.size() > 255) throw std::invalid_argument("DTLS cookie longer than 255 bytes");
  std::vector<std::uint8_t> body;
  put(body, 0xfefd, 2);
  body.insert(body.end(), random.begin(), random.end());
  body.push_back(0);  // no session id
  body.push_back(static_cast<std::uint8_t>(cookie.size()));
  body.insert(body.end(), cookie.begin(), cookie.end());
  put(body, 2 * std::size(kSuites), 2);
  for (const std::uint16_t s : kSuites) put(body, s, 2);
  body.push_back(1);  // compression methods: null only
  body.push_back(0);
  return handshake_record(kClientHello, body, message_seq, record_seq);
}

std::vector<std::uint8_t> client_key_exchange(std::string_view psk_identity, std::uint16_t message_seq,
                                              std::uint64_t record_seq) {
  // One record's plaintext is at most 2^14 bytes (RFC 6347 §4.1): the handshake header, the
  // identity's length and the identity.
  if (psk_identity.size() > kMaxIdentity) throw std::invalid_argument("PSK identity longer than 16,370 bytes");
  std::vector<std::uint8_t> body;
  put(body, psk_identity.size(), 2);
  body.insert(body.end(), psk_identity.begin(), psk_identity.end());
  return handshake_record(kClientKeyExchange, body, message_seq, record_seq);
}

ServerFlight read_server_flight(ByteView d) {
  ServerFlight f;
  std::size_t at = 0;
  while (at < d.size()) {
    if (d.size() - at < kRecordHeader) {
      f.error = "record header truncated";
      return f;
    }
    const std::uint8_t type = d[at];
    const std::uint32_t epoch = get(d, at + 3, 2);
    const std::size_t length = get(d, at + 11, 2);
    at += kRecordHeader;
    if (d.size() - at < length) {
      f.error = "record of " + std::to_string(length) + " bytes truncated";
      return f;
    }
    const ByteView record = d.subspan(at, length);
    at += length;
    if (epoch != 0 || type == kChangeCipherSpec) continue;  // encrypted: not for a client without keys
    if (type == kAlert) {
      if (record.size() != 2) {
        f.error = "alert of " + std::to_string(record.size()) + " bytes";
        return f;
      }
      f.alert = record[1];
      continue;
    }
    if (type != kHandshake) continue;
    for (std::size_t h = 0; h < record.size();) {
      if (record.size() - h < kHandshakeHeader) {
        f.error = "handshake header truncated";
        return f;
      }
      const std::uint8_t msg = record[h];
      const std::size_t total = get(record, h + 1, 3), offset = get(record, h + 6, 3), fragment = get(record, h + 9, 3);
      h += kHandshakeHeader;
      if (record.size() - h < fragment) {
        f.error = "handshake fragment of " + std::to_string(fragment) + " bytes truncated";
        return f;
      }
      const ByteView body = record.subspan(h, fragment);
      h += fragment;
      if (offset != 0 || fragment != total) continue;  // a fragment: none of the messages read here is long
      if (msg == kServerHelloDone) f.server_hello_done = true;
      if (msg == kHelloVerifyRequest) {
        if (body.size() < 3 || body.size() - 3 != body[2]) {
          f.error = "HelloVerifyRequest of " + std::to_string(body.size()) + " bytes";
          return f;
        }
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
