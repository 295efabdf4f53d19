// Seed steps 3-4 inside the HSS: authentication vectors for an IMSI, with the SQN of every
// vector committed to the store before the vectors are handed out (DESIGN §2.2).
//
// Requests are queued to one store thread (SQLite calls block; no io thread may). The thread
// takes everything queued and handles it in one transaction: group commit, so one fsync serves
// many AIRs. Concurrent requests for one IMSI are serialised by that transaction and never share
// an SQN.
#pragma once

#include <utility>

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "crypto/auth_vector.hpp"
#include "hss/subscriber_store.hpp"

namespace iotboot::hss {

namespace asio = boost::asio;

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
  store_unavailable,  // DIAMETER_UNABLE_TO_COMPLY
};

struct AuthOutcome {
  AuthStatus status = AuthStatus::store_unavailable;
  std::vector<crypto::AuthVector> vectors;
  std::vector<crypto::Sqn> sqns;  // the SQN of each vector
  bool bootstrap = false;
  std::string scef_id;
};

class AuthService {
 public:
  explicit AuthService(std::unique_ptr<SubscriberStore> store, std::size_t max_batch = 512);
  ~AuthService();
  AuthService(const AuthService&) = delete;
  AuthService& operator=(const AuthService&) = delete;

  // Completes with the outcome on the awaiting coroutine's executor.
  template <typename Token>
  auto async_authenticate(AuthRequest request, Token&& token) {
    return asio::async_initiate<Token, void(AuthOutcome)>(
        [this](auto handler, AuthRequest req) {
          enqueue(std::move(req), std::make_unique<CompletionFor<decltype(handler)>>(std::move(handler)));
        },
        token, std::move(request));
  }

  struct Stats {
    std::uint64_t requests = 0;
    std::uint64_t transactions = 0;
  };
  Stats stats() const;

 private:
  class Completion {
   public:
    virtual ~Completion() = default;
    virtual void complete(AuthOutcome outcome) = 0;
  };
  template <typename Handler>
  class CompletionFor final : public Completion {
   public:
    explicit CompletionFor(Handler h) : handler_(std::move(h)) {}
    void complete(AuthOutcome outcome) override {
      auto ex = asio::get_associated_executor(handler_);
      asio::post(ex, [h = std::move(handler_), o = std::move(outcome)]() mutable { h(std::move(o)); });
    }

   private:
    Handler handler_;
  };
  struct Job {
    AuthRequest request;
    std::unique_ptr<Completion> done;
  };

  void enqueue(AuthRequest request, std::unique_ptr<Completion> done);
  void run();
  void process(std::vector<Job>& batch);

  std::unique_ptr<SubscriberStore> store_;
  const std::size_t max_batch_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> queue_;
  bool stopping_ = false;
  Stats stats_;
  std::thread thread_;
};

}  // namespace iotboot::hss
