// Seed steps 3-4 inside the HSS: authentication vectors for an IMSI, with the SQN of every
// vector committed to the store before the vectors are handed out (docs/keys.md).
//
// Requests are queued to one store thread (SQLite calls block; no io thread may). The thread
// takes everything queued and handles it in one transaction: group commit, so one fsync serves
// many AIRs. Concurrent requests for one IMSI are serialised by that transaction and never share
// an SQN.
#pragma once

#include <utility>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "async/batch_thread.hpp"
#include "async/completion.hpp"
#include "crypto/auth_vector.hpp"
#include "hss/subscriber_store.hpp"
#include "metrics/group_commit.hpp"

namespace iotboot::hss {

struct AuthRequest {
  std::string imsi;
  unsigned vectors = 1;
  crypto::SnId serving_network{};
  std::optional<Bytes<30>> resync;  // RAND ‖ AUTS from Re-Synchronization-Info
};

enum class AuthStatus {
  ok,
  unknown_user,       // S6a 5001
  resync_failed,      // MAC-S wrong: S6a 4181
  amf_not_eutran,     // the subscriber's AMF lacks the separation bit: S6a 4181, no SQN used
  store_unavailable,  // DIAMETER_UNABLE_TO_COMPLY
};

struct AuthOutcome {
  AuthStatus status = AuthStatus::store_unavailable;
  std::vector<crypto::AuthVector> vectors;
  std::vector<crypto::Sqn> sqns;                                             // the SQN of each vector
  provisioning::BootstrapMode bootstrap = provisioning::BootstrapMode::off;  // as provisioned
  std::string scef_id;
};

class AuthService {
 public:
  explicit AuthService(std::unique_ptr<SubscriberStore> store, std::size_t max_batch = 512);

  // Completes with the outcome on the awaiting coroutine's executor.
  template <typename Token>
  auto async_authenticate(AuthRequest request, Token&& token) {
    return async::async_start<AuthOutcome>(
        std::forward<Token>(token),
        [this, r = std::move(request)](std::unique_ptr<async::Completion<AuthOutcome>> done) mutable {
          queue_.push(Job{std::move(r), std::move(done)});
        });
  }

  struct Stats {
    std::uint64_t requests = 0;
    std::uint64_t transactions = 0;
  };
  Stats stats() const { return {queue_.jobs(), queue_.batches()}; }
  // The last transaction committed (readiness: the store is reachable).
  bool store_reachable() const noexcept { return commits_.store_reachable(); }

 private:
  struct Job {
    AuthRequest request;
    std::unique_ptr<async::Completion<AuthOutcome>> done;
  };
  void process(std::vector<Job>& batch);

  std::unique_ptr<SubscriberStore> store_;
  metrics::GroupCommitMetrics commits_{"hss"};
  async::BatchThread<Job> queue_;  // last: its thread uses the members above
};

}  // namespace iotboot::hss
