// Splits a TCP byte stream into frames that announce their own size in a fixed prefix
// (Diameter's header, S1-lite's length field), whatever the split of the bytes. The socket
// reads straight into the framer's buffer (prepare/commit); complete frames are handed out as
// views into it, valid until the next prepare().
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/bytes.hpp"

namespace iotboot {

class LengthPrefixedFramer {
 public:
  enum class Status {
    need_more,   // no complete frame yet
    frame,       // `out` holds one frame
    bad_length,  // the announced size is outside [min_frame, max_frame]: the stream is lost
  };
  // The whole frame's size, read from its first prefix_size bytes.
  using FrameSize = std::size_t (*)(const std::uint8_t* prefix) noexcept;

  LengthPrefixedFramer(std::size_t prefix_size, FrameSize frame_size, std::size_t min_frame, std::size_t max_frame);

  // A writable region of at least min_bytes for the next read.
  MutableByteView prepare(std::size_t min_bytes = 16384);
  void commit(std::size_t n) noexcept { end_ += n; }
  // Copies bytes in (tests, and callers that did not read into prepare()).
  void feed(ByteView bytes);

  Status next(ByteView& out) noexcept;
  std::size_t buffered() const noexcept { return end_ - begin_; }
  std::size_t max_frame() const noexcept { return max_; }

 private:
  std::vector<std::uint8_t> buf_;
  std::size_t begin_ = 0;  // first unconsumed byte
  std::size_t end_ = 0;    // one past the last received byte
  std::size_t prefix_;
  FrameSize frame_size_;
  std::size_t min_;
  std::size_t max_;
};

}  // namespace iotboot
