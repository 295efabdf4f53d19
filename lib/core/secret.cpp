#include "core/secret.hpp"

#include <algorithm>
#include "core/secret_text.hpp"

#include <string.h>

namespace iotboot {

void secure_wipe(void* p, std::size_t n) noexcept { explicit_bzero(p, n); }

[[gnu::noinline]] void burn_stack(std::size_t bytes) noexcept {
  constexpr std::size_t kChunk = 4096;
  volatile unsigned char area[kChunk];
  explicit_bzero(const_cast<unsigned char*>(area), kChunk);
  if (bytes > kChunk) burn_stack(bytes - kChunk);
}

}  // namespace iotboot

namespace iotboot {

void reserve_wiped(std::vector<std::uint8_t>& v, std::size_t free) {
  if (v.capacity() - v.size() >= free) return;
  std::vector<std::uint8_t> bigger;
  bigger.reserve(std::max(v.size() + free, v.capacity() * 2));
  bigger.assign(v.begin(), v.end());
  secure_wipe(v.data(), v.capacity());  // the whole block: bytes past size() held messages too
  v.swap(bigger);
}

}  // namespace iotboot
