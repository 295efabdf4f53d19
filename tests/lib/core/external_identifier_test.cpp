#include "core/external_identifier.hpp"

#include <gtest/gtest.h>

namespace iotboot {
namespace {

TEST(ExternalIdentifier, AcceptsLocalAtDomain) {
  for (const char* id : {"meter-17@meters.example.com", "a@b", "x.y_z~1!$&'*+=@iot.example.org"}) {
    EXPECT_FALSE(check_external_identifier(id)) << id;
  }
  EXPECT_FALSE(check_external_identifier(std::string(64, 'a') + "@example.com"));
}

// What would break a JSON string, an HTTP header or a log line never passes.
TEST(ExternalIdentifier, RefusesWithAReasonThatDoesNotQuoteIt) {
  EXPECT_EQ(check_external_identifier("meter17").value(), "no '@' between local identifier and domain");
  EXPECT_EQ(check_external_identifier("@example.com").value(), "empty local identifier");
  EXPECT_EQ(check_external_identifier(std::string(65, 'a') + "@example.com").value(),
            "local identifier longer than 64 characters");
  EXPECT_EQ(check_external_identifier("a\"b@example.com").value(),
            "character not allowed in a local identifier at position 2");
  for (const char* bad : {"a b@x.com", "a\r\nb@x.com", "a,b@x.com", "a;b@x.com", "a\\b@x.com", "a@b@x.com"}) {
    EXPECT_TRUE(check_external_identifier(bad)) << bad;
  }
  EXPECT_EQ(check_external_identifier("a@").value(), "domain identifier: empty name");
  EXPECT_EQ(check_external_identifier("a@x..com").value(), "domain identifier: empty label at position 3");
}

}  // namespace
}  // namespace iotboot
