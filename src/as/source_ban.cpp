#include "as/source_ban.hpp"

namespace iotboot::as {

bool SourceBan::refused(std::uint32_t ipv4, Clock::time_point now) {
  if (limits_.refusals == 0 || banned_.contains(ipv4)) return false;
  auto it = counts_.find(ipv4);
  if (it == counts_.end()) {
    if (counts_.size() >= limits_.max_tracked) forget_old_counts(now);
    if (counts_.size() >= limits_.max_tracked) return false;  // bounded: the newcomer is not counted
    it = counts_.emplace(ipv4, Count{now, 0}).first;
  }
  if (now - it->second.since >= limits_.window) it->second = Count{now, 0};
  if (++it->second.refusals < limits_.refusals || banned_.size() >= limits_.max_banned) return false;
  counts_.erase(it);
  banned_.emplace(ipv4, now + limits_.ban);
  ++bans_;
  return true;
}

bool SourceBan::lift_expired(Clock::time_point now) {
  return std::erase_if(banned_, [now](const auto& b) { return b.second <= now; }) > 0;
}

std::vector<std::uint32_t> SourceBan::banned() const {
  std::vector<std::uint32_t> out;
  out.reserve(banned_.size());
  for (const auto& [ipv4, until] : banned_) out.push_back(ipv4);
  return out;
}

void SourceBan::forget_old_counts(Clock::time_point now) {
  std::erase_if(counts_, [&](const auto& c) { return now - c.second.since >= limits_.window; });
}

}  // namespace iotboot::as
