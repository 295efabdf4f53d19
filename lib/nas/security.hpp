// NAS security (TS 24.301 §4.4, §9.1; TS 33.401 §7.2): an EPS security context and the
// protection of NAS messages. A protected message is
//   octet 1: security header type (high nibble) | protocol discriminator 7 (EMM)
//   octets 2-5: MAC   octet 6: sequence number (low 8 bits of NAS COUNT)   octets 7-: message
// The MAC (128-EIA2) covers the sequence number and the message as sent (after ciphering), with
// COUNT = 0 ‖ NAS overflow (16) ‖ NAS SQN (8), BEARER 0, DIRECTION 0 uplink / 1 downlink;
// 128-EEA2 (or EEA0) ciphers the message.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/bytes.hpp"
#include "core/result.hpp"
#include "core/secret.hpp"
#include "crypto/eps_keys.hpp"
#include "crypto/nas_security.hpp"

namespace iotboot::nas {

enum class SecurityHeader : std::uint8_t {
  plain = 0,
  integrity = 1,
  integrity_ciphered = 2,
  integrity_new_context = 3,
  integrity_ciphered_new_context = 4,
};

inline constexpr std::uint8_t kEmmProtocolDiscriminator = 0x07;
inline constexpr std::uint8_t kEsmProtocolDiscriminator = 0x02;

// The security header type of a NAS PDU (its first octet's high nibble), or nullopt when the
// PDU is empty or not EMM.
std::optional<SecurityHeader> security_header_of(ByteView pdu) noexcept;

enum class UnprotectError {
  malformed,     // too short, or a security header type this context does not take
  mac_mismatch,  // integrity check failed
  replayed,      // NAS COUNT not newer than the last one accepted
};

class SecurityContext {
 public:
  // role_uplink: true for the UE (sends uplink), false for the MME (sends downlink).
  SecurityContext(std::uint8_t ksi, const Key256& kasme, crypto::CipheringAlgorithm enc,
                  crypto::IntegrityAlgorithm integrity, bool sends_uplink);

  std::uint8_t ksi() const noexcept { return ksi_; }
  crypto::CipheringAlgorithm ciphering() const noexcept { return enc_alg_; }
  crypto::IntegrityAlgorithm integrity() const noexcept { return int_alg_; }
  std::uint32_t next_send_count() const noexcept { return send_count_; }

  // Protects a plain NAS message; `header` says whether it is ciphered (2, 4) or not (1, 3).
  std::vector<std::uint8_t> protect(ByteView plain_message, SecurityHeader header);
  // Checks and deciphers a received protected PDU; returns the plain NAS message.
  Result<std::vector<std::uint8_t>, UnprotectError> unprotect(ByteView pdu);

 private:
  SecurityContext(std::uint8_t ksi, const crypto::NasKeys& keys, crypto::CipheringAlgorithm enc,
                  crypto::IntegrityAlgorithm integrity, bool sends_uplink);

  std::uint8_t ksi_;
  crypto::CipheringAlgorithm enc_alg_;
  crypto::IntegrityAlgorithm int_alg_;
  crypto::Direction send_dir_, receive_dir_;
  crypto::Eia2 eia2_;
  std::optional<crypto::Eea2> eea2_;
  std::uint32_t send_count_ = 0;
  std::optional<std::uint32_t> last_received_;
};

}  // namespace iotboot::nas
