#include "ue/ue_session.hpp"

// GCC 12 reports a false -Wmismatched-new-delete on attach()'s coroutine frame once it holds
// the outcome's keys: the frame is allocated and freed by Asio's own operator new/delete pair.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

#include "crypto/bootstrap_keys.hpp"
#include "crypto/eps_keys.hpp"
#include "nas/emm_cause.hpp"
#include "nas/integrity_rules.hpp"

namespace iotboot::ue {

// An eNodeB's RRC Connection Reject wait time while its MME is overloaded (TS 36.331 allows
// 1 to 16 s): a UE comes back after it.
constexpr std::chrono::seconds kOverloadWait{2};

using nas::SecurityHeader;

UeSession::UeSession(asio::io_context& io, Usim& usim, const Plmn& plmn, std::uint32_t stream,
                     std::shared_ptr<net::S1liteConnection> connection)
    : io_(io), usim_(usim), plmn_(plmn), stream_(stream), connection_(std::move(connection)), mailbox_(io) {}

void UeSession::send_plain(const nas::EmmMessage& m) {
  if (connection_) connection_->send(stream_, nas::encode(m));
}

void UeSession::send_protected(const nas::EmmMessage& m, SecurityHeader header) {
  if (connection_) connection_->send(stream_, security_->protect(nas::encode(m), header));
}

std::optional<nas::EmmMessage> UeSession::open(ByteView pdu) {
  const auto header = nas::security_header_of(pdu);
  if (!header) return std::nullopt;
  std::vector<std::uint8_t> plain;
  ByteView message = pdu;
  std::unique_ptr<nas::SecurityContext> proposed;  // from a Security Mode Command, once verified
  bool verified = false;
  if (*header == SecurityHeader::integrity_new_context || *header == SecurityHeader::integrity_ciphered_new_context) {
    // A Security Mode Command: the new context comes from the challenge just answered.
    if (!pending_ || pdu.size() < 9) return std::nullopt;
    const std::uint8_t algs = pdu[8];
    try {
      proposed = std::make_unique<nas::SecurityContext>(pending_->ksi, pending_->kasme,
                                                        static_cast<crypto::CipheringAlgorithm>((algs >> 4) & 0x07),
                                                        static_cast<crypto::IntegrityAlgorithm>(algs & 0x07), true);
    } catch (const std::invalid_argument&) {
      return std::nullopt;  // algorithms this UE does not support
    }
    auto r = proposed->unprotect(pdu);
    if (!r.ok()) return std::nullopt;
    plain = std::move(r.value());
    message = plain;
    verified = true;
  } else if (*header != SecurityHeader::plain) {
    if (!security_) return std::nullopt;
    auto r = security_->unprotect(pdu);
    if (!r.ok()) return std::nullopt;
    plain = std::move(r.value());
    message = plain;
    verified = true;
  }
  auto decoded = nas::decode(message);
  if (!decoded.ok()) return std::nullopt;
  if (proposed) {
    // Only a Security Mode Command may bring a new context.
    if (!std::holds_alternative<nas::SecurityModeCommand>(decoded.value())) return std::nullopt;
    security_ = std::move(proposed);
  }
  // TS 24.301 §4.4.4.2: unprotected, only what the specification allows, and nothing once the
  // secure exchange is established.
  if (!verified && (security_ || !nas::ue_may_process_unprotected(decoded.value()))) return std::nullopt;
  return std::move(decoded.value());
}

void UeSession::remember_challenge(std::uint8_t ksi, const crypto::Rand& rand, const crypto::Autn& autn,
                                   const crypto::UsimResponse& r) {
  pending_.emplace();
  pending_->ksi = ksi;
  pending_->kasme = crypto::derive_kasme(r.ck, r.ik, plmn_.encoded(), r.sqn_xor_ak);
  pending_->ck = r.ck;
  pending_->ik = r.ik;
  pending_->rand = rand;
  pending_->autn = autn;
  pending_->res.assign(r.res.begin(), r.res.end());
}

void UeSession::accepted(AttachOutcome& out, const std::optional<nas::Guti>& guti) const {
  out.guti = guti;
  out.ks = crypto::derive_ks(pending_->ck, pending_->ik);  // seed step 11 at the UE
  out.rand = pending_->rand;
  out.autn = pending_->autn;
  out.res = pending_->res;
  out.ck = pending_->ck;
  out.ik = pending_->ik;
  out.kasme = pending_->kasme;
  out.attached = true;
}

asio::awaitable<AttachOutcome> UeSession::attach(bool use_guti, std::chrono::milliseconds timeout) {
  AttachOutcome out;
  if (connection_ && connection_->peer_overloaded()) {
    // The eNodeB's part of MME Overload Start: it refuses the RRC connection itself, with a
    // wait time, and the MME never sees the attach.
    out.failure = "RRC connection rejected: MME overload";
    out.backoff = kOverloadWait;
    co_return out;
  }
  mailbox_.clear();
  security_.reset();
  pending_.reset();
  nas::AttachRequest req;
  if (use_guti && guti_) {
    req.identity = *guti_;
  } else {
    req.identity = usim_.imsi();
  }
  req.ue_network_capability = capability_;
  send_plain(req);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    auto pdu = co_await mailbox_.receive(std::max(left, std::chrono::milliseconds(0)));
    if (!pdu) {
      out.failure = "timeout";
      co_return out;
    }
    auto msg = open(*pdu);
    if (!msg) continue;  // not for us, or failing integrity: ignored (TS 24.301 §4.4.4.2)
    if (auto* m = std::get_if<nas::IdentityRequest>(&*msg)) {
      (void)m;
      out.identity_requested = true;
      send_plain(nas::IdentityResponse{usim_.imsi()});
    } else if (auto* ar = std::get_if<nas::AuthenticationRequest>(&*msg)) {
      ++out.challenges;
      const crypto::UsimResponse r = usim_.authenticate(ar->rand, ar->autn);
      if (r.outcome != crypto::AkaOutcome::mac_failure) out.sqns_seen.push_back(r.sqn);
      if (r.outcome == crypto::AkaOutcome::synch_failure && r.freshness == crypto::Freshness::replayed) {
        out.replay_seen = true;
      }
      switch (r.outcome) {
        case crypto::AkaOutcome::success: {
          remember_challenge(ar->ksi, ar->rand, ar->autn, r);
          send_plain(nas::AuthenticationResponse{pending_->res});
          break;
        }
        case crypto::AkaOutcome::mac_failure:
          send_plain(nas::AuthenticationFailure{nas::cause::kMacFailure, std::nullopt});
          break;
        case crypto::AkaOutcome::synch_failure:
          out.resynchronised = true;
          send_plain(nas::AuthenticationFailure{nas::cause::kSynchFailure, r.auts});
          break;
        case crypto::AkaOutcome::amf_not_eps:
          send_plain(nas::AuthenticationFailure{nas::cause::kNonEpsAuthenticationUnacceptable, std::nullopt});
          break;
      }
    } else if (std::holds_alternative<nas::AuthenticationReject>(*msg)) {
      out.failure = "Authentication Reject";
      co_return out;
    } else if (auto* smc = std::get_if<nas::SecurityModeCommand>(&*msg)) {
      if (smc->replayed_ue_capabilities != capability_) {
        security_.reset();
        send_plain(nas::SecurityModeReject{nas::cause::kUeSecurityCapabilitiesMismatch});
        continue;
      }
      send_protected(nas::SecurityModeComplete{}, SecurityHeader::integrity_ciphered_new_context);
    } else if (auto* acc = std::get_if<nas::AttachAccept>(&*msg)) {
      if (!security_ || !pending_) continue;  // an Attach Accept must come protected, after the SMC
      guti_ = acc->guti;
      accepted(out, acc->guti);
      send_protected(nas::AttachComplete{}, SecurityHeader::integrity_ciphered);
      pending_.reset();
      co_return out;
    } else if (auto* rej = std::get_if<nas::AttachReject>(&*msg)) {
      out.failure = "Attach Reject #" + std::to_string(rej->cause);
      out.backoff = rej->t3346;
      co_return out;
    }
  }
}

asio::awaitable<bool> UeSession::detach(bool switch_off, std::chrono::milliseconds timeout) {
  nas::DetachRequest req;
  req.switch_off = switch_off;
  req.identity = guti_ ? nas::EpsMobileIdentity(*guti_) : nas::EpsMobileIdentity(usim_.imsi());
  if (security_) {
    req.ksi = security_->ksi();
    send_protected(req, SecurityHeader::integrity_ciphered);
  } else {
    send_plain(req);
  }
  if (switch_off) {
    security_.reset();
    co_return true;
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    auto pdu = co_await mailbox_.receive(std::max(left, std::chrono::milliseconds(0)));
    if (!pdu) co_return false;
    auto msg = open(*pdu);
    if (msg && std::holds_alternative<nas::DetachAccept>(*msg)) {
      security_.reset();
      co_return true;
    }
  }
}

}  // namespace iotboot::ue
