// Sequence number management of TS 33.102 Annex C: SQN = SEQ ‖ IND.
//  - the HSS side allocates SEQ+1 per vector and cycles IND (C.1.1, C.3.2);
//  - the USIM side keeps SEQ_MS per IND value and checks freshness (C.2), with the limit Δ on
//    how far ahead a SEQ may jump and the limit L on how far behind the highest accepted SEQ
//    a SEQ may still be accepted.
#pragma once

#include <cstdint>
#include <vector>

#include "crypto/types.hpp"

namespace iotboot::crypto {

struct SqnPolicy {
  unsigned ind_bits = 5;                         // TS 33.102 C.3.2: a = 2^5 array entries
  std::uint64_t delta = std::uint64_t{1} << 28;  // Δ (C.2.1), the value USIMs commonly use
  // L (C.2.2) is optional and left to the operator; 1024 tolerates any plausible number of
  // vectors held unused by serving nodes while refusing a vector from long ago.
  std::uint64_t age_limit = 1024;
};

// HSS: the SQN to hand out after `last` (the last SQN handed out, or 0 for none yet).
Sqn next_sqn(Sqn last, unsigned ind_bits) noexcept;

// HSS, on a verified AUTS: the SQN_HE to store so that the next vector is fresh for the USIM
// and no SQN already handed out is handed out again (SEQ never moves backwards).
Sqn sqn_after_resync(Sqn sqn_he, Sqn sqn_ms, unsigned ind_bits) noexcept;

enum class Freshness {
  fresh,
  replayed,       // SEQ ≤ SEQ_MS(IND): already used, or older than one used in this slot
  too_far_ahead,  // SEQ − SEQ_MS > Δ
  too_old,        // SEQ_MS − SEQ ≥ L
};

// USIM: the array SEQ_MS(0..2^IND−1) and the highest SEQ accepted so far.
class UsimSqnState {
 public:
  explicit UsimSqnState(SqnPolicy policy = {});

  Freshness check(Sqn sqn) const noexcept;
  void accept(Sqn sqn) noexcept;  // after a successful check
  // SQN_MS for AUTS: the highest SQN accepted so far (0 when none).
  Sqn sqn_ms() const noexcept { return highest_; }
  const SqnPolicy& policy() const noexcept { return policy_; }
  // For a USIM whose state is stored: the SEQ_MS per IND, and restoring it.
  const std::vector<std::uint64_t>& seq_ms() const noexcept { return seq_ms_; }
  void restore(const std::vector<std::uint64_t>& seq_ms, Sqn highest);

 private:
  SqnPolicy policy_;
  std::vector<std::uint64_t> seq_ms_;
  Sqn highest_;
};

}  // namespace iotboot::crypto
