// HSS side of seed steps 4-5: an E-UTRAN authentication vector (TS 33.401 §6.1.2) and the
// bootstrapping key Ks derived from the same CK/IK.
#pragma once

#include "crypto/types.hpp"

namespace iotboot::crypto {

struct AuthVector {
  Rand rand;
  Res xres;
  Autn autn;
  Key256 kasme;
  Key128 ck;
  Key128 ik;
  Ak ak;
  Key256 ks;
};

// One AES key schedule for K, five AES blocks (TEMP, OUT1..OUT4), one HMAC key setup for CK‖IK
// shared by KASME and Ks.
AuthVector build_auth_vector(const Key128& k, const Key128& opc, const Rand& rand, Sqn sqn, const Amf& amf,
                             const SnId& sn_id);

}  // namespace iotboot::crypto
