#include "diameter/writer.hpp"

#include <bit>
#include <cstring>
#include <stdexcept>

namespace iotboot::diameter {
namespace {

constexpr std::size_t kMaxLength = 0xffffff;  // 24-bit length fields

std::size_t avp_header_size(const AvpInfo& info) noexcept { return info.vendor != 0 ? 12 : 8; }

std::uint8_t* put_avp_header(std::uint8_t* p, const AvpInfo& info, std::uint32_t length) noexcept {
  store_u32(p, info.code);
  p[4] = info.flags();
  store_u24(p + 5, length);
  if (info.vendor != 0) {
    store_u32(p + 8, info.vendor);
    return p + 12;
  }
  return p + 8;
}

}  // namespace

std::uint8_t* Writer::grow(std::size_t n) {
  const std::size_t at = out_.size();
  out_.resize(at + n);
  return out_.data() + at;
}

std::size_t Writer::begin_message(std::uint8_t flags, std::uint32_t command, std::uint32_t application,
                                  std::uint32_t hop_by_hop, std::uint32_t end_to_end) {
  const std::size_t start = out_.size();
  std::uint8_t* p = grow(kHeaderSize);
  p[0] = kVersion;
  store_u24(p + 1, kHeaderSize);
  p[4] = flags;
  store_u24(p + 5, command);
  store_u32(p + 8, application);
  store_u32(p + 12, hop_by_hop);
  store_u32(p + 16, end_to_end);
  return start;
}

void Writer::end_message(std::size_t message_start) noexcept {
  store_u24(out_.data() + message_start + 1, static_cast<std::uint32_t>(out_.size() - message_start));
}

void Writer::put_bytes(const AvpInfo& info, ByteView value) {
  const std::size_t header = avp_header_size(info);
  const std::size_t length = header + value.size();
  if (length > kMaxLength) throw std::length_error("Diameter AVP longer than 2^24 octets");
  const std::size_t padded = (length + 3) & ~std::size_t{3};
  std::uint8_t* p = grow(padded);
  p = put_avp_header(p, info, static_cast<std::uint32_t>(length));
  if (!value.empty()) std::memcpy(p, value.data(), value.size());
  std::memset(p + value.size(), 0, padded - length);
}

void Writer::put_u32(const AvpInfo& info, std::uint32_t v) {
  std::uint8_t* p = grow(avp_header_size(info) + 4);
  p = put_avp_header(p, info, static_cast<std::uint32_t>(avp_header_size(info) + 4));
  store_u32(p, v);
}

void Writer::put_u64(const AvpInfo& info, std::uint64_t v) {
  std::uint8_t* p = grow(avp_header_size(info) + 8);
  p = put_avp_header(p, info, static_cast<std::uint32_t>(avp_header_size(info) + 8));
  store_u32(p, static_cast<std::uint32_t>(v >> 32));
  store_u32(p + 4, static_cast<std::uint32_t>(v));
}

void Writer::put(const AvpDef<Float32>& d, float v) { put_u32(d.info, std::bit_cast<std::uint32_t>(v)); }
void Writer::put(const AvpDef<Float64>& d, double v) { put_u64(d.info, std::bit_cast<std::uint64_t>(v)); }

void Writer::put(const AvpDef<Address>& d, std::uint16_t family, ByteView address) {
  std::uint8_t value[18];
  if (address.size() > 16) throw std::length_error("Diameter Address longer than 16 octets");
  value[0] = static_cast<std::uint8_t>(family >> 8);
  value[1] = static_cast<std::uint8_t>(family);
  std::memcpy(value + 2, address.data(), address.size());
  put_bytes(d.info, ByteView(value, address.size() + 2));
}

std::size_t Writer::begin_avp(const AvpInfo& info) {
  const std::size_t start = out_.size();
  put_avp_header(grow(avp_header_size(info)), info, 0);
  return start;
}

void Writer::end_avp(std::size_t avp_start) noexcept {
  // The members are each padded already, so the group's length is a multiple of 4.
  store_u24(out_.data() + avp_start + 5, static_cast<std::uint32_t>(out_.size() - avp_start));
}

void Writer::put_raw(ByteView avp) {
  const std::size_t padded = (avp.size() + 3) & ~std::size_t{3};
  std::uint8_t* p = grow(padded);
  std::memcpy(p, avp.data(), avp.size());
  std::memset(p + avp.size(), 0, padded - avp.size());
}

}  // namespace iotboot::diameter
