// Fixed-size key material. The buffer is wiped when the object dies, and the type has no
// stream or format operator: turning a key into text takes an explicit call
// (reveal_hex for the `keys` calculator, masked_hex for logs and the demo).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

namespace iotboot {

// Wipes a buffer in a way the optimiser may not remove.
void secure_wipe(void* p, std::size_t n) noexcept;

template <std::size_t N>
class Secret {
 public:
  static constexpr std::size_t size_bytes = N;

  Secret() noexcept : b_{} {}
  explicit Secret(std::span<const std::uint8_t, N> from) noexcept { std::memcpy(b_.data(), from.data(), N); }
  Secret(const Secret& o) noexcept : b_(o.b_) {}
  Secret& operator=(const Secret& o) noexcept {
    b_ = o.b_;
    return *this;
  }
  ~Secret() { secure_wipe(b_.data(), N); }

  std::uint8_t* data() noexcept { return b_.data(); }
  const std::uint8_t* data() const noexcept { return b_.data(); }
  static constexpr std::size_t size() noexcept { return N; }
  std::span<std::uint8_t, N> span() noexcept { return std::span<std::uint8_t, N>(b_); }
  std::span<const std::uint8_t, N> span() const noexcept { return std::span<const std::uint8_t, N>(b_); }
  std::uint8_t& operator[](std::size_t i) noexcept { return b_[i]; }
  std::uint8_t operator[](std::size_t i) const noexcept { return b_[i]; }

  // Constant-time comparison.
  friend bool operator==(const Secret& a, const Secret& b) noexcept {
    std::uint8_t d = 0;
    for (std::size_t i = 0; i < N; ++i) d |= static_cast<std::uint8_t>(a.b_[i] ^ b.b_[i]);
    return d == 0;
  }

 private:
  std::array<std::uint8_t, N> b_;
};

using Key128 = Secret<16>;  // K, OP, OPc, CK, IK, KNASenc, KNASint
using Key256 = Secret<32>;  // KASME, Ks, Ks_AS

// Makes room for at least `free` more bytes without leaving a copy of the contents behind: a
// vector that grows by itself frees its old block as it was. For buffers that carry messages
// holding keys (Diameter's framer and output buffers).
void reserve_wiped(std::vector<std::uint8_t>& v, std::size_t free);

// Wipes a stack temporary at scope exit.
template <typename T>
class WipeOnExit {
 public:
  explicit WipeOnExit(T& t) noexcept : t_(t) {}
  WipeOnExit(const WipeOnExit&) = delete;
  WipeOnExit& operator=(const WipeOnExit&) = delete;
  ~WipeOnExit() { secure_wipe(&t_, sizeof(T)); }

 private:
  T& t_;
};

}  // namespace iotboot
