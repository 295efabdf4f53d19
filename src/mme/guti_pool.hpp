// The MME's GUTIs (TS 23.003 §2.8): this MME's PLMN, group and code with an M-TMSI drawn at
// random (unpredictable, TS 33.401 §7.1) and unique among the GUTIs it has handed out, each
// held by one UE context until released.
#pragma once

#include <cstdint>
#include <memory>
#include <unordered_map>

#include "mme/ue_context.hpp"
#include "nas/identities.hpp"

namespace iotboot::mme {

class GutiPool {
 public:
  GutiPool(Bytes<3> plmn, std::uint16_t mme_group_id, std::uint8_t mme_code);

  // A new GUTI for `ctx`, which gives back the one it held.
  nas::Guti allocate(const std::shared_ptr<UeContext>& ctx);
  // The context holding `g`, or null (also for a GUTI of another MME).
  std::shared_ptr<UeContext> find(const nas::Guti& g) const;
  // Gives `g` back if `holder`, or another context of the same IMSI, holds it.
  void release(const nas::Guti& g, const UeContext& holder);
  bool ours(const nas::Guti& g) const noexcept;

 private:
  Bytes<3> plmn_;
  std::uint16_t mme_group_id_;
  std::uint8_t mme_code_;
  std::unordered_map<std::uint32_t, std::shared_ptr<UeContext>> by_mtmsi_;
};

}  // namespace iotboot::mme
