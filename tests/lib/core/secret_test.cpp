#include "core/secret.hpp"

#include <gtest/gtest.h>

#include <new>

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

}  // namespace
}  // namespace iotboot
