#include "diameter/framer.hpp"

#include <cstring>

#include "diameter/message.hpp"

namespace iotboot::diameter {

Framer::Framer(std::size_t max_message_size) : max_(max_message_size) {}

MutableByteView Framer::prepare(std::size_t min_bytes) {
  if (begin_ == end_) begin_ = end_ = 0;
  if (buf_.size() - end_ < min_bytes) {
    // Move the unconsumed tail to the front before growing.
    if (begin_ > 0) {
      std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
      end_ -= begin_;
      begin_ = 0;
    }
    if (buf_.size() - end_ < min_bytes) buf_.resize(end_ + min_bytes);
  }
  return MutableByteView(buf_.data() + end_, buf_.size() - end_);
}

void Framer::feed(ByteView bytes) {
  MutableByteView dst = prepare(bytes.size());
  std::memcpy(dst.data(), bytes.data(), bytes.size());
  commit(bytes.size());
}

Framer::Status Framer::next(ByteView& out) noexcept {
  const std::size_t have = end_ - begin_;
  if (have < 4) return Status::need_more;
  const std::uint32_t length = load_u24(buf_.data() + begin_ + 1);
  if (length < kHeaderSize || length > max_) return Status::bad_length;
  if (have < length) return Status::need_more;
  out = ByteView(buf_.data() + begin_, length);
  begin_ += length;
  return Status::message;
}

}  // namespace iotboot::diameter
