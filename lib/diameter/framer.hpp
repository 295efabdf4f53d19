// Splits a TCP byte stream into Diameter messages, whatever the split of the bytes. The
// socket reads straight into the framer's buffer (prepare/commit); complete messages are
// handed out as views into it, valid until the next prepare().
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/bytes.hpp"

namespace iotboot::diameter {

class Framer {
 public:
  enum class Status {
    need_more,  // no complete message yet
    message,    // `out` holds one message
    bad_length, // the length field is below the header size or above the limit: the stream is lost
  };

  explicit Framer(std::size_t max_message_size = 65536);

  // A writable region of at least min_bytes for the next read.
  MutableByteView prepare(std::size_t min_bytes = 16384);
  void commit(std::size_t n) noexcept { end_ += n; }
  // Copies bytes in (tests, and callers that did not read into prepare()).
  void feed(ByteView bytes);

  Status next(ByteView& out) noexcept;
  std::size_t buffered() const noexcept { return end_ - begin_; }
  std::size_t max_message_size() const noexcept { return max_; }

 private:
  std::vector<std::uint8_t> buf_;
  std::size_t begin_ = 0;  // first unconsumed byte
  std::size_t end_ = 0;    // one past the last received byte
  std::size_t max_;
};

}  // namespace iotboot::diameter
