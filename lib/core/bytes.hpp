// Fixed-size byte strings for protocol values that are not secret (RAND, AUTN, RES, ...).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace iotboot {

template <std::size_t N>
using Bytes = std::array<std::uint8_t, N>;

using ByteView = std::span<const std::uint8_t>;
using MutableByteView = std::span<std::uint8_t>;

// The octets of a text (an IMSI, an AS_ID, a label) as a KDF parameter.
inline ByteView bytes_of(std::string_view s) noexcept {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

// a ^= b over the shorter of the two.
inline void xor_into(MutableByteView a, ByteView b) noexcept {
  const std::size_t n = a.size() < b.size() ? a.size() : b.size();
  for (std::size_t i = 0; i < n; ++i) a[i] ^= b[i];
}

// Big-endian load/store of the low `N` bytes of an unsigned integer.
template <std::size_t N>
constexpr std::uint64_t load_be(const Bytes<N>& b) noexcept {
  static_assert(N <= 8);
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < N; ++i) v = (v << 8) | b[i];
  return v;
}

template <std::size_t N>
constexpr Bytes<N> store_be(std::uint64_t v) noexcept {
  static_assert(N <= 8);
  Bytes<N> b{};
  for (std::size_t i = 0; i < N; ++i) b[N - 1 - i] = static_cast<std::uint8_t>(v >> (8 * i));
  return b;
}

}  // namespace iotboot
