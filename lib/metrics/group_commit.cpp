#include "metrics/group_commit.hpp"

namespace iotboot::metrics {

namespace {

CounterFamily& commits(Registry& r) {
  return r.counter("iotboot_store_commits_total", "Store transactions of a writer thread (group commits), by result",
                   {"nf", "result"});
}

}  // namespace

GroupCommitMetrics::GroupCommitMetrics(const std::string& nf, Registry& registry)
    : committed_(commits(registry).with({nf, "ok"})),
      failed_(commits(registry).with({nf, "failed"})),
      duration_(registry
                    .histogram("iotboot_store_commit_duration_seconds",
                               "Time of one store transaction of a writer thread, begin to commit", {"nf"},
                               seconds_buckets())
                    .with({nf})),
      size_(registry
                .histogram("iotboot_store_commit_requests", "Requests served by one store transaction (group commit)",
                           {"nf"}, size_buckets())
                .with({nf})) {}

void GroupCommitMetrics::record(std::size_t requests, double seconds, bool ok) noexcept {
  (ok ? committed_ : failed_).inc();
  duration_.observe(seconds);
  size_.observe(static_cast<double>(requests));
  reachable_.store(ok, std::memory_order_relaxed);
}

}  // namespace iotboot::metrics
