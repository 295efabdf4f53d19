#include "diameter/message.hpp"

#include <bit>
#include <cstring>

#include "diameter/avp_def.hpp"
#include "diameter/base/avps.hpp"

namespace iotboot::diameter {

Header parse_header(const std::uint8_t* p) noexcept {
  Header h;
  h.version = p[0];
  h.length = load_u24(p + 1);
  h.flags = p[4];
  h.command = load_u24(p + 5);
  h.application = load_u32(p + 8);
  h.hop_by_hop = load_u32(p + 12);
  h.end_to_end = load_u32(p + 16);
  return h;
}

bool AvpView::mandatory() const noexcept { return (flags & kAvpFlagMandatory) != 0; }

bool AvpCursor::next(AvpView& out) noexcept {
  if (failed_ || rest_.empty()) return false;
  if (rest_.size() < 8) {
    failed_ = true;
    return false;
  }
  const std::uint8_t* p = rest_.data();
  const std::uint8_t flags = p[4];
  const std::uint32_t length = load_u24(p + 5);
  const std::size_t header = (flags & kAvpFlagVendor) ? 12 : 8;
  if (length < header || length > rest_.size()) {
    failed_ = true;
    return false;
  }
  out.code = load_u32(p);
  out.flags = flags;
  out.vendor = header == 12 ? load_u32(p + 8) : 0;
  out.data = rest_.subspan(header, length - header);
  out.wire = rest_.first(length);
  // The padding to the next 32-bit boundary belongs to this AVP. A region that ends before the
  // padding does (the last AVP of a Grouped value, sent unpadded) simply ends there.
  const std::size_t padded = (std::size_t{length} + 3) & ~std::size_t{3};
  rest_ = padded <= rest_.size() ? rest_.subspan(padded) : ByteView{};
  return true;
}

std::optional<AvpView> MessageView::find(std::uint32_t code, std::uint32_t vendor) const noexcept {
  AvpCursor c = avps();
  AvpView a;
  while (c.next(a)) {
    if (a.code == code && a.vendor == vendor) return a;
  }
  return std::nullopt;
}

std::optional<std::string_view> MessageView::session_id() const noexcept {
  AvpCursor c = avps();
  AvpView a;
  if (c.next(a) && a.code == avp::kSessionId.code() && a.vendor == 0) return as_utf8(a);
  return std::nullopt;
}

std::optional<std::uint32_t> as_u32(const AvpView& a) noexcept {
  if (a.data.size() != 4) return std::nullopt;
  return load_u32(a.data.data());
}

std::optional<std::uint64_t> as_u64(const AvpView& a) noexcept {
  if (a.data.size() != 8) return std::nullopt;
  return load_u64(a.data.data());
}

std::optional<std::int32_t> as_i32(const AvpView& a) noexcept {
  auto v = as_u32(a);
  if (!v) return std::nullopt;
  return static_cast<std::int32_t>(*v);
}

std::optional<std::int64_t> as_i64(const AvpView& a) noexcept {
  auto v = as_u64(a);
  if (!v) return std::nullopt;
  return static_cast<std::int64_t>(*v);
}

std::optional<float> as_f32(const AvpView& a) noexcept {
  auto v = as_u32(a);
  if (!v) return std::nullopt;
  return std::bit_cast<float>(*v);
}

std::optional<double> as_f64(const AvpView& a) noexcept {
  auto v = as_u64(a);
  if (!v) return std::nullopt;
  return std::bit_cast<double>(*v);
}

bool is_valid_utf8(ByteView s) noexcept {
  std::size_t i = 0;
  while (i < s.size()) {
    const std::uint8_t c = s[i];
    std::size_t n = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xe0) == 0xc0) {
      n = 1;
      cp = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
      n = 2;
      cp = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
      n = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + n >= s.size()) return false;  // the sequence runs past the end
    for (std::size_t k = 1; k <= n; ++k) {
      if ((s[i + k] & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (s[i + k] & 0x3f);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8 (RFC 3629).
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10ffff ||
        (cp >= 0xd800 && cp <= 0xdfff)) {
      return false;
    }
    i += n + 1;
  }
  return true;
}

std::optional<std::string_view> as_utf8(const AvpView& a) noexcept {
  if (!is_valid_utf8(a.data)) return std::nullopt;
  return std::string_view(reinterpret_cast<const char*>(a.data.data()), a.data.size());
}

std::optional<std::string_view> as_identity(const AvpView& a) noexcept {
  if (a.data.empty()) return std::nullopt;
  for (std::uint8_t c : a.data) {
    if (c <= 0x20 || c >= 0x7f) return std::nullopt;
  }
  return std::string_view(reinterpret_cast<const char*>(a.data.data()), a.data.size());
}

std::optional<AddressValue> as_address(const AvpView& a) noexcept {
  if (a.data.size() < 2) return std::nullopt;
  AddressValue v;
  v.family = static_cast<std::uint16_t>((a.data[0] << 8) | a.data[1]);
  v.address = a.data.subspan(2);
  if ((v.family == 1 && v.address.size() != 4) || (v.family == 2 && v.address.size() != 16)) return std::nullopt;
  return v;
}

}  // namespace iotboot::diameter
