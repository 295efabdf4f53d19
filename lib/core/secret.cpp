#include "core/secret.hpp"
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
