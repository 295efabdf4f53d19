// Downlink NAS PDUs for one simulated UE, awaited with a timeout.
#pragma once

#include <utility>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <deque>
#include <optional>
#include <vector>

namespace iotboot::ue {

namespace asio = boost::asio;

class Mailbox {
 public:
  explicit Mailbox(asio::io_context& io) : signal_(io) {}

  void push(std::vector<std::uint8_t> pdu) {
    queue_.push_back(std::move(pdu));
    signal_.cancel();
  }
  // The next PDU, or nullopt after `timeout` without one.
  asio::awaitable<std::optional<std::vector<std::uint8_t>>> receive(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (queue_.empty()) {
      if (std::chrono::steady_clock::now() >= deadline) co_return std::nullopt;
      signal_.expires_at(deadline);
      boost::system::error_code ec;
      co_await signal_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
    std::vector<std::uint8_t> pdu = std::move(queue_.front());
    queue_.pop_front();
    co_return pdu;
  }
  void clear() { queue_.clear(); }

 private:
  std::deque<std::vector<std::uint8_t>> queue_;
  asio::steady_timer signal_;
};

}  // namespace iotboot::ue
