#include "scef/bootstrap_store.hpp"

#include <spdlog/spdlog.h>

namespace iotboot::scef {

BootstrapStore::BootstrapStore(std::unique_ptr<KeyStore> store, std::int64_t now)
    : store_(std::move(store)), queue_([this](std::vector<Job>& batch) { process(batch); }, 512) {
  // What was acknowledged before a restart is served again.
  for (const KeySetRecord& k : store_->key_sets(now)) registry_.add(k);
  for (const AuthContextRecord& c : store_->contexts(now)) registry_.add(c);
}

void BootstrapStore::purge(std::int64_t now) { queue_.push(Job{now, nullptr}); }

void BootstrapStore::process(std::vector<Job>& batch) {
  bool ok = true;
  try {
    auto tx = store_->begin();
    for (const Job& job : batch) {
      if (const auto* keys = std::get_if<std::vector<KeySetRecord>>(&job.work)) {
        for (const KeySetRecord& k : *keys) store_->put_key_set(k);
      } else if (const auto* ctx = std::get_if<AuthContextRecord>(&job.work)) {
        store_->put_context(*ctx);
      }
    }
    tx->commit();
    for (const Job& job : batch) {
      if (const auto* now = std::get_if<std::int64_t>(&job.work)) store_->purge(*now);
    }
  } catch (const std::exception& e) {
    spdlog::error("[scef] key store: {}", e.what());
    ok = false;
  }
  healthy_.store(ok);
  for (Job& job : batch) {
    if (job.done) job.done->complete(ok);
  }
}

}  // namespace iotboot::scef
