#include "as/source_ban.hpp"

namespace iotboot::as {

namespace {
// libcoap 4.3.1 frees a handshake that has not finished after 30 s (COAP_PARTIAL_SESSION_TIMEOUT).
constexpr std::chrono::seconds kStaleHandshake{35};
}  // namespace

bool SourceBan::refused(std::uint32_t ipv4, Clock::time_point now) {
  if (limits_.refusals == 0 || banned_.contains(ipv4)) return false;
  auto it = counts_.find(ipv4);
  if (it == counts_.end()) {
    if (counts_.size() >= limits_.max_tracked) forget_old_counts(now);
    if (counts_.size() >= limits_.max_tracked) return false;  // bounded: the newcomer is not counted
    it = counts_.emplace(ipv4, Count{now, 0}).first;
  }
  if (now - it->second.since >= limits_.window) it->second = Count{now, 0};
  if (++it->second.refusals < limits_.refusals) return false;
  counts_.erase(it);
  return ban(ipv4, now);
}

bool SourceBan::ban(std::uint32_t ipv4, Clock::time_point now) {
  if (banned_.size() >= limits_.max_banned || !banned_.emplace(ipv4, now + limits_.ban).second) return false;
  ++bans_;
  return true;
}

bool SourceBan::handshake_started(const void* session, std::uint32_t ipv4, Clock::time_point now) {
  if (limits_.handshakes_in_progress == 0 || !handshakes_.emplace(session, Handshake{ipv4, now}).second) return false;
  return ++in_progress_[ipv4] > limits_.handshakes_in_progress && ban(ipv4, now);
}

void SourceBan::handshake_ended(const void* session) {
  const auto it = handshakes_.find(session);
  if (it == handshakes_.end()) return;
  if (auto n = in_progress_.find(it->second.ipv4); n != in_progress_.end() && --n->second == 0) in_progress_.erase(n);
  handshakes_.erase(it);
}

bool SourceBan::lift_expired(Clock::time_point now) {
  if (now - swept_ >= std::chrono::seconds(1)) {
    swept_ = now;
    for (auto it = handshakes_.begin(); it != handshakes_.end();) {
      const auto stale = it++;
      if (now - stale->second.since > kStaleHandshake) handshake_ended(stale->first);
    }
  }
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
