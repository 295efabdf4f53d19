// What every listening socket of iotboot does the same way (Diameter, S1-lite, the Key API):
// admission — at most so many connections at once, and so many from one address — and an accept
// loop that neither spins nor stalls when accept() fails (out of descriptors above all).
#pragma once

#include <utility>  // before asio/awaitable.hpp (Boost 1.74 with C++20 coroutines)

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace iotboot::net {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

struct ConnectionLimits {
  std::size_t total = 1024;      // connections open at once
  std::size_t per_address = 64;  // of them from one remote IP address
};

// Counts open connections; one io thread uses it. Slots may outlive the listener.
class Admission : public std::enable_shared_from_this<Admission> {
 public:
  explicit Admission(ConnectionLimits limits) : limits_(limits) {}

  // Held for the life of one connection.
  class Slot {
   public:
    Slot(std::shared_ptr<Admission> owner, asio::ip::address from) : owner_(std::move(owner)), from_(std::move(from)) {}
    Slot(Slot&& o) noexcept : owner_(std::move(o.owner_)), from_(std::move(o.from_)) {}
    Slot& operator=(Slot&&) = delete;
    Slot(const Slot&) = delete;
    ~Slot();

   private:
    std::shared_ptr<Admission> owner_;
    asio::ip::address from_;
  };

  // A slot for a connection from `from`, or nullopt when a limit is reached (counted).
  std::optional<Slot> admit(const asio::ip::address& from);

  std::size_t open() const noexcept { return open_; }
  std::uint64_t refused() const noexcept { return refused_; }
  const ConnectionLimits& limits() const noexcept { return limits_; }

 private:
  ConnectionLimits limits_;
  std::size_t open_ = 0;
  std::uint64_t refused_ = 0;
  std::map<asio::ip::address, std::size_t> per_address_;
};

// Opens, binds (address reuse on: a restarted NF takes its port back at once) and listens;
// throws boost::system::system_error when the address is taken or invalid.
void listen_on(tcp::acceptor& acceptor, const std::string& address, std::uint16_t port);

// Accepts, on the acceptor's executor, until the acceptor is closed. Each connection within
// the limits goes to on_accept with its slot; one over a limit is closed at once (the client
// sees the connection end, not a hang). An accept error waits before the next try, doubling
// from 10 ms to 1 s; when the process is out of descriptors, a spare one is given up to take
// the oldest pending connection off the queue and close it, so that clients are told instead
// of left waiting.
using AcceptHandler = std::function<void(tcp::socket, Admission::Slot)>;
void start_accepting(std::shared_ptr<tcp::acceptor> acceptor, std::shared_ptr<Admission> admission,
                     AcceptHandler on_accept);

}  // namespace iotboot::net
