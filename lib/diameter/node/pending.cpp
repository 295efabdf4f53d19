#include "diameter/node/pending.hpp"

namespace iotboot::diameter {

void PendingRequests::add(std::uint32_t hbh, std::unique_ptr<AnswerWaiter> waiter, Clock::time_point deadline) {
  if (window_.empty()) first_ = hbh;
  const std::uint32_t index = hbh - first_;
  // Identifiers come in sequence per connection; anything else is a bug in the caller.
  if (index != window_.size()) {
    if (waiter) waiter->complete(RequestError::peer_down);
    return;
  }
  window_.push_back(Entry{std::move(waiter), deadline, true});
  ++live_;
}

bool PendingRequests::complete(std::uint32_t hbh, const MessageView& answer) {
  const std::uint32_t index = hbh - first_;
  if (index >= window_.size() || !window_[index].live) return false;
  Entry& e = window_[index];
  e.live = false;
  --live_;
  if (e.waiter) e.waiter->complete(ReceivedMessage(answer.bytes()));
  e.waiter.reset();
  trim();
  return true;
}

void PendingRequests::expire(Clock::time_point now) {
  while (!window_.empty() && (!window_.front().live || window_.front().deadline <= now)) {
    Entry& e = window_.front();
    if (e.live) {
      --live_;
      if (e.waiter) e.waiter->complete(RequestError::timeout);
    }
    window_.pop_front();
    ++first_;
  }
}

void PendingRequests::fail_all(RequestError error) {
  for (Entry& e : window_) {
    if (e.live && e.waiter) e.waiter->complete(error);
  }
  window_.clear();
  live_ = 0;
}

void PendingRequests::trim() {
  while (!window_.empty() && !window_.front().live) {
    window_.pop_front();
    ++first_;
  }
}

}  // namespace iotboot::diameter
