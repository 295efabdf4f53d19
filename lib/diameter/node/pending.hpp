// Requests sent on one connection and not yet answered, by Hop-by-Hop identifier. Identifiers
// are handed out in sequence, so the window is a deque indexed by (id - first id), and since
// every request has the same timeout the oldest is always at the front.
#pragma once

#include <utility>

#include <chrono>
#include <deque>
#include <memory>

#include "async/completion.hpp"
#include "diameter/node/node.hpp"

namespace iotboot::diameter {

using Clock = std::chrono::steady_clock;

using AnswerWaiter = async::Completion<RequestResult>;

class PendingRequests {
 public:
  // Registers a request with identifier `hbh`; `waiter` null for a DWR (tracked, not awaited).
  void add(std::uint32_t hbh, std::unique_ptr<AnswerWaiter> waiter, Clock::time_point deadline);
  // The answer for hbh; false when no such request is pending.
  bool complete(std::uint32_t hbh, const MessageView& answer);
  // Fails every request whose deadline has passed.
  void expire(Clock::time_point now);
  void fail_all(RequestError error);
  bool empty() const noexcept { return live_ == 0; }

 private:
  struct Entry {
    std::unique_ptr<AnswerWaiter> waiter;
    Clock::time_point deadline;
    bool live = false;
  };
  void trim();
  std::deque<Entry> window_;
  std::uint32_t first_ = 0;  // hbh of window_.front()
  std::size_t live_ = 0;
};

}  // namespace iotboot::diameter
