#include "core/secret.hpp"

#include <gtest/gtest.h>

#include <new>
#include <vector>

namespace iotboot {
namespace {

TEST(Secret, ComparesByValue) {
  Key128 a, b;
  a[3] = 7;
  EXPECT_FALSE(a == b);
  b[3] = 7;
  EXPECT_TRUE(a == b);
}

TEST(Secret, WipesOnDestruction) {
  alignas(Key128) unsigned char storage[sizeof(Key128)];
  auto* key = new (storage) Key128;
  for (std::size_t i = 0; i < key->size(); ++i) (*key)[i] = 0xa5;
  key->~Key128();
  for (unsigned char c : storage) EXPECT_EQ(c, 0);
}

// Every length, odd ones and those past a page included (rep stosb on x86-64).
TEST(Secret, SecureWipeClearsExactlyTheRange) {
  for (std::size_t n : {0u, 1u, 31u, 32u, 200u, 4097u, 65536u}) {
    std::vector<unsigned char> b(n + 2, 0xa5);
    secure_wipe(b.data() + 1, n);
    EXPECT_EQ(b.front(), 0xa5) << n;
    EXPECT_EQ(b.back(), 0xa5) << n;
    for (std::size_t i = 1; i <= n; ++i) ASSERT_EQ(b[i], 0) << n << " at " << i;
  }
}

// Growing keeps the contents (the old block, wiped, is freed and cannot be looked at here; the
// core-dump test in tests/system sees that no copy is left); enough room means no move.
TEST(Secret, ReserveWipedGrowsKeepingTheContents) {
  std::vector<std::uint8_t> v(100, 0x5a);
  v.shrink_to_fit();
  const std::uint8_t* before = v.data();
  reserve_wiped(v, 1000);
  EXPECT_GE(v.capacity() - v.size(), 1000u);
  EXPECT_NE(v.data(), before);
  EXPECT_EQ(v, std::vector<std::uint8_t>(100, 0x5a));
  const std::uint8_t* now = v.data();
  reserve_wiped(v, 10);
  EXPECT_EQ(v.data(), now);
}

}  // namespace
}  // namespace iotboot
