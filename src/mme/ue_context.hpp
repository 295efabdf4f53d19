// What the MME keeps per UE: where it is reached, its identity, its EMM state,
// authentication vectors, the EPS security context and its GUTI.
#pragma once

#include <utility>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "async/timer_clock.hpp"
#include "core/secret.hpp"
#include "mme/attach_admission.hpp"
#include "nas/identities.hpp"
#include "nas/security.hpp"
#include "net/s1lite.hpp"

namespace iotboot::mme {

namespace asio = boost::asio;

enum class EmmState {
  deregistered,
  wait_identity,         // Identity Request sent
  wait_vectors,          // AIR in flight
  wait_auth_response,    // Authentication Request sent (T3460)
  wait_smc_complete,     // Security Mode Command sent (T3460)
  wait_scef,             // T6a notification of the result in flight (bounded)
  wait_attach_complete,  // Attach Accept sent (T3450)
  registered,
};
std::string_view to_string(EmmState s) noexcept;

// One E-UTRAN authentication vector from the HSS, with its Ks in pull mode (solution #11).
struct Vector {
  Bytes<16> rand{};
  std::vector<std::uint8_t> xres;
  Bytes<16> autn{};
  Key256 kasme;
  std::optional<Key256> ks;
  std::chrono::seconds ks_lifetime{0};
};

// Holds one place among the attach attempts in progress (attach_admission.hpp) until it is
// released: when the attempt becomes the context of record, or when the context goes. Shared, so
// that a context outliving the MME's core (held by a coroutine) stays safe.
class AttemptSlot {
 public:
  AttemptSlot() = default;
  explicit AttemptSlot(std::shared_ptr<AttachAdmission> admission) : admission_(std::move(admission)) {
    admission_->started();
  }
  AttemptSlot(const AttemptSlot&) = delete;
  AttemptSlot& operator=(const AttemptSlot&) = delete;
  AttemptSlot& operator=(AttemptSlot&& o) noexcept {
    release();
    admission_ = std::move(o.admission_);
    return *this;
  }
  ~AttemptSlot() { release(); }
  void release() noexcept {
    if (admission_) admission_->ended();
    admission_.reset();
  }

 private:
  std::shared_ptr<AttachAdmission> admission_;
};

struct UeContext {
  explicit UeContext(boost::asio::io_context& io) : io_(&io) {}

  // Where the UE is reached: an S1-lite connection and stream.
  std::weak_ptr<net::S1liteConnection> connection;
  std::uint64_t connection_id = 0;
  std::uint32_t stream = 0;
  bool bound = false;

  std::string imsi;
  // The MME's context of record for its IMSI (indexed by IMSI and GUTI). An Attach Request runs
  // in a new context that becomes the one of record only once its authentication has succeeded
  // and its security context is taken into use; until then the UE's existing context stays as
  // it is (TS 24.301 §4.4.2.3, §5.5.1.2.7), whoever sent the Attach Request.
  bool of_record = false;
  AttemptSlot attempt;  // held from the Attach Request until it becomes of record
  EmmState state = EmmState::deregistered;
  std::uint64_t procedure = 0;  // bumped per procedure: async completions of an older one are ignored
  // Its Attach Request: what attach_duration_seconds and the admission (attach_admission.hpp) measure.
  std::chrono::steady_clock::time_point attach_started{};
  std::vector<std::uint8_t> ue_network_capability;
  std::vector<Vector> vectors;        // unused, for the next authentication (no allocation when none)
  std::unique_ptr<Vector> challenge;  // the one being used (none once registered)
  std::uint8_t next_ksi = 0;
  bool resync_tried = false;
  std::unique_ptr<nas::SecurityContext> security;
  // Set once a message protected with `security` has been verified after the Security Mode
  // Command (TS 24.301 §4.4.4.3): from then on nothing unprotected is processed.
  bool secure_exchange = false;
  void drop_security() {
    security.reset();
    secure_exchange = false;
  }
  std::optional<nas::Guti> guti;
  std::optional<nas::Guti> old_guti;   // from the Attach Request, released when the new one is allocated
  std::optional<std::string> scef_id;  // IoT-Notify-SCEF from the HSS: notify this SCEF over T6a
  std::optional<std::string> scef_realm;
  // Pull mode (solution #11): the Ks of the vector this context authenticated with, served to
  // the SCEF by GUTI (t6a_server.cpp) until it expires or the context ends. On expiry the key is
  // wiped and ks_expires_at kept, so that the SCEF learns why there is none.
  std::optional<Key256> ks;
  async::TimerClock::time_point ks_expires_at{};
  void drop_ks() {
    ks.reset();
    ks_expires_at = {};
  }

  // T3460 / T3450 / T3470: made while a procedure waits for the UE; a registered UE has none.
  async::Timer& timer() {
    if (!timer_) timer_ = std::make_unique<async::Timer>(*io_);
    return *timer_;
  }
  void stop_timer() { timer_.reset(); }  // what was pending completes with operation_aborted
  unsigned expiries = 0;
  std::vector<std::uint8_t> last_downlink;  // retransmitted on expiry
  async::TimerClock::time_point deregistered_at;

 private:
  boost::asio::io_context* io_;
  std::unique_ptr<async::Timer> timer_;
};

}  // namespace iotboot::mme
