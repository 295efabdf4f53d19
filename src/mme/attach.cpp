// The attach procedure at the MME (TS 24.301 §5.5.1, seed steps 1-10) and UE-initiated detach.
#include <utility>

#include <spdlog/spdlog.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include <cstring>

#include "core/log_event.hpp"
#include "crypto/autn.hpp"
#include "mme/mme.hpp"
#include "mme/mme_metrics.hpp"
#include "mme/s6a_client.hpp"
#include "mme/t6a_client.hpp"
#include "nas/emm_cause.hpp"

namespace iotboot::mme {

using nas::SecurityHeader;

namespace {

std::string guti_text(const std::optional<nas::Guti>& g) {
  if (!g) return {};
  auto t = g->text();
  return t ? t.value() : std::string();
}

}  // namespace

void MmeCore::on_attach_request(const Ctx& ctx, nas::AttachRequest& m) {
  ++stats_.attach_requests;
  ctx->attach_started = std::chrono::steady_clock::now();
  ++ctx->procedure;
  ctx->stop_timer();
  ctx->expiries = 0;
  ctx->resync_tried = false;
  ctx->challenge.reset();
  ctx->drop_security();  // a new attach runs AKA afresh: the bootstrapping keys come from it
  ctx->ue_network_capability = m.ue_network_capability;
  ctx->old_guti.reset();
  if (const auto* imsi = std::get_if<std::string>(&m.identity)) {
    ctx->imsi = *imsi;
    return identified(ctx);
  }
  ctx->old_guti = std::get<nas::Guti>(m.identity);
  if (const Ctx known = ues_.gutis.find(*ctx->old_guti); known && !known->imsi.empty()) {
    ctx->imsi = known->imsi;  // known GUTI: no Identity Request
    return identified(ctx);
  }
  ++stats_.identity_requests;
  ctx->state = EmmState::wait_identity;
  send(ctx, nas::IdentityRequest{1}, SecurityHeader::plain);
  start_timer(ctx, config_.t3460, config_.t3460_retransmissions);  // T3470 uses the same schedule
}

void MmeCore::on_identity_response(const Ctx& ctx, const nas::IdentityResponse& m) {
  if (ctx->state != EmmState::wait_identity) return;
  ctx->stop_timer();
  ctx->imsi = m.imsi;
  identified(ctx);
}

// The IMSI is known. The attempt borrows what the MME remembers of the IMSI (KSI, SCEF, one
// unused vector) but changes nothing of its context of record: that one is replaced only when
// this attempt's authentication succeeds (promote()).
void MmeCore::identified(const Ctx& ctx) {
  if (const Ctx record = ues_.of_record(ctx->imsi); record && record != ctx) {
    UeContext& current = *record;
    ctx->next_ksi = current.next_ksi;
    ctx->scef_id = current.scef_id;
    ctx->scef_realm = current.scef_realm;
    if (ctx->vectors.empty() && !current.vectors.empty()) {
      ctx->vectors.push_back(std::move(current.vectors.front()));
      current.vectors.erase(current.vectors.begin());
    }
  }
  authenticate(ctx);
}

// The attempt's security context is in use (Security Mode Complete passed its integrity check
// with it): it becomes the IMSI's context of record, and the one before it is retired with its
// GUTI and security context.
void MmeCore::promote(const Ctx& ctx) {
  if (const Ctx old = ues_.of_record(ctx->imsi); old && old != ctx) {
    for (Vector& v : old->vectors) ctx->vectors.push_back(std::move(v));
    old->vectors.clear();
    if (old->guti && !ctx->old_guti) ctx->old_guti = old->guti;
    old->of_record = false;
    end_procedure(old);  // retired, with its stream, GUTI and security context
  }
  ues_.make_of_record(ctx);
}

void MmeCore::authenticate(const Ctx& ctx) {
  if (!ctx->vectors.empty()) {
    ctx->challenge = std::make_unique<Vector>(std::move(ctx->vectors.front()));
    ctx->vectors.erase(ctx->vectors.begin());
    return challenge(ctx);
  }
  ctx->state = EmmState::wait_vectors;
  asio::co_spawn(
      io_, [self = shared_from_this(), ctx] { return self->fetch_vectors(ctx, ctx->procedure, std::nullopt); },
      asio::detached);
}

asio::awaitable<void> MmeCore::fetch_vectors(Ctx ctx, std::uint64_t procedure, std::optional<Bytes<30>> resync) {
  if (stopping_ || !node_) co_return;
  // Not a conditional expression: GCC 12 destroys the result of a co_await in one twice.
  VectorsOutcome out;
  if (vectors_) {
    out = co_await vectors_(ctx->imsi, config_.vectors_per_air, resync);
  } else {
    out = co_await request_vectors(*node_, ctx->imsi, config_.plmn.encoded(), config_.vectors_per_air, resync,
                                   config_.hss_realm);
  }
  if (ctx->procedure != procedure || ctx->state != EmmState::wait_vectors || stopping_) co_return;
  if (out.reject_cause) co_return reject_attach(ctx, *out.reject_cause);
  ctx->scef_id = out.scef_id;
  ctx->scef_realm = out.scef_realm;
  ctx->vectors.assign(std::make_move_iterator(out.vectors.begin() + 1), std::make_move_iterator(out.vectors.end()));
  ctx->challenge = std::make_unique<Vector>(std::move(out.vectors.front()));
  challenge(ctx);
}

void MmeCore::challenge(const Ctx& ctx) {
  ctx->state = EmmState::wait_auth_response;
  nas::AuthenticationRequest req;
  req.ksi = ctx->next_ksi;
  ctx->next_ksi = static_cast<std::uint8_t>((ctx->next_ksi + 1) % 7);
  req.rand = ctx->challenge->rand;
  req.autn = ctx->challenge->autn;
  send(ctx, req, SecurityHeader::plain);
  start_timer(ctx, config_.t3460, config_.t3460_retransmissions);
}

void MmeCore::on_authentication_response(const Ctx& ctx, const nas::AuthenticationResponse& m) {
  if (ctx->state != EmmState::wait_auth_response || !ctx->challenge) return;
  ctx->stop_timer();
  const std::vector<std::uint8_t>& xres = ctx->challenge->xres;
  std::uint8_t diff = static_cast<std::uint8_t>(m.res.size() != xres.size());
  for (std::size_t i = 0; i < std::min(m.res.size(), xres.size()); ++i) diff |= m.res[i] ^ xres[i];
  if (diff != 0) {
    spdlog::info("[mme] {}: RES does not match XRES", ctx->imsi);
    return reject_authentication(ctx);
  }
  // Seed step 9 passed: a new EPS security context from KASME, then Security Mode Command.
  const std::uint8_t ksi = static_cast<std::uint8_t>((ctx->next_ksi + 6) % 7);
  ctx->security =
      std::make_unique<nas::SecurityContext>(ksi, ctx->challenge->kasme, config_.ciphering, config_.integrity, false);
  ctx->secure_exchange = false;  // not before the UE answers under the new context
  nas::SecurityModeCommand smc;
  smc.ciphering = static_cast<std::uint8_t>(config_.ciphering);
  smc.integrity = static_cast<std::uint8_t>(config_.integrity);
  smc.ksi = ksi;
  smc.replayed_ue_capabilities = ctx->ue_network_capability;
  ctx->state = EmmState::wait_smc_complete;
  send(ctx, smc, SecurityHeader::integrity_new_context);
  start_timer(ctx, config_.t3460, config_.t3460_retransmissions);
}

void MmeCore::on_authentication_failure(const Ctx& ctx, const nas::AuthenticationFailure& m) {
  if (ctx->state != EmmState::wait_auth_response || !ctx->challenge) return;
  ctx->stop_timer();
  if (m.cause == nas::cause::kSynchFailure && m.auts && !ctx->resync_tried) {
    // One re-synchronisation (TS 33.102 §6.3.5): the HSS recovers SQN_MS from the AUTS.
    ++stats_.resynchronisations;
    ctx->resync_tried = true;
    ctx->vectors.clear();  // built from the stale SQN
    Bytes<30> info;
    std::memcpy(info.data(), ctx->challenge->rand.data(), 16);
    std::memcpy(info.data() + 16, m.auts->data(), 14);
    ctx->state = EmmState::wait_vectors;
    asio::co_spawn(
        io_, [self = shared_from_this(), ctx, info] { return self->fetch_vectors(ctx, ctx->procedure, info); },
        asio::detached);
    return;
  }
  spdlog::info("[mme] {}: authentication failure #{} ({})", ctx->imsi, m.cause, nas::cause::name(m.cause));
  reject_authentication(ctx);
}

void MmeCore::on_security_mode_complete(const Ctx& ctx) {
  // Reaching here, it passed the integrity check with the new context.
  if (ctx->state != EmmState::wait_smc_complete) return;
  ctx->stop_timer();
  ctx->secure_exchange = true;
  promote(ctx);
  if (ctx->old_guti) ues_.gutis.release(*ctx->old_guti, *ctx);
  ues_.gutis.allocate(ctx);
  if (ctx->challenge->ks) {  // pull mode: the SCEF may now fetch this Ks by the new GUTI
    ctx->ks = std::move(ctx->challenge->ks);
    ctx->ks_expires_at = async::TimerClock::now() + ctx->challenge->ks_lifetime;
  } else {
    ctx->drop_ks();
  }
  if (ctx->scef_id) {
    // Seed step 10.1 before 10: the SCEF learns the result and GUTI first (bounded wait).
    ctx->state = EmmState::wait_scef;
    asio::co_spawn(
        io_,
        [self = shared_from_this(), ctx, rand = ctx->challenge->rand] {
          return self->notify_scef(ctx, ctx->procedure, true, rand);
        },
        asio::detached);
    return;
  }
  ctx->challenge.reset();
  accept(ctx);
}

// Seed step 10.1 (t6a_client.cpp). A failure to notify is counted and logged; the attach goes on.
asio::awaitable<void> MmeCore::notify_scef(Ctx ctx, std::uint64_t procedure, bool success, Bytes<16> rand) {
  if (stopping_ || !node_ || !ctx->scef_id) co_return;
  ++stats_.scef_notifications;
  AuthResultReport report{ctx->imsi, rand,          success,
                          ctx->guti, *ctx->scef_id, ctx->scef_realm.value_or(config_.diameter.origin_realm)};
  if (auto problem = co_await report_auth_result(node_->ref(), report, config_.t6a_timeout)) {
    ++stats_.scef_failures;
    spdlog::warn("[mme] {}: T6a notification to {} not acknowledged: {}", report.imsi,
                 report.scef_id.empty() ? report.scef_realm : report.scef_id, *problem);
  }
  if (!success || stopping_ || ctx->procedure != procedure || ctx->state != EmmState::wait_scef) co_return;
  ctx->challenge.reset();
  accept(ctx);
}

void MmeCore::on_security_mode_reject(const Ctx& ctx, const nas::SecurityModeReject& m) {
  if (ctx->state != EmmState::wait_smc_complete) return;
  ctx->stop_timer();
  spdlog::info("[mme] {}: security mode reject #{}", ctx->imsi, m.cause);
  ctx->drop_security();
  reject_attach(ctx, m.cause);
}

void MmeCore::accept(const Ctx& ctx) {
  ++stats_.attaches_accepted;
  const std::string guti = guti_text(ctx->guti);
  logs::event(spdlog::level::debug, "attach.accepted", {{"imsi", ctx->imsi}, {"guti", guti}},
              "[mme] {}: attach accepted, GUTI {}", ctx->imsi, guti);
  nas::AttachAccept acc;
  acc.tai_list = nas::tai_list(config_.plmn.encoded(), config_.tac);
  acc.guti = ctx->guti;
  ctx->state = EmmState::wait_attach_complete;
  send(ctx, acc, SecurityHeader::integrity_ciphered);
  start_timer(ctx, config_.t3450, config_.t3460_retransmissions);
}

void MmeCore::on_attach_complete(const Ctx& ctx) {
  if (ctx->state != EmmState::wait_attach_complete) return;
  ctx->stop_timer();
  ctx->state = EmmState::registered;
  // Nothing left to retransmit, and the capability was needed only for the SMC's replay (a new
  // Attach Request brings its own): a registered UE holds neither.
  std::vector<std::uint8_t>().swap(ctx->last_downlink);
  std::vector<std::uint8_t>().swap(ctx->ue_network_capability);
  ++stats_.attaches_completed;
  const auto now = std::chrono::steady_clock::now();
  admission_->completed(now - ctx->attach_started, now);
  AttachMetrics::accepted(ctx->attach_started);
}

void MmeCore::on_detach_request(const Ctx& ctx, const nas::DetachRequest& m) {
  ++stats_.detaches;
  ctx->stop_timer();
  if (!m.switch_off) {
    send(ctx, nas::DetachAccept{}, ctx->security ? SecurityHeader::integrity_ciphered : SecurityHeader::plain);
  }
  end_procedure(ctx);
}

void MmeCore::reject_attach(const Ctx& ctx, std::uint8_t cause) {
  ++stats_.attach_rejects;
  // Congestion rejects come by the thousand under overload (counted in the summary): debug.
  logs::event(cause == nas::cause::kCongestion ? spdlog::level::debug : spdlog::level::info, "attach.rejected",
              {{"imsi", ctx->imsi}, {"emm_cause", cause}}, "[mme] {}: attach rejected #{} ({})", ctx->imsi, cause,
              nas::cause::name(cause));
  AttachMetrics::rejected(cause);
  ctx->stop_timer();
  nas::AttachReject reject{cause, std::nullopt};
  if (cause == nas::cause::kCongestion) reject.t3346 = t3346();
  send(ctx, reject, ctx->security ? SecurityHeader::integrity_ciphered : SecurityHeader::plain);
  end_procedure(ctx);
}

void MmeCore::reject_authentication(const Ctx& ctx) {
  ++stats_.authentication_rejects;
  logs::event(spdlog::level::info, "attach.rejected", {{"imsi", ctx->imsi}, {"reason", "authentication reject"}},
              "[mme] {}: authentication reject", ctx->imsi);
  AttachMetrics::authentication_rejected();
  if (ctx->scef_id && ctx->challenge) {
    // The SCEF ends the IMSI's earlier context; the reject does not wait for it.
    asio::co_spawn(
        io_,
        [self = shared_from_this(), ctx, rand = ctx->challenge->rand] {
          return self->notify_scef(ctx, ctx->procedure, false, rand);
        },
        asio::detached);
  }
  ctx->stop_timer();
  send(ctx, nas::AuthenticationReject{}, SecurityHeader::plain);
  end_procedure(ctx);
}

}  // namespace iotboot::mme
