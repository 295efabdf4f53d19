#include "core/length_prefixed_framer.hpp"

#include <cstring>

#include "core/secret.hpp"

namespace iotboot {

LengthPrefixedFramer::LengthPrefixedFramer(std::size_t prefix_size, FrameSize frame_size, std::size_t min_frame,
                                           std::size_t max_frame)
    : prefix_(prefix_size), frame_size_(frame_size), min_(min_frame), max_(max_frame) {}

// Consumed frames are wiped as the buffer is reused (they may hold keys: a Diameter message
// carries KASME and Ks), and growing leaves no copy behind.
MutableByteView LengthPrefixedFramer::prepare(std::size_t min_bytes) {
  if (begin_ == end_) {
    secure_wipe(buf_.data(), end_);
    begin_ = end_ = 0;
  }
  if (buf_.size() - end_ < min_bytes) {
    // Move the unconsumed tail to the front before growing.
    if (begin_ > 0) {
      const std::size_t kept = end_ - begin_;
      std::memmove(buf_.data(), buf_.data() + begin_, kept);
      secure_wipe(buf_.data() + kept, end_ - kept);
      end_ = kept;
      begin_ = 0;
    }
    if (buf_.size() - end_ < min_bytes) {
      reserve_wiped(buf_, end_ + min_bytes - buf_.size());
      buf_.resize(end_ + min_bytes);
    }
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
