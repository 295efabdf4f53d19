// The attach procedure at the MME (TS 24.301 §5.5.1, seed steps 1-10) and UE-initiated detach.
#include <utility>

#include <spdlog/spdlog.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include <cstring>

#include "crypto/autn.hpp"
#include "crypto/random.hpp"
#include "diameter/apps/t6a.hpp"
#include "mme/mme.hpp"
#include "mme/s6a_client.hpp"
#include "nas/emm_cause.hpp"

namespace iotboot::mme {

using nas::SecurityHeader;

void MmeCore::on_attach_request(const Ctx& ctx, nas::AttachRequest& m) {
  ++stats_.attach_requests;
  ++ctx->procedure;
  ctx->timer.cancel();
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
  const nas::Guti& g = std::get<nas::Guti>(m.identity);
  ctx->old_guti = g;
  const bool ours =
      g.plmn == config_.plmn.encoded() && g.mme_group_id == config_.mme_group_id && g.mme_code == config_.mme_code;
  auto it = ours ? by_mtmsi_.find(g.m_tmsi) : by_mtmsi_.end();
  if (it != by_mtmsi_.end() && !it->second->imsi.empty()) {
    ctx->imsi = it->second->imsi;  // known GUTI: no Identity Request
    return identified(ctx);
  }
  ++stats_.identity_requests;
  ctx->state = EmmState::wait_identity;
  send(ctx, nas::IdentityRequest{1}, SecurityHeader::plain);
  start_timer(ctx, config_.t3460, config_.t3460_retransmissions);  // T3470 uses the same schedule
}

void MmeCore::on_identity_response(const Ctx& ctx, const nas::IdentityResponse& m) {
  if (ctx->state != EmmState::wait_identity) return;
  ctx->timer.cancel();
  ctx->imsi = m.imsi;
  identified(ctx);
}

// The IMSI is known. The attempt borrows what the MME remembers of the IMSI (KSI, SCEF, one
// unused vector) but changes nothing of its context of record: that one is replaced only when
// this attempt's authentication succeeds (promote()).
void MmeCore::identified(const Ctx& ctx) {
  auto it = by_imsi_.find(ctx->imsi);
  if (it != by_imsi_.end() && it->second != ctx) {
    UeContext& current = *it->second;
    ctx->next_ksi = current.next_ksi;
    ctx->scef_id = current.scef_id;
    ctx->scef_realm = current.scef_realm;
    if (ctx->vectors.empty() && !current.vectors.empty()) {
      ctx->vectors.push_back(std::move(current.vectors.front()));
      current.vectors.pop_front();
    }
  }
  authenticate(ctx);
}

// The attempt's security context is in use (Security Mode Complete passed its integrity check
// with it): it becomes the IMSI's context of record, and the one before it is retired with its
// GUTI and security context.
void MmeCore::promote(const Ctx& ctx) {
  auto it = by_imsi_.find(ctx->imsi);
  if (it != by_imsi_.end() && it->second != ctx) {
    const Ctx old = it->second;
    for (Vector& v : old->vectors) ctx->vectors.push_back(std::move(v));
    old->vectors.clear();
    if (old->guti && !ctx->old_guti) ctx->old_guti = old->guti;  // released by allocate_guti
    ++old->procedure;
    old->timer.cancel();
    old->drop_security();
    old->of_record = false;
    unbind(old);
    if (old->guti) {
      auto g = by_mtmsi_.find(old->guti->m_tmsi);
      if (g != by_mtmsi_.end() && g->second == old) by_mtmsi_.erase(g);
    }
  }
  by_imsi_[ctx->imsi] = ctx;
  ctx->of_record = true;
}

void MmeCore::authenticate(const Ctx& ctx) {
  if (!ctx->vectors.empty()) {
    ctx->challenge = std::move(ctx->vectors.front());
    ctx->vectors.pop_front();
    return challenge(ctx);
  }
  ctx->state = EmmState::wait_vectors;
  asio::co_spawn(
      io_, [self = shared_from_this(), ctx] { return self->fetch_vectors(ctx, ctx->procedure, std::nullopt); },
      asio::detached);
}

asio::awaitable<void> MmeCore::fetch_vectors(Ctx ctx, std::uint64_t procedure, std::optional<Bytes<30>> resync) {
  if (stopping_ || !node_) co_return;
  VectorsOutcome out = co_await request_vectors(*node_, ctx->imsi, config_.plmn.encoded(), config_.vectors_per_air,
                                                resync, config_.hss_realm);
  if (ctx->procedure != procedure || ctx->state != EmmState::wait_vectors || stopping_) co_return;
  if (out.reject_cause) co_return reject_attach(ctx, *out.reject_cause);
  ctx->scef_id = out.scef_id;
  ctx->scef_realm = out.scef_realm;
  ctx->vectors.assign(std::make_move_iterator(out.vectors.begin() + 1), std::make_move_iterator(out.vectors.end()));
  ctx->challenge = std::move(out.vectors.front());
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
  ctx->timer.cancel();
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
  ctx->timer.cancel();
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
  ctx->timer.cancel();
  ctx->secure_exchange = true;
  promote(ctx);
  allocate_guti(ctx);
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

asio::awaitable<void> MmeCore::notify_scef(Ctx ctx, std::uint64_t procedure, bool success, Bytes<16> rand) {
  if (stopping_ || !node_ || !ctx->scef_id) co_return;
  ++stats_.scef_notifications;
  const diameter::NodeRef node = node_->ref();
  const std::string sid = node.new_session_id();
  const std::string scef = *ctx->scef_id;
  // The routing AVPs are views: the realm must outlive the request.
  const std::string realm = ctx->scef_realm.value_or(config_.diameter.origin_realm);
  diameter::t6a::Rir rir;
  rir.routing = node.routing(sid, realm, std::string_view(scef));
  rir.user_name = ctx->imsi;
  rir.rand = rand;
  rir.auth_result = success ? diameter::avp::IotAuthResult::success : diameter::avp::IotAuthResult::failure;
  if (success && ctx->guti) rir.guti = ctx->guti->binary();
  diameter::RequestResult r = co_await node.request(rir, config_.t6a_timeout);
  std::string problem;
  if (!r.ok()) {
    problem = std::string(diameter::to_string(r.error()));
  } else if (auto ria = diameter::t6a::Ria::decode(r->view()); !ria.ok()) {
    problem = ria.error().message;
  } else if (!ria->origin.succeeded()) {
    problem = "result " + std::to_string(ria->origin.result_code.value_or(0));
  }
  if (!problem.empty()) {
    ++stats_.scef_failures;
    spdlog::warn("[mme] {}: T6a notification to {} not acknowledged: {}", ctx->imsi, scef, problem);
  }
  if (!success || stopping_ || ctx->procedure != procedure || ctx->state != EmmState::wait_scef) co_return;
  ctx->challenge.reset();
  accept(ctx);
}

void MmeCore::on_security_mode_reject(const Ctx& ctx, const nas::SecurityModeReject& m) {
  if (ctx->state != EmmState::wait_smc_complete) return;
  ctx->timer.cancel();
  spdlog::info("[mme] {}: security mode reject #{}", ctx->imsi, m.cause);
  ctx->drop_security();
  reject_attach(ctx, m.cause);
}

nas::Guti MmeCore::allocate_guti(const Ctx& ctx) {
  if (ctx->guti) {
    auto it = by_mtmsi_.find(ctx->guti->m_tmsi);
    if (it != by_mtmsi_.end() && it->second == ctx) by_mtmsi_.erase(it);
  }
  if (ctx->old_guti) {
    auto it = by_mtmsi_.find(ctx->old_guti->m_tmsi);
    if (it != by_mtmsi_.end() && (it->second == ctx || it->second->imsi == ctx->imsi)) by_mtmsi_.erase(it);
  }
  nas::Guti g;
  g.plmn = config_.plmn.encoded();
  g.mme_group_id = config_.mme_group_id;
  g.mme_code = config_.mme_code;
  do {
    Bytes<4> r;
    crypto::random_bytes(r);  // unpredictable (TS 33.401 §7.1)
    g.m_tmsi = static_cast<std::uint32_t>(load_be(r));
  } while (by_mtmsi_.count(g.m_tmsi) != 0);
  ctx->guti = g;
  by_mtmsi_[g.m_tmsi] = ctx;
  return g;
}

void MmeCore::accept(const Ctx& ctx) {
  ++stats_.attaches_accepted;
  nas::AttachAccept acc;
  acc.tai_list = nas::tai_list(config_.plmn.encoded(), config_.tac);
  acc.guti = ctx->guti;
  ctx->state = EmmState::wait_attach_complete;
  send(ctx, acc, SecurityHeader::integrity_ciphered);
  start_timer(ctx, config_.t3450, config_.t3460_retransmissions);
}

void MmeCore::on_attach_complete(const Ctx& ctx) {
  if (ctx->state != EmmState::wait_attach_complete) return;
  ctx->timer.cancel();
  ctx->state = EmmState::registered;
  ++stats_.attaches_completed;
}

void MmeCore::on_detach_request(const Ctx& ctx, const nas::DetachRequest& m) {
  ++stats_.detaches;
  ++ctx->procedure;
  ctx->timer.cancel();
  if (!m.switch_off) {
    send(ctx, nas::DetachAccept{}, ctx->security ? SecurityHeader::integrity_ciphered : SecurityHeader::plain);
  }
  if (!ctx->of_record) return end_attempt(ctx);
  ctx->state = EmmState::deregistered;
  ctx->deregistered_at = std::chrono::steady_clock::now();
  ctx->drop_security();
  unbind(ctx);
}

void MmeCore::reject_attach(const Ctx& ctx, std::uint8_t cause) {
  ++stats_.attach_rejects;
  ctx->timer.cancel();
  send(ctx, nas::AttachReject{cause}, ctx->security ? SecurityHeader::integrity_ciphered : SecurityHeader::plain);
  end_attempt(ctx);
}

void MmeCore::reject_authentication(const Ctx& ctx) {
  ++stats_.authentication_rejects;
  if (ctx->scef_id && ctx->challenge) {
    // The SCEF ends the IMSI's earlier context; the reject does not wait for it.
    asio::co_spawn(
        io_,
        [self = shared_from_this(), ctx, rand = ctx->challenge->rand] {
          return self->notify_scef(ctx, ctx->procedure, false, rand);
        },
        asio::detached);
  }
  ctx->timer.cancel();
  send(ctx, nas::AuthenticationReject{}, SecurityHeader::plain);
  end_attempt(ctx);
}

void MmeCore::abort_procedure(const Ctx& ctx, const char* why) {
  ++stats_.procedures_aborted;
  spdlog::info("[mme] {}: {} aborted: {}", ctx->imsi.empty() ? "(no IMSI)" : ctx->imsi, to_string(ctx->state), why);
  ++ctx->procedure;
  ctx->timer.cancel();
  if (!ctx->of_record) return end_attempt(ctx);
  ctx->state = EmmState::deregistered;
  ctx->deregistered_at = std::chrono::steady_clock::now();
  ctx->challenge.reset();
  ctx->drop_security();
  unbind(ctx);
}

// An attempt that did not become the IMSI's context (rejected, aborted): nothing of it is kept.
void MmeCore::end_attempt(const Ctx& ctx) {
  ++ctx->procedure;
  ctx->timer.cancel();
  ctx->state = EmmState::deregistered;
  ctx->challenge.reset();
  ctx->drop_security();
  ctx->vectors.clear();
  if (ctx->of_record) {
    ctx->deregistered_at = std::chrono::steady_clock::now();
    return unbind(ctx);
  }
  forget(ctx);
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
      ctx->timer.expires_after(period);
      ctx->timer.async_wait(*this);
    }
  };
  ctx->timer.expires_after(period);
  ctx->timer.async_wait(Expiry{weak_from_this(), ctx, procedure, state, period, retransmissions});
}

}  // namespace iotboot::mme
