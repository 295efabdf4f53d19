// Function codes (FC) of the TS 33.220 Annex B key derivation function, in one place.
#pragma once

#include <cstdint>
#include <string_view>

namespace iotboot::crypto::fc {

inline constexpr std::uint8_t kKasme = 0x10;    // TS 33.401 A.2
inline constexpr std::uint8_t kNasKeys = 0x15;  // TS 33.401 A.7 (NAS and AS algorithm keys)

// This project's own choices: the bootstrapping study (the seed, steps 4 and 11) assigned no FC
// values. None collides with an FC of the derivations this system performs. docs/keys.md
// explains them; changing Ks's or Ks_AS's breaks every deployed UE, and changing
// the deviceId's changes every AS's pseudonyms.
inline constexpr std::uint8_t kKs = 0xC0;    // Ks    = KDF(CK‖IK, 0xC0, "End-to-End_IOT")
inline constexpr std::uint8_t kKsAs = 0xC1;  // Ks_AS = KDF(Ks, 0xC1, AS_ID)
// Not a key: the pseudonym deviceId = KDF(secret, 0xC2, IMSI, AS_ID) (crypto/device_id.hpp).
inline constexpr std::uint8_t kDeviceId = 0xC2;

inline constexpr std::string_view kKsLabel = "End-to-End_IOT";

}  // namespace iotboot::crypto::fc
