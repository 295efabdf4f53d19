// A UDP relay that stands in for `tc netem` where the kernel has none: clients send to its port,
// and it forwards each datagram to one server port and back, each direction delayed by
// `delay ± jitter` (uniform, so datagrams reorder as under netem's jitter) and lost at random at
// `loss_percent`. Each client gets its own upstream socket, so the server sees one source
// address per client, as it would without the relay.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>

namespace iotboot::test {

struct LinkImpairment {
  std::chrono::milliseconds delay{0};
  std::chrono::milliseconds jitter{0};
  int loss_percent = 0;
  std::uint32_t seed = 1;  // the same seed, the same drops and delays for the same traffic
};

class ImpairedUdpLink {
 public:
  // Relays 127.0.0.1:port() to 127.0.0.1:server_port until destroyed.
  ImpairedUdpLink(std::uint16_t server_port, const LinkImpairment& impairment);
  ~ImpairedUdpLink();
  ImpairedUdpLink(const ImpairedUdpLink&) = delete;
  ImpairedUdpLink& operator=(const ImpairedUdpLink&) = delete;

  std::uint16_t port() const;
  std::uint64_t forwarded() const { return forwarded_; }  // both directions
  std::uint64_t dropped() const { return dropped_; }

 private:
  struct Relay;
  std::atomic<std::uint64_t> forwarded_{0}, dropped_{0};
  std::unique_ptr<Relay> relay_;
};

}  // namespace iotboot::test
