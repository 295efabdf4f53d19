// Bounded reading and appending of NAS octets. A reader never reads past its end: a short read
// sets failed() and yields zeros, so decoders check once at the end.
#pragma once

#include <cstdint>
#include <vector>

#include "core/bytes.hpp"

namespace iotboot::nas {

class Reader {
 public:
  explicit Reader(ByteView data) noexcept : data_(data) {}

  std::uint8_t u8() noexcept;
  std::uint16_t u16() noexcept;
  ByteView take(std::size_t n) noexcept;  // empty view (and failed) if fewer remain
  std::uint8_t peek() const noexcept { return data_.empty() ? 0 : data_[0]; }
  std::size_t remaining() const noexcept { return data_.size(); }
  bool empty() const noexcept { return data_.empty(); }
  bool failed() const noexcept { return failed_; }
  void fail() noexcept { failed_ = true; }

 private:
  ByteView data_;
  bool failed_ = false;
};

class Writer {
 public:
  explicit Writer(std::vector<std::uint8_t>& out) noexcept : out_(out) {}
  void u8(std::uint8_t v) { out_.push_back(v); }
  void u16(std::uint16_t v) {
    out_.push_back(static_cast<std::uint8_t>(v >> 8));
    out_.push_back(static_cast<std::uint8_t>(v));
  }
  void bytes(ByteView b) { out_.insert(out_.end(), b.begin(), b.end()); }
  // Length-value with a one-octet length.
  void lv(ByteView b) {
    u8(static_cast<std::uint8_t>(b.size()));
    bytes(b);
  }
  void tlv(std::uint8_t iei, ByteView b) {
    u8(iei);
    lv(b);
  }
  // Length-value with a two-octet length (LV-E).
  void lv_e(ByteView b) {
    u16(static_cast<std::uint16_t>(b.size()));
    bytes(b);
  }
  std::size_t size() const noexcept { return out_.size(); }
  std::vector<std::uint8_t>& out() noexcept { return out_; }

 private:
  std::vector<std::uint8_t>& out_;
};

}  // namespace iotboot::nas
