// The bootstrapping keys of the seed (steps 4, 11 and 14):
//   Ks    = KDF(CK‖IK, FC=0xC0, P0 = "End-to-End_IOT")   32 octets, HSS and UE
//   Ks_AS = KDF(Ks,    FC=0xC1, P0 = AS_ID)              32 octets, SCEF and UE
// The FC values live in crypto/fc.hpp.
#pragma once

#include <string_view>

#include "crypto/kdf.hpp"
#include "crypto/types.hpp"

namespace iotboot::crypto {

Key256 derive_ks(const Key128& ck, const Key128& ik);
// The same with a Kdf already keyed with CK‖IK (shared with KASME when building a vector).
Key256 derive_ks(Kdf& ck_ik);

// as_id: the AS's FQDN, UTF-8, as configured (no case folding: both ends must use one spelling).
Key256 derive_ks_as(const Key256& ks, std::string_view as_id);

}  // namespace iotboot::crypto
