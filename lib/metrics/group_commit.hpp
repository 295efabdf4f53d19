// The group commits of a store's writer thread (the HSS's SQNs for a batch of AIRs, the SCEF's
// KeySets and contexts): how many, how long each took, how many requests each carried, and
// whether the last one succeeded (the store is reachable: a readiness check).
#pragma once

#include <atomic>
#include <cstddef>
#include <string>

#include "metrics/registry.hpp"

namespace iotboot::metrics {

class GroupCommitMetrics {
 public:
  // nf: the `nf` label (hss, scef).
  explicit GroupCommitMetrics(const std::string& nf, Registry& registry = process_registry());
  // One transaction of `requests` requests that took `seconds`; ok: committed.
  void record(std::size_t requests, double seconds, bool ok) noexcept;
  // False from a failed commit until the next one succeeds.
  bool store_reachable() const noexcept { return reachable_.load(std::memory_order_relaxed); }

 private:
  Counter& committed_;
  Counter& failed_;
  Histogram& duration_;
  Histogram& size_;
  std::atomic<bool> reachable_{true};
};

}  // namespace iotboot::metrics
