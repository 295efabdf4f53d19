// The MME network function (seed steps 1-10): NAS over S1-lite towards UEs, S6a towards the
// HSS, and the EMM state machine of each UE between them.
#pragma once

#include <utility>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <random>
#include <unordered_map>

#include "async/timer_clock.hpp"
#include "diameter/apps/t6a.hpp"
#include "diameter/node/node.hpp"
#include "metrics/registry.hpp"
#include "mme/mme_config.hpp"
#include "mme/mme_context.hpp"
#include "mme/s6a_client.hpp"
#include "mme/ue_context.hpp"
#include "nas/emm.hpp"
#include "net/s1lite.hpp"

namespace iotboot::mme {

struct MmeStats {
  std::uint64_t attach_requests = 0;
  std::uint64_t attaches_accepted = 0;
  std::uint64_t attaches_completed = 0;
  std::uint64_t attach_rejects = 0;
  // #22: the connection had max_ues_per_connection UEs, or max_attach_attempts were in progress
  std::uint64_t congestion_rejects = 0;
  std::uint64_t authentication_rejects = 0;
  std::uint64_t resynchronisations = 0;
  std::uint64_t identity_requests = 0;
  std::uint64_t detaches = 0;
  std::uint64_t retransmissions = 0;
  std::uint64_t procedures_aborted = 0;
  std::uint64_t emm_status_sent = 0;
  std::uint64_t dropped = 0;  // undecodable or failing integrity, not answered
  std::uint64_t scef_notifications = 0;
  std::uint64_t scef_failures = 0;  // T6a RIR not acknowledged in time (the attach went on)
  std::uint64_t ks_requests = 0;    // T6a CIRs from the SCEF (pull mode)
  std::uint64_t ks_served = 0;      // answered with a Ks
};

// The MME's state and procedures. Coroutines and timers it starts hold it (shared or weak),
// so it outlives them; Mme below is the handle that shuts it down.
class MmeCore : public std::enable_shared_from_this<MmeCore> {
 public:
  // vectors: empty for S6a to the HSS (the normal case).
  MmeCore(asio::io_context& io, MmeConfig config, VectorSource vectors = {});
  void start();
  asio::awaitable<void> stop();
  // Stops accepting and cancels every timer and procedure at once.
  void shutdown();

  std::uint16_t s1_port() const { return s1_.port(); }
  diameter::Node& node() noexcept { return *node_; }
  const MmeStats& stats() const noexcept { return stats_; }
  // UE contexts held: of record (by IMSI) and attempts in progress.
  std::size_t contexts() const noexcept;
  // Attach attempts in progress: from their Attach Request until they become of record.
  std::size_t attach_attempts() const noexcept { return admission_->in_progress(); }
  // UE contexts in EMM-REGISTERED (counted when asked: for the metrics scrape).
  std::size_t registered_ues() const noexcept;

 private:
  using Ctx = std::shared_ptr<UeContext>;

  // transport and dispatch (mme.cpp)
  void on_uplink(net::S1liteConnection& c, std::uint32_t stream, ByteView pdu);
  void on_connection_closed(net::S1liteConnection& c);
  void dispatch(const Ctx& ctx, nas::EmmMessage& m);
  void send(const Ctx& ctx, const nas::EmmMessage& m, nas::SecurityHeader header);
  void send_status(net::S1liteConnection& c, std::uint32_t stream, std::uint8_t cause);
  // Attach Reject #22 with a T3346, for an Attach Request the MME has no room for.
  void reject_congested(net::S1liteConnection& c, std::uint32_t stream);
  // Past max_attach_attempts: Overload Start to the eNodeB that sent one more (it then refuses
  // attaches itself); Overload Stop to every eNodeB told so once the attempts are down to half.
  void overload(net::S1liteConnection& c);
  void overload_stop();
  asio::awaitable<void> housekeeping();

  // pull mode: the SCEF asks for a GUTI's Ks (t6a_server.cpp)
  void on_ks_request(const diameter::t6a::Cir& cir, diameter::Reply& reply);

  // the attach procedure (attach.cpp)
  void on_attach_request(const Ctx& ctx, nas::AttachRequest& m);
  void on_identity_response(const Ctx& ctx, const nas::IdentityResponse& m);
  void identified(const Ctx& ctx);
  void promote(const Ctx& ctx);
  void authenticate(const Ctx& ctx);
  asio::awaitable<void> fetch_vectors(Ctx ctx, std::uint64_t procedure, std::optional<Bytes<30>> resync);
  void challenge(const Ctx& ctx);
  void on_authentication_response(const Ctx& ctx, const nas::AuthenticationResponse& m);
  void on_authentication_failure(const Ctx& ctx, const nas::AuthenticationFailure& m);
  void on_security_mode_complete(const Ctx& ctx);
  void on_security_mode_reject(const Ctx& ctx, const nas::SecurityModeReject& m);
  void accept(const Ctx& ctx);
  asio::awaitable<void> notify_scef(Ctx ctx, std::uint64_t procedure, bool success, Bytes<16> rand);
  void on_attach_complete(const Ctx& ctx);
  void on_detach_request(const Ctx& ctx, const nas::DetachRequest& m);
  void reject_attach(const Ctx& ctx, std::uint8_t cause);
  // A T3346 for one rejected UE: config's t3346 ±50 % at random, so that UEs told to come back
  // later do not all come back at once (TS 24.301 §5.5.1.2.5).
  std::chrono::seconds t3346();
  void reject_authentication(const Ctx& ctx);
  void abort_procedure(const Ctx& ctx, const char* why);
  // The one way a procedure ends without registering the UE (procedure.cpp, with the timers).
  void end_procedure(const Ctx& ctx);
  void start_timer(const Ctx& ctx, std::chrono::milliseconds period, unsigned retransmissions);

  asio::io_context& io_;
  MmeConfig config_;
  std::unique_ptr<diameter::Node> node_;
  net::S1liteServer s1_;
  VectorSource vectors_;
  MmeContext ues_;
  async::Timer housekeeping_timer_;
  bool stopping_ = false;
  MmeStats stats_;
  std::minstd_rand backoff_spread_{std::random_device{}()};
  std::shared_ptr<AttachAdmission> admission_;                                               // AttemptSlot
  std::unordered_map<std::uint64_t, std::weak_ptr<net::S1liteConnection>> overloaded_enbs_;  // told Overload Start
  // Last: they read the members above at scrape time; reset before node_ goes (shutdown()).
  metrics::Registration gauges_, node_metrics_, readiness_;
};

class Mme {
 public:
  Mme(asio::io_context& io, MmeConfig config, VectorSource vectors = {})
      : core_(std::make_shared<MmeCore>(io, std::move(config), std::move(vectors))) {}
  ~Mme() { core_->shutdown(); }
  Mme(const Mme&) = delete;
  Mme& operator=(const Mme&) = delete;

  void start() { core_->start(); }
  asio::awaitable<void> stop() { return core_->stop(); }
  std::uint16_t s1_port() const { return core_->s1_port(); }
  diameter::Node& node() noexcept { return core_->node(); }
  const MmeStats& stats() const noexcept { return core_->stats(); }
  std::size_t contexts() const noexcept { return core_->contexts(); }
  // What it did, as `key=value ...` (printed when its process stops).
  std::string summary() const;

 private:
  std::shared_ptr<MmeCore> core_;
};

}  // namespace iotboot::mme
