// Re-synchronisation token (TS 33.102 §6.3.3, §6.3.5):
//   AUTS = (SQN_MS ⊕ f5*(RAND)) ‖ f1*(SQN_MS ‖ RAND ‖ AMF = 0x0000)
#pragma once

#include "crypto/types.hpp"

namespace iotboot::crypto {

// USIM side, on a synch failure.
Auts build_auts(const Key128& k, const Key128& opc, const Rand& rand, Sqn sqn_ms);

// HSS side: SQN_MS recovered with f5*, and whether MAC-S verifies. A forged AUTS gives
// mac_s_valid == false and its SQN_MS must not be used.
struct AutsCheck {
  Sqn sqn_ms;
  bool mac_s_valid = false;
};
AutsCheck verify_auts(const Key128& k, const Key128& opc, const Rand& rand, const Auts& auts);

}  // namespace iotboot::crypto
