// The USIM of a simulated UE: its identity and keys, and the SQN_MS state it checks
// challenges against (TS 33.102 Annex C).
#pragma once

#include <string>

#include "crypto/sqn.hpp"
#include "crypto/usim_aka.hpp"

namespace iotboot::ue {

class Usim {
 public:
  Usim(std::string imsi, const Key128& k, const Key128& opc, crypto::SqnPolicy policy = {})
      : imsi_(std::move(imsi)), k_(k), opc_(opc), sqn_(policy) {}

  const std::string& imsi() const noexcept { return imsi_; }
  crypto::UsimResponse authenticate(const crypto::Rand& rand, const crypto::Autn& autn) {
    return crypto::usim_authenticate(k_, opc_, sqn_, rand, autn);
  }
  crypto::UsimSqnState& sqn_state() noexcept { return sqn_; }

 private:
  std::string imsi_;
  Key128 k_;
  Key128 opc_;
  crypto::UsimSqnState sqn_;
};

}  // namespace iotboot::ue
