// The Key API answer as the AS reads it, and the device identity it keeps only when it is one.
#include "as/key_answer.hpp"

#include <gtest/gtest.h>

namespace iotboot::as {
namespace {

const std::string kKs(64, 'a');

KeyAnswer parsed(const std::string& device_fields) {
  KeyAnswer a;
  EXPECT_TRUE(parse_key_answer(R"({"ksAs":")" + kKs + R"(","expiry":"2026-12-01T12:00:00Z")" + device_fields + "}", a));
  return a;
}

TEST(KeyAnswer, KeepsAPseudonymOrAnExternalIdentifier) {
  const KeyAnswer p = parsed(R"(,"deviceId":"1be6872f6bb4f3363dc5922c257a4a87","deviceIdType":"PSEUDONYM")");
  EXPECT_EQ(p.device.id, "1be6872f6bb4f3363dc5922c257a4a87");
  EXPECT_EQ(p.device.type, "PSEUDONYM");
  EXPECT_EQ(p.expires_at, 1796126400);
  const KeyAnswer e = parsed(R"(,"deviceId":"meter-17@meters.example.com","deviceIdType":"EXTERNAL_ID")");
  EXPECT_EQ(e.device.id, "meter-17@meters.example.com");
  EXPECT_EQ(e.device.type, "EXTERNAL_ID");
  EXPECT_TRUE(parsed("").device.id.empty());
}

// What goes into the backend's headers is checked here, whatever the SCEF (or anything posing
// as it) sent: the key is kept, the identity is not.
TEST(KeyAnswer, DropsAnIdentityThatIsNeither) {
  for (const char* fields : {
           R"(,"deviceId":"meter\r\nX-Evil: 1@x.com","deviceIdType":"EXTERNAL_ID")",
           R"(,"deviceId":"1BE6872F6BB4F3363DC5922C257A4A87","deviceIdType":"PSEUDONYM")",
           R"(,"deviceId":"meter-17@meters.example.com","deviceIdType":"PSEUDONYM")",
           R"(,"deviceId":"1be6872f6bb4f3363dc5922c257a4a87","deviceIdType":"IMSI")",
           R"(,"deviceId":7,"deviceIdType":"PSEUDONYM")",
           R"(,"deviceId":"1be6872f6bb4f3363dc5922c257a4a87")",
       }) {
    const KeyAnswer a = parsed(fields);
    EXPECT_TRUE(a.device.id.empty()) << fields;
    EXPECT_TRUE(a.device.type.empty()) << fields;
  }
}

}  // namespace
}  // namespace iotboot::as
