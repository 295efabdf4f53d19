// S1-lite (docs/attach.md): NAS PDUs of many UEs over one TCP connection, framed as
//   uint32 length | uint32 ue_stream_id | NAS PDU      (big-endian; length counts what follows it)
// Stream 0 carries no UE: it is the connection's own signalling (S1liteSignal).
// Replacing S1-lite with S1AP must touch only this transport.
#pragma once

#include <utility>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/length_prefixed_framer.hpp"

#include "core/bytes.hpp"
#include "net/batched_writer.hpp"
#include "net/listener.hpp"

namespace iotboot::net {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

inline constexpr std::size_t kS1liteMaxFrame = 65536;

// Non-UE-associated signalling on stream 0, one octet: S1AP's MME Overload Start and Stop
// (TS 36.413 §8.7.6, §8.7.7). While the MME is overloaded the eNodeB refuses new attaches
// itself, so that refusing them costs the MME nothing.
inline constexpr std::uint32_t kS1liteSignallingStream = 0;
enum class S1liteSignal : std::uint8_t { overload_start = 1, overload_stop = 2 };

// S1-lite frames out of a byte stream: a 4-octet length (of the stream id and the PDU), then
// the 4-octet stream id and the PDU.
class S1liteFramer : public LengthPrefixedFramer {
 public:
  explicit S1liteFramer(std::size_t max_frame = kS1liteMaxFrame);
  using LengthPrefixedFramer::next;
  // On `frame`: stream and pdu (valid until the next prepare()).
  Status next(std::uint32_t& stream, ByteView& pdu) noexcept;
};

void append_s1lite_frame(std::vector<std::uint8_t>& out, std::uint32_t stream, ByteView pdu);

// What one connection may cost: a peer that does not read its downlink is closed once this much
// waits to be written, rather than the buffer growing without bound.
inline constexpr std::size_t kS1liteMaxPendingOutput = 4 << 20;

class S1liteConnection : public std::enable_shared_from_this<S1liteConnection> {
 public:
  using PduHandler = std::function<void(S1liteConnection&, std::uint32_t stream, ByteView pdu)>;
  using ClosedHandler = std::function<void(S1liteConnection&)>;

  S1liteConnection(tcp::socket socket, PduHandler on_pdu, ClosedHandler on_closed,
                   std::size_t max_pending_output = kS1liteMaxPendingOutput);
  void start();
  // Queues one frame; written at the end of the current read batch or at once.
  void send(std::uint32_t stream, ByteView pdu);
  void signal(S1liteSignal s);
  // The peer said Overload Start and not yet Overload Stop.
  bool peer_overloaded() const noexcept { return peer_overloaded_; }
  void close();
  bool is_open() const noexcept { return open_; }
  std::uint64_t id() const noexcept { return id_; }
  // Keeps the listener's admission slot for the connection's life.
  void hold(Admission::Slot slot) { slot_.emplace(std::move(slot)); }

 private:
  asio::awaitable<void> read_loop();
  void flush();

  tcp::socket socket_;
  PduHandler on_pdu_;
  ClosedHandler on_closed_;
  S1liteFramer framer_;
  BatchedWriter writer_;
  bool in_batch_ = false;
  bool open_ = true;
  bool closing_ = false;  // over its output bound: frames are dropped until it closes
  bool peer_overloaded_ = false;
  std::uint64_t id_;
  std::size_t max_pending_output_;
  std::optional<Admission::Slot> slot_;
};

// The MME side: accepts eNB-side connections (here, UE simulators).
// The accept loop shares the server's state, so destroying the server while its io_context
// runs is safe.
struct S1liteLimits {
  ConnectionLimits connections{256, 64};  // eNodeB-side connections (here, UE simulators)
  std::size_t max_pending_output = kS1liteMaxPendingOutput;
};

class S1liteServer {
 public:
  S1liteServer(asio::io_context& io, const std::string& address, std::uint16_t port,
               S1liteConnection::PduHandler on_pdu, S1liteConnection::ClosedHandler on_closed,
               S1liteLimits limits = {});
  ~S1liteServer();
  void start();
  void stop();
  std::uint16_t port() const;

  struct State;

 private:
  std::shared_ptr<State> state_;
};

// The UE-simulator side.
asio::awaitable<std::shared_ptr<S1liteConnection>> s1lite_connect(const std::string& address, std::uint16_t port,
                                                                  S1liteConnection::PduHandler on_pdu,
                                                                  S1liteConnection::ClosedHandler on_closed);

}  // namespace iotboot::net
