#include "mme/guti_pool.hpp"

#include "crypto/random.hpp"

namespace iotboot::mme {

GutiPool::GutiPool(Bytes<3> plmn, std::uint16_t mme_group_id, std::uint8_t mme_code)
    : plmn_(plmn), mme_group_id_(mme_group_id), mme_code_(mme_code) {}

bool GutiPool::ours(const nas::Guti& g) const noexcept {
  return g.plmn == plmn_ && g.mme_group_id == mme_group_id_ && g.mme_code == mme_code_;
}

nas::Guti GutiPool::allocate(const std::shared_ptr<UeContext>& ctx) {
  if (ctx->guti) release(*ctx->guti, *ctx);
  nas::Guti g;
  g.plmn = plmn_;
  g.mme_group_id = mme_group_id_;
  g.mme_code = mme_code_;
  do {
    Bytes<4> r;
    crypto::random_bytes(r);
    g.m_tmsi = static_cast<std::uint32_t>(load_be(r));
  } while (by_mtmsi_.count(g.m_tmsi) != 0);
  ctx->guti = g;
  by_mtmsi_[g.m_tmsi] = ctx;
  return g;
}

std::shared_ptr<UeContext> GutiPool::find(const nas::Guti& g) const {
  if (!ours(g)) return nullptr;
  auto it = by_mtmsi_.find(g.m_tmsi);
  return it == by_mtmsi_.end() ? nullptr : it->second;
}

void GutiPool::release(const nas::Guti& g, const UeContext& holder) {
  if (!ours(g)) return;
  auto it = by_mtmsi_.find(g.m_tmsi);
  if (it == by_mtmsi_.end()) return;
  const UeContext& held_by = *it->second;
  if (&held_by == &holder || (!holder.imsi.empty() && held_by.imsi == holder.imsi)) by_mtmsi_.erase(it);
}

}  // namespace iotboot::mme
