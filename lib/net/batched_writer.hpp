// The output side of a stream connection that carries many messages (Diameter, S1-lite):
// messages are appended to a buffer, and one async_write at a time sends everything appended
// so far. While a write is in flight the next batch collects in the other buffer, so a burst
// of answers costs one system call, not one each.
//
// The messages may hold keys (KASME and Ks in S6a, S6t and T6a): what was written is wiped, and
// the buffer grows only in out(), by reserve_wiped, with room for the largest message, so that
// appending never leaves a copy behind.
#pragma once

#include <utility>

#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <cstdint>
#include <vector>

#include "core/secret.hpp"

namespace iotboot::net {

class BatchedWriter {
 public:
  // max_message: the most one message appended after out() may take (unless out() is told).
  explicit BatchedWriter(std::size_t max_message = 65536) noexcept : max_message_(max_message) {}
  ~BatchedWriter() {
    secure_wipe(out_.data(), out_.capacity());
    secure_wipe(writing_.data(), writing_.capacity());
  }
  BatchedWriter(const BatchedWriter&) = delete;
  BatchedWriter& operator=(const BatchedWriter&) = delete;

  // Where the next message goes, with room for `room` bytes (default: max_message).
  std::vector<std::uint8_t>& out(std::size_t room = 0) {
    reserve_wiped(out_, room ? room : max_message_);
    return out_;
  }
  // Bytes appended or being written: what a peer that does not read makes us hold.
  std::size_t pending() const noexcept { return out_.size() + writing_.size(); }
  // Nothing appended and nothing being written.
  bool idle() const noexcept { return !in_flight_ && out_.empty(); }
  // Drops what was appended and not yet written (the connection is being given up).
  void discard() noexcept {
    secure_wipe(out_.data(), out_.size());
    out_.clear();
  }

  // Writes everything appended so far unless a write is already in flight (its completion
  // calls on_written, which flushes again). on_written(error_code) must keep the writer's
  // owner alive: the writer is used again when the write completes.
  // stream: a TCP socket, or a TLS stream over one.
  template <typename Stream, typename OnWritten>
  void flush(Stream& socket, OnWritten&& on_written) {
    if (in_flight_ || out_.empty()) return;
    in_flight_ = true;
    writing_.swap(out_);
    boost::asio::async_write(
        socket, boost::asio::buffer(writing_),
        [this, done = std::forward<OnWritten>(on_written)](boost::system::error_code ec, std::size_t) mutable {
          in_flight_ = false;
          secure_wipe(writing_.data(), writing_.size());
          writing_.clear();
          done(ec);
        });
  }

 private:
  std::vector<std::uint8_t> out_;
  std::vector<std::uint8_t> writing_;
  std::size_t max_message_;
  bool in_flight_ = false;
};

}  // namespace iotboot::net
