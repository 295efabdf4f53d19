// EMM message encodings (TS 24.301 §8.2): byte-exact vectors, round trips, malformed input.
#include "nas/emm.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "crypto/eps_keys.hpp"
#include "nas/emm_cause.hpp"
#include "nas/security.hpp"
#include "support/hex_literals.hpp"

namespace iotboot::nas {
namespace {

using test::hex_bytes;

std::vector<std::uint8_t> bytes(const EmmMessage& m) { return encode(m); }

TEST(Emm, AttachRequestWithImsi) {
  AttachRequest m;
  m.identity = std::string("001010000000001");
  // 07 41 | KSI 7, EPS attach | EPS mobile identity LV: IMSI odd, digits 0 0 1 0 1 0 ... 1
  // | UE network capability LV | ESM container LV-E: ESM dummy message.
  EXPECT_EQ(bytes(m), hex_bytes("0741 71 08 09 10 10 00 00 00 00 10 02 a020 0003 0200dc"));
  EXPECT_EQ(decode(bytes(m)).value(), EmmMessage(m));
}

TEST(Emm, AttachRequestWithGuti) {
  AttachRequest m;
  m.identity = Guti::parse("001-01-8001-01-c0ffee01").value();
  EXPECT_EQ(bytes(m), hex_bytes("074171 0b f6 00f110 8001 01 c0ffee01 02a020 00030200dc"));
  EXPECT_EQ(decode(bytes(m)).value(), EmmMessage(m));
}

TEST(Emm, AuthenticationRequestAndResponse) {
  AuthenticationRequest m;
  m.ksi = 1;
  m.rand = test::hex<16>("23553cbe9637a89d218ae64dae47bf35");
  m.autn = test::hex<16>("55f328b43577800059bcea576837152b");
  EXPECT_EQ(bytes(m), hex_bytes("075201 23553cbe9637a89d218ae64dae47bf35 10 55f328b43577800059bcea576837152b"));
  EXPECT_EQ(decode(bytes(m)).value(), EmmMessage(m));
  AuthenticationResponse r{hex_bytes("a54211d5e3ba50bf")};
  EXPECT_EQ(bytes(r), hex_bytes("075308a54211d5e3ba50bf"));
  EXPECT_EQ(decode(bytes(r)).value(), EmmMessage(r));
}

TEST(Emm, AuthenticationFailureCarriesAuts) {
  AuthenticationFailure m{cause::kSynchFailure, test::hex<14>("451e8beca47b7c4adabf45e76f4b")};
  EXPECT_EQ(bytes(m), hex_bytes("075c15 300e451e8beca47b7c4adabf45e76f4b"));
  EXPECT_EQ(decode(bytes(m)).value(), EmmMessage(m));
  // Synch failure without its parameter is a conditional IE error.
  EXPECT_EQ(decode(hex_bytes("075c15")).error().cause, cause::kConditionalIeError);
}

TEST(Emm, SecurityModeCommand) {
  SecurityModeCommand m;
  m.ksi = 2;
  EXPECT_EQ(bytes(m), hex_bytes("075d 22 02 02a020"));
  EXPECT_EQ(decode(bytes(m)).value(), EmmMessage(m));
}

TEST(Emm, AttachAcceptWithGuti) {
  AttachAccept m;
  m.tai_list = tai_list({0x00, 0xf1, 0x10}, 1);
  m.guti = Guti::parse("001-01-8001-01-c0ffee01").value();
  EXPECT_EQ(bytes(m), hex_bytes("0742 01 49 06 0000f1100001 0003 0200dc 50 0b f6 00f110800101c0ffee01"));
  EXPECT_EQ(decode(bytes(m)).value(), EmmMessage(m));
}

TEST(Emm, IdentityResponseWithEvenDigits) {
  IdentityResponse m{"00101000000001"};  // 14 digits: filler in the last octet
  EXPECT_EQ(bytes(m), hex_bytes("0756 08 01 10 10 00 00 00 00 f1"));
  EXPECT_EQ(decode(bytes(m)).value(), EmmMessage(m));
}

TEST(Emm, DetachRequestAndSimpleMessages) {
  DetachRequest d;
  d.switch_off = true;
  d.ksi = 3;
  d.identity = Guti::parse("001-01-8001-01-00000001").value();
  EXPECT_EQ(bytes(d), hex_bytes("0745 39 0bf600f11080010100000001"));
  EXPECT_EQ(decode(bytes(d)).value(), EmmMessage(d));
  for (const EmmMessage& m :
       {EmmMessage(AttachComplete{}), EmmMessage(AttachReject{cause::kNetworkFailure, std::nullopt}),
        EmmMessage(AttachReject{cause::kCongestion, std::chrono::seconds(10)}), EmmMessage(AuthenticationReject{}),
        EmmMessage(IdentityRequest{}), EmmMessage(SecurityModeComplete{}), EmmMessage(SecurityModeReject{23}),
        EmmMessage(DetachAccept{}), EmmMessage(EmmStatus{96})}) {
    EXPECT_EQ(decode(encode(m)).value(), m);
  }
  EXPECT_EQ(bytes(AttachReject{cause::kNetworkFailure, std::nullopt}), hex_bytes("074411"));
  // #22 with T3346 (IEI 5F, GPRS timer 2): 10 s is 5 units of 2 s; 5 min is 5 units of 1 min.
  EXPECT_EQ(bytes(AttachReject{cause::kCongestion, std::chrono::seconds(10)}), hex_bytes("0744165f0105"));
  EXPECT_EQ(bytes(AttachReject{cause::kCongestion, std::chrono::seconds(300)}), hex_bytes("0744165f0125"));
}

TEST(Emm, OptionalIesAreSkipped) {
  // An Attach Request with, after the mandatory IEs: DRX parameter (TV), MS network capability
  // (TLV), a half-octet IE, an Extended DRX parameter (TLV) and a TLV-E IE.
  auto d = decode(hex_bytes("0741 71 08 0910100000000010 02a020 00030200dc 5c0a00 3102e0e0 c1 6e0100 7b0002abcd"));
  ASSERT_TRUE(d.ok()) << d.error().what;
  ASSERT_TRUE(std::holds_alternative<AttachRequest>(d.value()));
  EXPECT_EQ(std::get<std::string>(std::get<AttachRequest>(d.value()).identity), "001010000000001");
  // A TLV whose length runs past the end is invalid.
  EXPECT_EQ(decode(hex_bytes("0741 71 08 0910100000000010 02a020 00030200dc 3109e0")).error().cause,
            cause::kInvalidMandatoryInformation);
}

TEST(Emm, MalformedInputGivesTheCause) {
  EXPECT_EQ(decode({}).error().cause, cause::kInvalidMandatoryInformation);
  EXPECT_EQ(decode(hex_bytes("077f")).error().cause, cause::kMessageTypeNonExistent);
  EXPECT_EQ(decode(hex_bytes("0741")).error().cause, cause::kInvalidMandatoryInformation);
  EXPECT_EQ(decode(hex_bytes("07417108")).error().cause, cause::kInvalidMandatoryInformation);
  EXPECT_EQ(decode(hex_bytes("0752012355")).error().cause, cause::kInvalidMandatoryInformation);
  EXPECT_EQ(decode(hex_bytes("0753")).error().cause, cause::kInvalidMandatoryInformation);
  EXPECT_EQ(decode(hex_bytes("075302a542")).error().cause, cause::kInvalidMandatoryInformation);  // RES < 4
  EXPECT_EQ(decode(hex_bytes("0756020a")).error().cause, cause::kInvalidMandatoryInformation);    // not an IMSI
  EXPECT_EQ(decode(hex_bytes("0202e8")).error().cause, cause::kProtocolErrorUnspecified);         // ESM
  EXPECT_EQ(decode(hex_bytes("2741")).error().cause, cause::kProtocolErrorUnspecified);           // protected
}

RC_GTEST_PROP(EmmProperties, AttachRequestRoundTrips, ()) {
  AttachRequest m;
  if (*rc::gen::arbitrary<bool>()) {
    const auto n = *rc::gen::inRange<std::size_t>(6, 16);
    m.identity = *rc::gen::container<std::string>(n, rc::gen::inRange('0', ':'));
  } else {
    Guti g;
    g.plmn = {0x00, 0xf1, 0x10};
    g.mme_group_id = *rc::gen::arbitrary<std::uint16_t>();
    g.mme_code = *rc::gen::arbitrary<std::uint8_t>();
    g.m_tmsi = *rc::gen::arbitrary<std::uint32_t>();
    m.identity = g;
  }
  m.ksi = *rc::gen::inRange<std::uint8_t>(0, 8);
  m.esm_container = *rc::gen::container<std::vector<std::uint8_t>>(*rc::gen::inRange<std::size_t>(0, 300),
                                                                   rc::gen::arbitrary<std::uint8_t>());
  auto d = decode(encode(m));
  RC_ASSERT(d.ok());
  RC_ASSERT(d.value() == EmmMessage(m));
}

}  // namespace
}  // namespace iotboot::nas

// Vectors from other implementations' test suites (open5gs tests/unit/nas-message-test.c,
// srsRAN srsue/test/upper/nas_test.cc, pycrate test/test_mobile.py).
namespace iotboot::nas {
namespace {

using test::hex_bytes;

TEST(EmmVectors, Open5gsAttachRequestWithOptionalIes) {
  auto d = decode(hex_bytes(
      "0741020bf600f110000201030003e605f07000001000050215d011d15200f11030395c0a003103e5e03490 11035758a65d0100e0c1"));
  ASSERT_TRUE(d.ok()) << d.error().what;
  const auto& m = std::get<AttachRequest>(d.value());
  EXPECT_EQ(m.attach_type, 2);  // combined EPS/IMSI attach
  EXPECT_EQ(m.ksi, 0);
  const Guti g = std::get<Guti>(m.identity);
  EXPECT_EQ(g.text().value(), "001-01-0002-01-030003e6");
  EXPECT_EQ(m.ue_network_capability, hex_bytes("f070000010"));
  EXPECT_EQ(m.esm_container, hex_bytes("0215d011d1"));
}

TEST(EmmVectors, Open5gsAttachAcceptWithLaiMsIdentityAndNfs) {
  auto d = decode(
      hex_bytes("07420223060014f799303900325201c101090908696e7465726e657405010ae1000a271b80802110020200 "
                "108106c0a8a8018306c0a8a801000d04c0a8a801500bf614f7992345e1000004561300f120fffd2305f400e1 02d4640123"));
  ASSERT_TRUE(d.ok()) << d.error().what;
  const auto& m = std::get<AttachAccept>(d.value());
  EXPECT_EQ(m.result, 2);
  EXPECT_EQ(m.t3412, 0x23);
  EXPECT_EQ(m.tai_list, hex_bytes("0014f7993039"));
  ASSERT_TRUE(m.guti);
  EXPECT_EQ(m.guti->text().value(), "417-99-2345-e1-00000456");
  EXPECT_EQ(m.esm_container.size(), 0x32u);
}

TEST(EmmVectors, SrsranAuthenticationRequest) {
  const auto bytes = hex_bytes("0752010c63a85413e6a4ced986fbe5ce9b625e106757b3c2b97090010c728a67579252b8");
  auto d = decode(bytes);
  ASSERT_TRUE(d.ok());
  const auto& m = std::get<AuthenticationRequest>(d.value());
  EXPECT_EQ(m.ksi, 1);
  EXPECT_EQ(to_hex(m.rand), "0c63a85413e6a4ced986fbe5ce9b625e");
  EXPECT_EQ(to_hex(m.autn), "6757b3c2b97090010c728a67579252b8");
  EXPECT_EQ(encode(d.value()), bytes);
}

// The whole chain KASME -> KNASint -> 128-EIA2 -> protected header against a recorded
// Security Mode Command (srsRAN; KASME derived from its USIM's CK/IK and SN id 00f110).
TEST(EmmVectors, SrsranSecurityModeCommandMac) {
  const Key256 kasme = test::key<32>("8d42d1bb804bb453cc006ded4b82dd55de668b2b6199735d2dae72fa247097ed");
  EXPECT_EQ(
      reveal_hex(
          crypto::derive_nas_keys(kasme, crypto::CipheringAlgorithm::eea0, crypto::IntegrityAlgorithm::eia2).integrity),
      "5bae51b3c0262a092e2fb3e5d3bc0f44");
  SecurityContext mme(1, kasme, crypto::CipheringAlgorithm::eea0, crypto::IntegrityAlgorithm::eia2, false);
  EXPECT_EQ(mme.protect(hex_bytes("075d020102f070c1"), SecurityHeader::integrity_new_context),
            hex_bytes("374efd571100075d020102f070c1"));
  SecurityContext ue(1, kasme, crypto::CipheringAlgorithm::eea0, crypto::IntegrityAlgorithm::eia2, true);
  auto opened = ue.unprotect(hex_bytes("374efd571100075d020102f070c1"));
  ASSERT_TRUE(opened.ok());
  auto smc = decode(opened.value());
  ASSERT_TRUE(smc.ok());
  EXPECT_EQ(std::get<SecurityModeCommand>(smc.value()).replayed_ue_capabilities, hex_bytes("f070"));
}

TEST(EmmVectors, SimpleMessagesAreByteExact) {
  for (const char* hex :
       {"074411", "075501", "0756080910101032548651", "074300035200c2", "0745630bf602f8108003c8c2e65e9a", "0746"}) {
    auto d = decode(hex_bytes(hex));
    ASSERT_TRUE(d.ok()) << hex << ": " << d.error().what;
    EXPECT_EQ(to_hex(encode(d.value())), hex);
  }
  EXPECT_EQ(std::get<IdentityResponse>(decode(hex_bytes("0756080910101032548651")).value()).imsi, "001010123456815");
  const auto detach = std::get<DetachRequest>(decode(hex_bytes("0745630bf602f8108003c8c2e65e9a")).value());
  EXPECT_EQ(detach.ksi, 6);
  EXPECT_EQ(detach.detach_type, 3);
  EXPECT_FALSE(detach.switch_off);
}

TEST(EmmVectors, PycrateSecurityModeMessages) {
  auto complete = decode(hex_bytes("075e23093395684292874145f0"));  // with IMEISV
  ASSERT_TRUE(complete.ok());
  EXPECT_TRUE(std::holds_alternative<SecurityModeComplete>(complete.value()));
  const auto pdu = hex_bytes("37e8a14bcf00075d220605e060c04070c1");
  auto smc = decode(ByteView(pdu).subspan(6));
  ASSERT_TRUE(smc.ok());
  const auto& m = std::get<SecurityModeCommand>(smc.value());
  EXPECT_EQ(m.ciphering, 2);
  EXPECT_EQ(m.integrity, 2);
  EXPECT_EQ(m.ksi, 6);
  EXPECT_EQ(m.replayed_ue_capabilities, hex_bytes("e060c04070"));
}

}  // namespace
}  // namespace iotboot::nas
