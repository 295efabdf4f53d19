// EPS key hierarchy below CK/IK (TS 33.401 Annex A): KASME and the NAS keys.
#pragma once

#include "crypto/kdf.hpp"
#include "crypto/types.hpp"

namespace iotboot::crypto {

// CK‖IK, the key of the KASME and Ks derivations.
Key256 join_ck_ik(const Key128& ck, const Key128& ik);

// KASME = KDF(CK‖IK, FC=0x10, P0 = SN id, P1 = SQN ⊕ AK)   (A.2)
Key256 derive_kasme(const Key128& ck, const Key128& ik, const SnId& sn_id, const Bytes<6>& sqn_xor_ak);
// The same with a Kdf already keyed with CK‖IK.
Key256 derive_kasme(Kdf& ck_ik, const SnId& sn_id, const Bytes<6>& sqn_xor_ak);

// Algorithm identities (TS 33.401 §5.1.3/§5.1.4): EEA0..3 and EIA0..3.
enum class CipheringAlgorithm : std::uint8_t { eea0 = 0, eea1 = 1, eea2 = 2, eea3 = 3 };
enum class IntegrityAlgorithm : std::uint8_t { eia0 = 0, eia1 = 1, eia2 = 2, eia3 = 3 };

struct NasKeys {
  Key128 enc;        // KNASenc
  Key128 integrity;  // KNASint
};

// K_NASenc / K_NASint = the low 128 bits of KDF(KASME, FC=0x15, P0 = distinguisher
// (0x01 NAS-enc, 0x02 NAS-int), P1 = algorithm identity)   (A.7)
NasKeys derive_nas_keys(const Key256& kasme, CipheringAlgorithm enc, IntegrityAlgorithm integrity);

}  // namespace iotboot::crypto
