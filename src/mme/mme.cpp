#include "mme/mme.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "diameter/apps/ids.hpp"
#include "diameter/node/node_metrics.hpp"
#include "metrics/health.hpp"
#include "mme/mme_metrics.hpp"
#include "nas/emm_cause.hpp"
#include "nas/integrity_rules.hpp"

namespace iotboot::mme {

std::string_view to_string(EmmState s) noexcept {
  switch (s) {
    case EmmState::deregistered: return "DEREGISTERED";
    case EmmState::wait_identity: return "WAIT-IDENTITY";
    case EmmState::wait_vectors: return "WAIT-VECTORS";
    case EmmState::wait_auth_response: return "WAIT-AUTHENTICATION-RESPONSE";
    case EmmState::wait_smc_complete: return "WAIT-SECURITY-MODE-COMPLETE";
    case EmmState::wait_scef: return "WAIT-SCEF";
    case EmmState::wait_attach_complete: return "WAIT-ATTACH-COMPLETE";
    case EmmState::registered: return "REGISTERED";
  }
  return "?";
}

MmeCore::MmeCore(asio::io_context& io, MmeConfig config, VectorSource vectors)
    : io_(io),
      config_(std::move(config)),
      node_(std::make_unique<diameter::Node>(io, config_.diameter)),
      s1_(
          io, config_.s1_address, config_.s1_port,
          [this](net::S1liteConnection& c, std::uint32_t stream, ByteView pdu) {
            if (!stopping_) on_uplink(c, stream, pdu);
          },
          [this](net::S1liteConnection& c) {
            if (!stopping_) on_connection_closed(c);
          },
          config_.s1_limits),
      vectors_(std::move(vectors)),
      ues_(GutiPool(config_.plmn.encoded(), config_.mme_group_id, config_.mme_code)),
      housekeeping_timer_(io),
      admission_(std::make_shared<AttachAdmission>(config_.max_attach_attempts, config_.attach_target)) {
  node_->use_application(diameter::app::kS6a);
  // T6a: RIRs to the SCEF (push), CIRs from it (pull). The node, and with it the handler, goes
  // before the core.
  node_->serve<diameter::t6a::Cir>(
      [this](const diameter::t6a::Cir& cir, diameter::Reply& reply) { on_ks_request(cir, reply); });
  gauges_ = register_mme_gauges(*this);
  node_metrics_ = diameter::register_node_metrics(*node_);
  // Ready: a Diameter peer (the HSS) is open, so an attach can get its vectors.
  readiness_ = metrics::process_health().add_readiness([this]() -> std::string {
    return stopping_ || !node_ ? std::string("MME stopping") : diameter::peer_readiness(*node_);
  });
}

void MmeCore::start() {
  node_->start();
  s1_.start();
  asio::co_spawn(
      io_, [self = shared_from_this()] { return self->housekeeping(); }, asio::detached);
  spdlog::info("[mme] S1-lite on {}:{}", config_.s1_address, s1_port());
}

void MmeCore::shutdown() {
  stopping_ = true;
  readiness_.reset();
  node_metrics_.reset();
  gauges_.reset();
  housekeeping_timer_.cancel();
  s1_.stop();  // its connections close; their handlers see stopping_
  ues_.for_each([](const Ctx& ctx) { ctx->stop_timer(); });
  node_.reset();  // the Diameter node shuts down; our pending AIRs complete with an error
}

asio::awaitable<void> MmeCore::stop() {
  auto self = shared_from_this();
  stopping_ = true;
  housekeeping_timer_.cancel();
  s1_.stop();
  ues_.for_each([](const Ctx& ctx) { ctx->stop_timer(); });
  co_await node_->stop();
}

// --- transport ---

void MmeCore::on_uplink(net::S1liteConnection& c, std::uint32_t stream, ByteView pdu) {
  Ctx ctx = ues_.on_stream(c.id(), stream);
  const auto header = nas::security_header_of(pdu);
  if (!header) {
    ++stats_.dropped;
    return send_status(c, stream, nas::cause::kProtocolErrorUnspecified);
  }
  std::vector<std::uint8_t> plain;
  ByteView message = pdu;
  bool verified = false;  // passed the integrity check with the context's NAS keys
  if (*header != nas::SecurityHeader::plain) {
    if (ctx && ctx->security) {
      auto unprotected = ctx->security->unprotect(pdu);
      if (unprotected.ok()) {
        plain = std::move(unprotected.value());
        message = plain;
        verified = true;
      } else if (pdu.size() > 6 && pdu[6] == nas::kEmmProtocolDiscriminator && pdu.size() > 7 &&
                 static_cast<nas::MessageType>(pdu[7]) == nas::MessageType::attach_request) {
        message = pdu.subspan(6);  // an Attach Request failing integrity starts afresh (§4.4.4.3)
      } else {
        ++stats_.dropped;  // TS 24.301 §4.4.4.3: discard what fails the integrity check
        return;
      }
    } else if (*header == nas::SecurityHeader::integrity && pdu.size() > 6) {
      message = pdu.subspan(6);  // integrity-protected, not ciphered: an Attach Request with an old context
    } else {
      ++stats_.dropped;
      return;
    }
  }
  auto decoded = nas::decode(message);
  if (!decoded.ok()) {
    spdlog::debug("[mme] stream {}: undecodable NAS: {}", stream, decoded.error().what);
    return send_status(c, stream, decoded.error().cause);
  }
  // TS 24.301 §4.4.4.3: what was not verified is processed only if the specification allows it
  // unprotected, and, once the secure exchange is established, only as a new Attach Request.
  if (!verified && (!nas::mme_may_process_unprotected(decoded.value()) ||
                    (ctx && ctx->secure_exchange && !std::holds_alternative<nas::AttachRequest>(decoded.value())))) {
    ++stats_.dropped;
    spdlog::debug("[mme] stream {}: unprotected NAS message discarded", stream);
    return;
  }
  if (std::holds_alternative<nas::AttachRequest>(decoded.value())) {
    // Each attach runs in a context of its own; a UE's context of record on this stream (if
    // any) stays as it is until the new attempt has authenticated (promote()).
    if (!ctx || ctx->of_record) {
      if (ctx) {
        ues_.unbind(ctx);  // the stream now carries the new attempt
      } else if (ues_.ues_on(c.id()) >= config_.max_ues_per_connection) {
        return reject_congested(c, stream);
      }
      // Past the attempts admitted the Attach Request costs one reject: no context, no AIR.
      if (!admission_->admits()) {
        admission_->refused();
        overload(c);
        return reject_congested(c, stream);
      }
      ctx = std::make_shared<UeContext>(io_);
      ctx->attempt = AttemptSlot(admission_);
    }
    ues_.bind(ctx, c, stream);
  }
  if (!ctx) {
    ++stats_.dropped;
    return send_status(c, stream, nas::cause::kMessageTypeNotCompatible);
  }
  dispatch(ctx, decoded.value());
}

void MmeCore::dispatch(const Ctx& ctx, nas::EmmMessage& m) {
  std::visit(
      [&](auto& msg) {
        using T = std::decay_t<decltype(msg)>;
        if constexpr (std::is_same_v<T, nas::AttachRequest>) {
          on_attach_request(ctx, msg);
        } else if constexpr (std::is_same_v<T, nas::IdentityResponse>) {
          on_identity_response(ctx, msg);
        } else if constexpr (std::is_same_v<T, nas::AuthenticationResponse>) {
          on_authentication_response(ctx, msg);
        } else if constexpr (std::is_same_v<T, nas::AuthenticationFailure>) {
          on_authentication_failure(ctx, msg);
        } else if constexpr (std::is_same_v<T, nas::SecurityModeComplete>) {
          on_security_mode_complete(ctx);
        } else if constexpr (std::is_same_v<T, nas::SecurityModeReject>) {
          on_security_mode_reject(ctx, msg);
        } else if constexpr (std::is_same_v<T, nas::AttachComplete>) {
          on_attach_complete(ctx);
        } else if constexpr (std::is_same_v<T, nas::DetachRequest>) {
          on_detach_request(ctx, msg);
        } else if constexpr (std::is_same_v<T, nas::EmmStatus>) {
          spdlog::info("[mme] {}: EMM status #{} from the UE", ctx->imsi, msg.cause);
        } else {
          // A network-to-UE message sent uplink.
          if (auto c = ctx->connection.lock()) send_status(*c, ctx->stream, nas::cause::kMessageTypeNotCompatible);
        }
      },
      m);
}

void MmeCore::send(const Ctx& ctx, const nas::EmmMessage& m, nas::SecurityHeader header) {
  std::vector<std::uint8_t> plain = nas::encode(m);
  ctx->last_downlink =
      header == nas::SecurityHeader::plain || !ctx->security ? std::move(plain) : ctx->security->protect(plain, header);
  if (auto c = ctx->connection.lock(); c && ctx->bound) c->send(ctx->stream, ctx->last_downlink);
}

void MmeCore::reject_congested(net::S1liteConnection& c, std::uint32_t stream) {
  ++stats_.attach_rejects;
  ++stats_.congestion_rejects;
  AttachMetrics::rejected(nas::cause::kCongestion);
  c.send(stream, nas::encode(nas::AttachReject{nas::cause::kCongestion, t3346()}));
}

void MmeCore::overload(net::S1liteConnection& c) {
  if (!overloaded_enbs_.emplace(c.id(), c.weak_from_this()).second) return;
  c.signal(net::S1liteSignal::overload_start);
  if (overloaded_enbs_.size() == 1) {
    spdlog::warn("[mme] {} attach attempts in progress: Overload Start to the eNodeBs that send more",
                 admission_->in_progress());
    // Overload Stop once the attempts in progress are down to half the limit: posted, since an
    // attempt ends inside a context's teardown.
    admission_->when_drained([weak = weak_from_this(), io = &io_] {
      asio::post(*io, [weak] {
        if (auto self = weak.lock()) self->overload_stop();
      });
    });
  }
}

void MmeCore::overload_stop() {
  if (stopping_) return;
  for (auto& [id, enb] : overloaded_enbs_) {
    if (auto c = enb.lock()) c->signal(net::S1liteSignal::overload_stop);
  }
  spdlog::info("[mme] attach attempts down to {} (limit {}): Overload Stop to {} eNodeBs", admission_->in_progress(),
               admission_->limit(), overloaded_enbs_.size());
  overloaded_enbs_.clear();
}

void MmeCore::send_status(net::S1liteConnection& c, std::uint32_t stream, std::uint8_t cause) {
  ++stats_.emm_status_sent;
  c.send(stream, nas::encode(nas::EmmStatus{cause}));
}

std::size_t MmeCore::contexts() const noexcept { return ues_.size(); }

std::size_t MmeCore::registered_ues() const noexcept {
  std::size_t n = 0;
  ues_.for_each([&n](const Ctx& ctx) { n += ctx->state == EmmState::registered; });
  return n;
}

std::chrono::seconds MmeCore::t3346() {
  const std::int64_t mean = config_.t3346.count();
  std::uniform_int_distribution<std::int64_t> pick(std::max<std::int64_t>(2, mean / 2), mean + mean / 2);
  return std::chrono::seconds(pick(backoff_spread_));
}

std::string Mme::summary() const {
  const MmeStats& s = core_->stats();
  return "attach_requests=" + std::to_string(s.attach_requests) + " attaches=" + std::to_string(s.attaches_completed) +
         " identity_requests=" + std::to_string(s.identity_requests) +
         " air_failovers=" + std::to_string(core_->node().stats().failovers) +
         " t6a_rirs=" + std::to_string(s.scef_notifications);
}

void MmeCore::on_connection_closed(net::S1liteConnection& c) {
  // The UEs behind it are unreachable: their procedures end; registered ones stay registered.
  for (const Ctx& ctx : ues_.on_connection(c.id())) {
    if (ctx->state != EmmState::registered && ctx->state != EmmState::deregistered) {
      abort_procedure(ctx, "S1-lite connection closed");
    } else if (!ctx->of_record) {
      ues_.forget(ctx);
    }
    ues_.unbind(ctx);
  }
}

asio::awaitable<void> MmeCore::housekeeping() {
  // Deregistered contexts keep their GUTI for a while (reattach without Identity Request), then go.
  while (!stopping_) {
    housekeeping_timer_.expires_after(std::chrono::seconds(10));
    boost::system::error_code ec;
    co_await housekeeping_timer_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    if (stopping_) break;
    const auto now = async::TimerClock::now();
    std::vector<Ctx> expired;
    ues_.for_each([&](const Ctx& ctx) {
      if (ctx->of_record && ctx->state == EmmState::deregistered && !ctx->bound &&
          now - ctx->deregistered_at > config_.context_retention) {
        expired.push_back(ctx);
      }
    });
    for (const Ctx& ctx : expired) ues_.forget(ctx);
    ues_.for_each([&](const Ctx& ctx) {
      if (ctx->ks && now >= ctx->ks_expires_at) ctx->ks.reset();  // pull mode: an expired Ks goes
    });
  }
}

}  // namespace iotboot::mme
