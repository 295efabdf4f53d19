// A bounded map whose entries expire: the AS's cache of keys (until each key's expiry) and of
// refusals (for a short while). When full, the oldest insertion goes first, so that a flood of
// made-up identities costs a bounded amount of memory and only pushes out other entries.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>
#include <utility>

namespace iotboot::as {

template <typename Value>
class ExpiringCache {
 public:
  explicit ExpiringCache(std::size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

  // The live value for key, or nullptr (an expired entry is dropped on the way).
  const Value* find(const std::string& key, std::int64_t now) {
    auto it = entries_.find(key);
    if (it == entries_.end()) return nullptr;
    if (it->second.expires_at > now) return &it->second.value;
    entries_.erase(it);
    return nullptr;
  }

  void put(const std::string& key, Value value, std::int64_t expires_at) {
    if (auto it = entries_.find(key); it != entries_.end()) {
      it->second.value = std::move(value);
      it->second.expires_at = expires_at;
      return;
    }
    entries_.emplace(key, Entry{std::move(value), expires_at, ++sequence_});
    order_.emplace_back(key, sequence_);
    while (entries_.size() > capacity_) evict_oldest();
    if (order_.size() > 2 * capacity_ + 16) compact();
  }

  void erase(const std::string& key) { entries_.erase(key); }
  std::size_t size() const noexcept { return entries_.size(); }

 private:
  struct Entry {
    Value value;
    std::int64_t expires_at;
    std::uint64_t sequence;  // which insertion order_ refers to
  };
  bool live(const std::pair<std::string, std::uint64_t>& o) const {
    auto it = entries_.find(o.first);
    return it != entries_.end() && it->second.sequence == o.second;
  }
  void evict_oldest() {
    while (!order_.empty()) {
      const bool was_live = live(order_.front());
      if (was_live) entries_.erase(order_.front().first);
      order_.pop_front();
      if (was_live) return;
    }
  }
  // Drops what erase() and expiry left behind in order_.
  void compact() {
    std::deque<std::pair<std::string, std::uint64_t>> kept;
    for (auto& o : order_) {
      if (live(o)) kept.push_back(std::move(o));
    }
    order_.swap(kept);
  }

  std::size_t capacity_;
  std::uint64_t sequence_ = 0;
  std::unordered_map<std::string, Entry> entries_;
  std::deque<std::pair<std::string, std::uint64_t>> order_;
};

}  // namespace iotboot::as
