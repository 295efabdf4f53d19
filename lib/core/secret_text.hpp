// Text and buffers that may hold key material in hex (a CSV line with K and OPc, a Key API
// answer with Ks_AS): every block they release is wiped first, including the ones a growing
// string leaves behind. Reserve before filling so that the text never sits in a string's
// inline buffer, which no allocator sees.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "core/secret.hpp"

namespace iotboot {

template <typename T>
struct WipingAllocator {
  using value_type = T;
  WipingAllocator() noexcept = default;
  template <typename U>
  WipingAllocator(const WipingAllocator<U>&) noexcept {}  // NOLINT(google-explicit-constructor)
  T* allocate(std::size_t n) { return std::allocator<T>().allocate(n); }
  void deallocate(T* p, std::size_t n) noexcept {
    secure_wipe(p, n * sizeof(T));
    std::allocator<T>().deallocate(p, n);
  }
  template <typename U>
  friend bool operator==(const WipingAllocator&, const WipingAllocator<U>&) noexcept {
    return true;
  }
};

using SecretText = std::basic_string<char, std::char_traits<char>, WipingAllocator<char>>;

// Overwrites `bytes` of the stack below the caller's frame: for after a call to a library
// (a JSON parser, a stream) that may have left key text in its own frames or inline buffers.
void burn_stack(std::size_t bytes = 16384) noexcept;

// A SecretText with room reserved on the heap from the start.
inline SecretText secret_text(std::size_t capacity = 256) {
  SecretText t;
  t.reserve(capacity < 32 ? 32 : capacity);
  return t;
}

}  // namespace iotboot
