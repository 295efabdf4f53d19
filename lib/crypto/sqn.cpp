#include "crypto/sqn.hpp"

#include <algorithm>
#include <stdexcept>

namespace iotboot::crypto {

Sqn next_sqn(Sqn last, unsigned ind_bits) noexcept {
  return Sqn::from_parts(last.seq(ind_bits) + 1, last.ind(ind_bits) + 1, ind_bits);
}

Sqn sqn_after_resync(Sqn sqn_he, Sqn sqn_ms, unsigned ind_bits) noexcept {
  const std::uint64_t seq = std::max(sqn_he.seq(ind_bits), sqn_ms.seq(ind_bits));
  return Sqn::from_parts(seq, sqn_he.ind(ind_bits), ind_bits);
}

UsimSqnState::UsimSqnState(SqnPolicy policy) : policy_(policy) {
  if (policy_.ind_bits > 10) throw std::invalid_argument("IND longer than 10 bits");
  seq_ms_.assign(std::size_t{1} << policy_.ind_bits, 0);
}

Freshness UsimSqnState::check(Sqn sqn) const noexcept {
  const unsigned b = policy_.ind_bits;
  const std::uint64_t seq = sqn.seq(b);
  const std::uint64_t highest = highest_.seq(b);
  if (seq > highest && seq - highest > policy_.delta) return Freshness::too_far_ahead;
  if (seq < highest && highest - seq >= policy_.age_limit) return Freshness::too_old;
  if (seq <= seq_ms_[sqn.ind(b)]) return Freshness::replayed;
  return Freshness::fresh;
}

void UsimSqnState::accept(Sqn sqn) noexcept {
  const unsigned b = policy_.ind_bits;
  seq_ms_[sqn.ind(b)] = sqn.seq(b);
  if (sqn.seq(b) > highest_.seq(b)) highest_ = sqn;
}

void UsimSqnState::restore(const std::vector<std::uint64_t>& seq_ms, Sqn highest) {
  if (seq_ms.size() != seq_ms_.size()) throw std::invalid_argument("SEQ_MS array of the wrong size");
  seq_ms_ = seq_ms;
  highest_ = highest;
}

}  // namespace iotboot::crypto
