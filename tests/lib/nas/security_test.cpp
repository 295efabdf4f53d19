// NAS security between a UE-side and an MME-side context derived from one KASME.
#include "nas/security.hpp"

#include <gtest/gtest.h>

#include "nas/emm.hpp"
#include "support/hex_literals.hpp"

namespace iotboot::nas {
namespace {

using crypto::CipheringAlgorithm;
using crypto::IntegrityAlgorithm;

const Key256 kKasme = test::key<32>("48579af8781c742d5120e6ed8ccac13193f38c53ab7aa69396f49ca6e1b0562d");

struct Pair {
  SecurityContext mme{3, kKasme, CipheringAlgorithm::eea2, IntegrityAlgorithm::eia2, false};
  SecurityContext ue{3, kKasme, CipheringAlgorithm::eea2, IntegrityAlgorithm::eia2, true};
};

TEST(NasSecurity, DownlinkAndUplinkRoundTrip) {
  Pair p;
  const auto accept = encode(AttachAccept{});
  const auto pdu = p.mme.protect(accept, SecurityHeader::integrity_ciphered);
  EXPECT_EQ(pdu[0], 0x27);                                                   // security header 2, PD 7
  EXPECT_EQ(pdu[5], 0x00);                                                   // NAS SQN 0
  EXPECT_NE(std::vector<std::uint8_t>(pdu.begin() + 6, pdu.end()), accept);  // ciphered
  auto opened = p.ue.unprotect(pdu);
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(opened.value(), accept);
  const auto complete = encode(AttachComplete{});
  auto back = p.mme.unprotect(p.ue.protect(complete, SecurityHeader::integrity_ciphered));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back.value(), complete);
}

TEST(NasSecurity, IntegrityOnlyLeavesTheMessageReadable) {
  Pair p;
  const auto smc = encode(SecurityModeCommand{});
  const auto pdu = p.mme.protect(smc, SecurityHeader::integrity_new_context);
  EXPECT_EQ(pdu[0], 0x37);
  EXPECT_EQ(std::vector<std::uint8_t>(pdu.begin() + 6, pdu.end()), smc);
  EXPECT_TRUE(p.ue.unprotect(pdu).ok());
}

TEST(NasSecurity, EveryTamperedOctetFailsTheMac) {
  Pair p;
  const auto pdu = p.mme.protect(encode(AttachAccept{}), SecurityHeader::integrity_ciphered);
  for (std::size_t i = 1; i < pdu.size(); ++i) {
    Pair fresh;
    fresh.mme.protect(encode(AttachAccept{}), SecurityHeader::integrity_ciphered);
    auto bad = pdu;
    bad[i] ^= 0x01;
    auto r = fresh.ue.unprotect(bad);
    ASSERT_FALSE(r.ok()) << "octet " << i;
    EXPECT_EQ(r.error(), UnprotectError::mac_mismatch);
  }
}

TEST(NasSecurity, ReplayedPduIsRefused) {
  Pair p;
  const auto pdu = p.mme.protect(encode(AttachAccept{}), SecurityHeader::integrity_ciphered);
  ASSERT_TRUE(p.ue.unprotect(pdu).ok());
  EXPECT_FALSE(p.ue.unprotect(pdu).ok());
}

TEST(NasSecurity, CountsAdvanceAcrossTheSqnWrap) {
  Pair p;
  for (int i = 0; i < 600; ++i) {
    const auto pdu = p.ue.protect(encode(EmmStatus{97}), SecurityHeader::integrity_ciphered);
    ASSERT_EQ(pdu[5], static_cast<std::uint8_t>(i));
    ASSERT_TRUE(p.mme.unprotect(pdu).ok()) << i;
  }
  EXPECT_EQ(p.ue.next_send_count(), 600u);
}

TEST(NasSecurity, WrongKeyFails) {
  SecurityContext mme{0, kKasme, CipheringAlgorithm::eea2, IntegrityAlgorithm::eia2, false};
  SecurityContext other{0, test::key<32>("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"),
                        CipheringAlgorithm::eea2, IntegrityAlgorithm::eia2, true};
  EXPECT_FALSE(other.unprotect(mme.protect(encode(AttachAccept{}), SecurityHeader::integrity_ciphered)).ok());
}

TEST(NasSecurity, Eea0LeavesTheMessageInClear) {
  SecurityContext mme{0, kKasme, CipheringAlgorithm::eea0, IntegrityAlgorithm::eia2, false};
  SecurityContext ue{0, kKasme, CipheringAlgorithm::eea0, IntegrityAlgorithm::eia2, true};
  const auto msg = encode(AttachAccept{});
  const auto pdu = mme.protect(msg, SecurityHeader::integrity_ciphered);
  EXPECT_EQ(std::vector<std::uint8_t>(pdu.begin() + 6, pdu.end()), msg);
  EXPECT_TRUE(ue.unprotect(pdu).ok());
}

TEST(NasSecurity, UnsupportedAlgorithmsAreRefused) {
  EXPECT_THROW(SecurityContext(0, kKasme, CipheringAlgorithm::eea1, IntegrityAlgorithm::eia2, true),
               std::invalid_argument);
  EXPECT_THROW(SecurityContext(0, kKasme, CipheringAlgorithm::eea2, IntegrityAlgorithm::eia1, true),
               std::invalid_argument);
}

TEST(NasSecurity, MalformedPdusAreRefused) {
  Pair p;
  EXPECT_EQ(p.ue.unprotect(std::vector<std::uint8_t>{}).error(), UnprotectError::malformed);
  EXPECT_EQ(p.ue.unprotect(std::vector<std::uint8_t>{0x27, 1, 2}).error(), UnprotectError::malformed);
  EXPECT_EQ(p.ue.unprotect(std::vector<std::uint8_t>{0x07, 0x41, 0, 0, 0, 0, 0}).error(), UnprotectError::malformed);
}

}  // namespace
}  // namespace iotboot::nas
