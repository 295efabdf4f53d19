#include "core/fqdn.hpp"

#include <gtest/gtest.h>

namespace iotboot {
namespace {

TEST(Fqdn, AcceptsHostNames) {
  for (const char* name : {"as1.example.com", "a", "3gpp.org", "x-y.z9", "EXAMPLE.com"}) {
    EXPECT_FALSE(check_fqdn(name)) << name;
  }
  EXPECT_FALSE(check_fqdn(std::string(63, 'a') + ".com"));
}

TEST(Fqdn, RejectsWithReason) {
  EXPECT_EQ(check_fqdn("").value(), "empty name");
  EXPECT_EQ(check_fqdn("a..b").value(), "empty label at position 3");
  EXPECT_EQ(check_fqdn("a.b.").value(), "empty label at position 5");
  EXPECT_EQ(check_fqdn("-a.b").value(), "label starts or ends with '-' at position 1");
  EXPECT_EQ(check_fqdn("a_b.c").value(), "character not allowed in a host name at position 2");
  EXPECT_EQ(check_fqdn(std::string(64, 'a')).value(), "label longer than 63 characters at position 1");
  EXPECT_TRUE(check_fqdn(std::string(254, 'a')));
}

}  // namespace
}  // namespace iotboot
