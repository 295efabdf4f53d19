#include "core/length_prefixed_framer.hpp"

#include <cstring>

namespace iotboot {

LengthPrefixedFramer::LengthPrefixedFramer(std::size_t prefix_size, FrameSize frame_size, std::size_t min_frame,
                                           std::size_t max_frame)
    : prefix_(prefix_size), frame_size_(frame_size), min_(min_frame), max_(max_frame) {}

MutableByteView LengthPrefixedFramer::prepare(std::size_t min_bytes) {
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

void LengthPrefixedFramer::feed(ByteView bytes) {
  MutableByteView dst = prepare(bytes.size());
  std::memcpy(dst.data(), bytes.data(), bytes.size());
  commit(bytes.size());
}

LengthPrefixedFramer::Status LengthPrefixedFramer::next(ByteView& out) noexcept {
  const std::size_t have = end_ - begin_;
  if (have < prefix_) return Status::need_more;
  const std::size_t size = frame_size_(buf_.data() + begin_);
  if (size < min_ || size > max_) return Status::bad_length;
  if (have < size) return Status::need_more;
  out = ByteView(buf_.data() + begin_, size);
  begin_ += size;
  return Status::frame;
}

}  // namespace iotboot
