// T6a at the MME, pull mode (solution #11): the SCEF asks for the Ks of a GUTI when an
// application server asks it for a key. The MME answers only for a GUTI it holds now, of a UE
// whose authentication succeeded and who has not detached, with the Ks of the vector that
// authentication used (docs/diameter.md lists the refusals).
#include <spdlog/spdlog.h>

#include "diameter/result_codes.hpp"
#include "mme/mme.hpp"

namespace iotboot::mme {

using namespace diameter;

void MmeCore::on_ks_request(const t6a::Cir& cir, Reply& reply) {
  ++stats_.ks_requests;
  const nas::Guti guti = nas::Guti::from_binary(cir.guti);
  const Ctx ctx = ues_.gutis.find(guti);
  if (!ctx || !ctx->of_record || ctx->guti != guti) {
    return reply.error(
        DiameterError::experimental(kVendor3gpp, result::kErrorUserUnknown, "no UE context for this GUTI"));
  }
  if (ctx->state == EmmState::deregistered) {
    return reply.error(DiameterError::experimental(kVendorIotboot, result::kIotUeDetached, "the UE has detached"));
  }
  const auto now = async::TimerClock::now();
  if (ctx->ks && now >= ctx->ks_expires_at) ctx->ks.reset();
  if (!ctx->ks) {
    return ctx->ks_expires_at != async::TimerClock::time_point{}
               ? reply.error(DiameterError::experimental(kVendorIotboot, result::kIotKeyExpired, "the key has expired"))
               : reply.error(DiameterError::experimental(kVendorIotboot, result::kIotNoKey,
                                                         "the UE does not bootstrap by pull"));
  }
  t6a::Cia cia;
  cia.origin = reply.success_origin();
  cia.user_name = ctx->imsi;
  cia.ks = *ctx->ks;
  const auto left = std::chrono::ceil<std::chrono::seconds>(ctx->ks_expires_at - now).count();
  cia.ks_lifetime_s = static_cast<std::uint32_t>(std::clamp<std::int64_t>(left, 1, UINT32_MAX));
  ++stats_.ks_served;
  spdlog::debug("[mme] {}: Ks for its GUTI sent to {}", ctx->imsi, cir.routing.origin_host);
  reply.send(cia);
}

}  // namespace iotboot::mme
