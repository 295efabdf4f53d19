// The SCEF's writes (seed steps 5.1 and 10.1): records queued to one store thread, committed in
// batches, then applied to the Registry on the io thread. A notification is answered only after
// its data is committed, so an acknowledged KeySet or context survives a crash.
#pragma once

#include <atomic>
#include <memory>
#include <variant>
#include <vector>

#include "async/batch_thread.hpp"
#include "async/completion.hpp"
#include "scef/key_store.hpp"
#include "scef/registry.hpp"

namespace iotboot::scef {

class BootstrapStore {
 public:
  BootstrapStore(std::unique_ptr<KeyStore> store, std::int64_t now);

  // KeySets from S6t, a context from T6a, or (internally) a purge time.
  using Records = std::variant<std::vector<KeySetRecord>, AuthContextRecord, std::int64_t>;

  // Commits the records; completes with true once they are durable, false if the store failed.
  // The caller then applies them to the registry (on its own thread).
  template <typename Token>
  auto async_commit(Records records, Token&& token) {
    return async::async_start<bool>(
        std::forward<Token>(token),
        [this, r = std::move(records)](std::unique_ptr<async::Completion<bool>> done) mutable {
          queue_.push(Job{std::move(r), std::move(done)});
        });
  }
  // Deletes expired rows (from the store thread; fire and forget).
  void purge(std::int64_t now);

  Registry& registry() noexcept { return registry_; }
  // False after a write failed, until one succeeds: the Key API answers 503 meanwhile.
  bool healthy() const noexcept { return healthy_.load(); }

 private:
  struct Job {
    Records work;
    std::unique_ptr<async::Completion<bool>> done;
  };
  void process(std::vector<Job>& batch);

  std::unique_ptr<KeyStore> store_;
  Registry registry_;
  std::atomic<bool> healthy_{true};
  async::BatchThread<Job> queue_;  // last
};

}  // namespace iotboot::scef
