// UE side of seed steps 7 and 11: the USIM's and ME's checks of an authentication challenge
// (TS 33.102 §6.3.3, TS 33.401 §6.1.1) in the order the specifications give: MAC-A (else
// MAC failure, EMM cause #20), SQN freshness (else synch failure #21 with AUTS), then the AMF
// separation bit (else #26, non-EPS authentication unacceptable). The SQN is accepted only
// when all three pass.
#pragma once

#include "crypto/sqn.hpp"
#include "crypto/types.hpp"

namespace iotboot::crypto {

enum class AkaOutcome {
  success,
  mac_failure,
  synch_failure,
  amf_not_eps,
};

struct UsimResponse {
  AkaOutcome outcome = AkaOutcome::mac_failure;
  Freshness freshness = Freshness::fresh;  // why, on a synch failure
  Res res;                                 // on success
  Key128 ck;                               // on success
  Key128 ik;                               // on success
  Sqn sqn;                                 // the network's SQN, on success
  Bytes<6> sqn_xor_ak;                     // on success: P1 of the KASME derivation
  Auts auts;                               // on synch failure
};

UsimResponse usim_authenticate(const Key128& k, const Key128& opc, UsimSqnState& sqn_state, const Rand& rand,
                               const Autn& autn);

}  // namespace iotboot::crypto
