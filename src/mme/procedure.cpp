// How an MME procedure ends: NAS timers with retransmission (T3450, T3460, T3470), aborts,
// and the one teardown of a UE context that ends unregistered.
#include <utility>

#include <spdlog/spdlog.h>

#include "mme/mme.hpp"
#include "mme/mme_metrics.hpp"

namespace iotboot::mme {

void MmeCore::abort_procedure(const Ctx& ctx, const char* why) {
  ++stats_.procedures_aborted;
  if (ctx->state != EmmState::registered && ctx->state != EmmState::deregistered) AttachMetrics::aborted();
  spdlog::info("[mme] {}: {} aborted: {}", ctx->imsi.empty() ? "(no IMSI)" : ctx->imsi, to_string(ctx->state), why);
  end_procedure(ctx);
}

// An attempt that did not become its IMSI's context of record (rejected, aborted, retired) is
// forgotten with everything it held. The context of record is deregistered: it keeps its GUTI
// and unused vectors for context_retention (a re-attach with the GUTI needs no Identity
// Request), but loses its stream and its security context.
void MmeCore::end_procedure(const Ctx& ctx) {
  ++ctx->procedure;  // completions of what was in flight are ignored
  ctx->stop_timer();
  ctx->state = EmmState::deregistered;
  ctx->challenge.reset();
  ctx->drop_security();
  ctx->drop_ks();  // pull mode: the SCEF gets no key for a UE that is not registered
  if (!ctx->of_record) {
    ctx->vectors.clear();
    return ues_.forget(ctx);
  }
  ctx->deregistered_at = async::TimerClock::now();
  ues_.unbind(ctx);
}

void MmeCore::start_timer(const Ctx& ctx, std::chrono::milliseconds period, unsigned retransmissions) {
  ctx->expiries = 0;
  const std::uint64_t procedure = ctx->procedure;
  const EmmState state = ctx->state;
  struct Expiry {
    std::weak_ptr<MmeCore> owner;
    std::weak_ptr<UeContext> weak;
    std::uint64_t procedure;
    EmmState state;
    std::chrono::milliseconds period;
    unsigned retransmissions;
    void operator()(const boost::system::error_code& ec) const {
      auto mme = owner.lock();
      auto ctx = weak.lock();
      if (ec || !mme || !ctx || ctx->procedure != procedure || ctx->state != state || mme->stopping_) return;
      if (++ctx->expiries > retransmissions) return mme->abort_procedure(ctx, "no answer after retransmissions");
      ++mme->stats_.retransmissions;
      if (auto c = ctx->connection.lock(); c && ctx->bound) c->send(ctx->stream, ctx->last_downlink);
      ctx->timer().expires_after(period);
      ctx->timer().async_wait(*this);
    }
  };
  ctx->timer().expires_after(period);
  ctx->timer().async_wait(Expiry{weak_from_this(), ctx, procedure, state, period, retransmissions});
}

}  // namespace iotboot::mme
