#include "nas/buffer.hpp"

namespace iotboot::nas {

std::uint8_t Reader::u8() noexcept {
  if (data_.empty()) {
    failed_ = true;
    return 0;
  }
  const std::uint8_t v = data_[0];
  data_ = data_.subspan(1);
  return v;
}

std::uint16_t Reader::u16() noexcept {
  const std::uint8_t hi = u8();
  return static_cast<std::uint16_t>(hi << 8 | u8());
}

ByteView Reader::take(std::size_t n) noexcept {
  if (data_.size() < n) {
    failed_ = true;
    data_ = {};
    return {};
  }
  const ByteView v = data_.first(n);
  data_ = data_.subspan(n);
  return v;
}

}  // namespace iotboot::nas
