#include "net/listener.hpp"

#include <gtest/gtest.h>

namespace iotboot::net {
namespace {

const auto kA = boost::asio::ip::make_address("127.0.0.2");
const auto kB = boost::asio::ip::make_address("127.0.0.3");

TEST(Admission, LimitsConnectionsInAllAndPerAddress) {
  auto admission = std::make_shared<Admission>(ConnectionLimits{3, 2});
  auto a1 = admission->admit(kA);
  auto a2 = admission->admit(kA);
  ASSERT_TRUE(a1 && a2);
  EXPECT_FALSE(admission->admit(kA));  // per address
  auto b1 = admission->admit(kB);
  ASSERT_TRUE(b1);
  EXPECT_FALSE(admission->admit(kB));  // in all
  EXPECT_EQ(admission->open(), 3u);
  EXPECT_EQ(admission->refused(), 2u);
  a1.reset();  // a connection ends: its slot is free again
  EXPECT_TRUE(admission->admit(kB));
}

TEST(Admission, ASlotMayOutliveItsAdmission) {
  std::optional<Admission::Slot> slot;
  {
    auto admission = std::make_shared<Admission>(ConnectionLimits{1, 1});
    auto admitted = admission->admit(kA);
    ASSERT_TRUE(admitted);
    slot.emplace(std::move(*admitted));
  }
  ASSERT_TRUE(slot);
  slot.reset();
}

}  // namespace
}  // namespace iotboot::net
