// Malformed input: the right error (code and Failed-AVP) or a refusal, never a crash.
#include "diameter/validate.hpp"

#include <gtest/gtest.h>

#include "diameter/answer.hpp"
#include "diameter/base/fields.hpp"
#include "wire.hpp"

namespace iotboot::diameter {
namespace {

using namespace wire;

Octets request(const Octets& avps, std::uint8_t flags = 0xc0) { return message(flags, 318, 16777251, 1, 2, avps); }

std::optional<DiameterError> check(const Octets& b) { return validate(MessageView(b)); }

TEST(Validate, AcceptsAWellFormedMessage) {
  EXPECT_FALSE(check(request(cat({AVP(263, M, text("a;1")), AVP(1, M, text("001010000000001"))}))));
}

TEST(Validate, UnknownAvpWithMBitIs5001WithTheAvp) {
  const Octets unknown = AVP(9999, M, text("x"));
  const auto e = check(request(cat({AVP(263, M, text("a;1")), unknown})));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->result_code, 5001u);
  EXPECT_EQ(e->failed_avp, Octets(unknown.begin(), unknown.begin() + 9));
}

TEST(Validate, UnknownAvpWithoutMBitIsIgnored) {
  EXPECT_FALSE(check(request(cat({AVP(263, M, text("a;1")), AVP(9999, 0, text("x")), AVP(7, V, 99, text("y"))}))));
}

TEST(Validate, UnknownMandatoryAvpInsideAGroup) {
  const Octets inner = AVP(4242, VM, k3gpp, be32(1));
  const auto e = check(request(AVP(1408, VM, k3gpp, inner)));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->result_code, 5001u);
  EXPECT_EQ(e->failed_avp, inner);
}

TEST(Validate, AvpLengthPastTheEndIs5014) {
  Octets b = request(AVP(1, M, text("001010000000001")));
  b[20 + 7] = 200;  // User-Name claims 200 octets
  const auto e = check(b);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->result_code, 5014u);
  // The AVP's header with its length reduced to the header alone.
  EXPECT_EQ(e->failed_avp, (Octets{0, 0, 0, 1, 0x40, 0, 0, 8}));
}

TEST(Validate, AvpLengthBelowHeaderIs5014) {
  Octets b = request(AVP(1447, VM, k3gpp, Octets(16, 1)));
  b[20 + 7] = 10;  // below the 12-octet vendor header
  const auto e = check(b);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->result_code, 5014u);
}

TEST(Validate, ZeroLengthAvpIs5014) {
  Octets b = request(AVP(1, M, Octets{}));
  b[20 + 7] = 0;
  const auto e = check(b);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->result_code, 5014u);
}

TEST(Validate, TruncatedAvpHeaderIs5014) {
  Octets b = request({});
  for (std::uint8_t x : {0, 0, 1, 7}) b.push_back(x);  // 4 octets: not even an AVP header
  b[3] = static_cast<std::uint8_t>(b.size());
  const auto e = check(b);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->result_code, 5014u);
}

TEST(Validate, FixedSizeTypeWithWrongLengthIs5014) {
  const Octets bad = AVP(1410, VM, k3gpp, Octets{0, 1});  // Unsigned32 of 2 octets
  const auto e = check(request(AVP(1408, VM, k3gpp, bad)));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->result_code, 5014u);
}

TEST(Validate, InvalidUtf8Is5004) {
  const auto e = check(request(AVP(1, M, Octets{0x30, 0xc3, 0x28})));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->result_code, 5004u);
}

TEST(Validate, ReservedAvpFlagsAre3009) {
  const auto e = check(request(AVP(1, M | 0x01, text("001"))));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->result_code, 3009u);
}

TEST(Validate, MBitOnAMustNotAvpIs3009) {
  const auto e = check(request(AVP(269, M, text("product"))));  // Product-Name: M bit MUST NOT be set
  ASSERT_TRUE(e);
  EXPECT_EQ(e->result_code, 3009u);
}

TEST(Validate, BadVersionIs5011) {
  Octets b = request({});
  b[0] = 2;
  const auto e = check(b);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->result_code, 5011u);
}

TEST(Validate, ErrorBitOnRequestIs3008) {
  const auto e = check(request({}, 0xe0));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->result_code, 3008u);
}

TEST(Validate, LengthNotMultipleOfFourIs5015) {
  Octets b = request(AVP(1, M, text("001010000000001")));
  b.pop_back();  // the padding octet
  b[3] = static_cast<std::uint8_t>(b.size());
  const auto e = check(b);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->result_code, 5015u);
}

TEST(Validate, DeepNestingIsRefused) {
  Octets inner = AVP(1410, VM, k3gpp, be32(1));
  for (int i = 0; i < 20; ++i) inner = AVP(1408, VM, k3gpp, inner);
  const auto e = check(request(inner));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->result_code, 5004u);
}

TEST(Validate, TooManyAvpsIsRefused) {
  Octets avps;
  for (int i = 0; i < 1100; ++i) {
    const Octets a = AVP(9999, 0, Octets{});
    avps.insert(avps.end(), a.begin(), a.end());
  }
  const auto e = check(request(avps));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->result_code, 5012u);
}

TEST(ErrorAnswer, CarriesSessionOriginResultAndFailedAvp) {
  const Octets unknown = AVP(9999, M, text("x"));
  const Octets req = message(0xc0, 318, 16777251, 0xaabbccdd, 0x01020304, cat({AVP(263, M, text("mme;1;2")), unknown}));
  const auto e = check(req);
  ASSERT_TRUE(e);
  Octets out;
  Writer w(out);
  write_error_answer(w, MessageView(req), LocalIdentity{"hss.iotboot.test", "iotboot.test"}, *e);
  const Octets want = message(0x40, 318, 16777251, 0xaabbccdd, 0x01020304,
                              cat({AVP(263, M, text("mme;1;2")), AVP(268, M, be32(5001)), AVP(277, M, be32(1)),
                                   AVP(264, M, text("hss.iotboot.test")), AVP(296, M, text("iotboot.test")),
                                   AVP(281, 0, text("unknown AVP with the M bit")), AVP(279, M, unknown)}));
  EXPECT_EQ(out, want);
}

TEST(ErrorAnswer, ProtocolErrorSetsEBit) {
  const Octets req = message(0xc0, 999, 16777251, 1, 2, AVP(263, M, text("mme;1;2")));
  DiameterError e;
  e.result_code = 3001;
  Octets out;
  Writer w(out);
  write_error_answer(w, MessageView(req), LocalIdentity{"hss.iotboot.test", "iotboot.test"}, e);
  EXPECT_EQ(out[4], 0x60);  // P and E
}

}  // namespace
}  // namespace iotboot::diameter
