#include "nas/security.hpp"

#include <cstring>
#include <stdexcept>

namespace iotboot::nas {
namespace {

constexpr std::uint8_t kNasBearer = 0;

const crypto::NasKeys& supported(const crypto::NasKeys& keys, crypto::CipheringAlgorithm enc,
                                 crypto::IntegrityAlgorithm integrity) {
  if (integrity != crypto::IntegrityAlgorithm::eia2)
    throw std::invalid_argument("only 128-EIA2 integrity is supported");
  if (enc != crypto::CipheringAlgorithm::eea0 && enc != crypto::CipheringAlgorithm::eea2) {
    throw std::invalid_argument("only EEA0 and 128-EEA2 ciphering are supported");
  }
  return keys;
}

bool ciphered(SecurityHeader h) {
  return h == SecurityHeader::integrity_ciphered || h == SecurityHeader::integrity_ciphered_new_context;
}

}  // namespace

std::optional<SecurityHeader> security_header_of(ByteView pdu) noexcept {
  if (pdu.empty() || (pdu[0] & 0x0f) != kEmmProtocolDiscriminator) return std::nullopt;
  const std::uint8_t h = pdu[0] >> 4;
  if (h > 4) return std::nullopt;
  return static_cast<SecurityHeader>(h);
}

SecurityContext::SecurityContext(std::uint8_t ksi, const Key256& kasme, crypto::CipheringAlgorithm enc,
                                 crypto::IntegrityAlgorithm integrity, bool sends_uplink)
    : SecurityContext(ksi, crypto::derive_nas_keys(kasme, enc, integrity), enc, integrity, sends_uplink) {}

SecurityContext::SecurityContext(std::uint8_t ksi, const crypto::NasKeys& keys, crypto::CipheringAlgorithm enc,
                                 crypto::IntegrityAlgorithm integrity, bool sends_uplink)
    : ksi_(ksi),
      enc_alg_(enc),
      int_alg_(integrity),
      send_dir_(sends_uplink ? crypto::Direction::uplink : crypto::Direction::downlink),
      receive_dir_(sends_uplink ? crypto::Direction::downlink : crypto::Direction::uplink),
      eia2_(supported(keys, enc, integrity).integrity) {
  if (enc == crypto::CipheringAlgorithm::eea2) eea2_.emplace(keys.enc);
}

std::vector<std::uint8_t> SecurityContext::protect(ByteView plain_message, SecurityHeader header) {
  const std::uint32_t count = send_count_ & 0xffffff;
  ++send_count_;
  std::vector<std::uint8_t> out(6 + plain_message.size());
  out[0] = static_cast<std::uint8_t>(static_cast<std::uint8_t>(header) << 4 | kEmmProtocolDiscriminator);
  out[5] = static_cast<std::uint8_t>(count);
  std::memcpy(out.data() + 6, plain_message.data(), plain_message.size());
  if (ciphered(header) && eea2_) {
    eea2_->apply(count, kNasBearer, send_dir_, MutableByteView(out.data() + 6, plain_message.size()));
  }
  const Bytes<4> mac = eia2_.mac(count, kNasBearer, send_dir_, ByteView(out.data() + 5, out.size() - 5));
  std::memcpy(out.data() + 1, mac.data(), 4);
  return out;
}

Result<std::vector<std::uint8_t>, UnprotectError> SecurityContext::unprotect(ByteView pdu) {
  const auto header = security_header_of(pdu);
  if (!header || *header == SecurityHeader::plain || pdu.size() < 7) return UnprotectError::malformed;
  // Estimate the 24-bit NAS COUNT from the 8-bit sequence number (TS 24.301 §4.4.3.1).
  const std::uint8_t sqn = pdu[5];
  std::uint32_t count = sqn;
  if (last_received_) {
    std::uint32_t overflow = *last_received_ >> 8;
    if (sqn <= (*last_received_ & 0xff)) ++overflow;
    count = (overflow << 8 | sqn) & 0xffffff;
  }
  const Bytes<4> mac = eia2_.mac(count, kNasBearer, receive_dir_, pdu.subspan(5));
  if (std::memcmp(mac.data(), pdu.data() + 1, 4) != 0) return UnprotectError::mac_mismatch;
  if (last_received_ && count <= *last_received_) return UnprotectError::replayed;
  last_received_ = count;
  std::vector<std::uint8_t> message(pdu.begin() + 6, pdu.end());
  if (ciphered(*header) && eea2_) eea2_->apply(count, kNasBearer, receive_dir_, message);
  return message;
}

}  // namespace iotboot::nas
