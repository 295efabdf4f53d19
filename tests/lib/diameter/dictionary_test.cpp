// The dictionary: the base protocol is known from the start, applications add theirs, and a
// registration that contradicts what is known is refused.
#include "diameter/dictionary.hpp"

#include <gtest/gtest.h>

#include <array>
#include <stdexcept>

#include "diameter/apps/ids.hpp"

namespace iotboot::diameter {
namespace {

constexpr std::uint32_t kTestVendor = 99;  // no real application uses it
constexpr auto kFoo = must<Unsigned32>(1, kTestVendor, "Foo");
constexpr auto kFooAsText = must<Utf8String>(1, kTestVendor, "Foo");
constexpr std::array<AvpInfo, 1> kFooAvps = {kFoo.info};
constexpr std::array<AvpInfo, 1> kFooAsTextAvps = {kFooAsText.info};
constexpr std::array<CommandInfo, 1> kFooCommands = {{{900, "FOR", "FOA"}}};
constexpr std::array<CommandInfo, 1> kOtherFooCommands = {{{900, "XYR", "XYA"}}};

TEST(Dictionary, KnowsTheBaseProtocol) {
  ASSERT_NE(find_avp(263, 0), nullptr);
  EXPECT_EQ(find_avp(263, 0)->name, "Session-Id");
  EXPECT_EQ(command_name(cmd::kCapabilitiesExchange, true), "CER");
  EXPECT_EQ(command_name(cmd::kDeviceWatchdog, false), "DWA");
  EXPECT_EQ(application_name(app::kBase), "base");
}

// The test binaries register the 3GPP applications at start-up, as the program does.
TEST(Dictionary, KnowsTheRegistered3gppApplications) {
  ASSERT_NE(find_avp(1447, kVendor3gpp), nullptr);
  EXPECT_EQ(find_avp(1447, kVendor3gpp)->name, "RAND");
  EXPECT_EQ(application_name(app::kS6t), "S6t");
  EXPECT_EQ(application_vendor(app::kS6a), kVendor3gpp);
  EXPECT_EQ(application_vendor(app::kBase), 0u);
  EXPECT_EQ(application_by_name("s6A"), app::kS6a);
  EXPECT_EQ(command_by_name("air"), cmd::kAuthenticationInformation);
  EXPECT_EQ(command_name(cmd::kReportingInformation, false), "RIA");
}

TEST(Dictionary, AnApplicationAddsItsAvpsAndCommandsOnce) {
  EXPECT_EQ(find_avp(1, kTestVendor), nullptr);
  EXPECT_EQ(application_name(4242), "");
  register_application({4242, "Foo", kTestVendor, kFooAvps, kFooCommands});
  register_application({4242, "Foo", kTestVendor, kFooAvps, kFooCommands});  // again: nothing changes
  ASSERT_NE(find_avp(1, kTestVendor), nullptr);
  EXPECT_EQ(find_avp(1, kTestVendor)->type, AvpType::unsigned32);
  EXPECT_EQ(application_name(4242), "Foo");
  EXPECT_EQ(application_by_name("foo"), 4242u);
  EXPECT_EQ(command_name(900, true), "FOR");
  EXPECT_EQ(application_by_name("bar"), std::nullopt);
  EXPECT_EQ(command_by_name("BAR"), std::nullopt);
}

TEST(Dictionary, AContradictionIsRefused) {
  register_application({4243, "Foo2", kTestVendor, kFooAvps, kFooCommands});
  EXPECT_THROW(register_application({4244, "Foo3", kTestVendor, kFooAsTextAvps, {}}), std::logic_error);
  EXPECT_THROW(register_application({4245, "Foo4", kTestVendor, {}, kOtherFooCommands}), std::logic_error);
  EXPECT_THROW(register_application({4243, "Bar", kTestVendor, {}, {}}), std::logic_error);
  EXPECT_EQ(find_avp(1, kTestVendor)->type, AvpType::unsigned32);
  EXPECT_EQ(application_name(4244), "");
}

}  // namespace
}  // namespace iotboot::diameter
