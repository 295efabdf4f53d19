// The deviceId of the Key API's answers: the subscriber's External-Identifier for the asking AS,
// else a pseudonym of the IMSI scoped to that AS, the same at every attach.
#include "crypto/device_id.hpp"
#include "scef_lab.hpp"

namespace iotboot::scef {
namespace {

using namespace test_lab;

class DeviceId : public testing::TestWithParam<test::Engine> {};

json granted(ScefLab& lab, int as_index, const std::string& guti, const std::string& as_id) {
  const net::HttpReply r = lab.ask(as_index, guti, as_id);
  EXPECT_EQ(r.status, 200) << r.body;
  return json::parse(r.body, nullptr, false);
}

void set_external_id(ScefLab& lab, const ExternalIdRecord& e) {
  open_key_store(lab.where, store::Durability::normal, nullptr, KeyAccess::external_ids_only)->set_external_id(e);
}

TEST_P(DeviceId, IsStableAcrossAttachesAndDiffersBetweenAses) {
  ScefLab lab(GetParam());
  ASSERT_TRUE(lab.push_key_set(std::string(kImsi), kRand, kKs));
  ASSERT_TRUE(lab.notify(std::string(kImsi), kRand, kGuti));
  const json first = granted(lab, 0, kGuti, "as1.example.com");
  EXPECT_EQ(first["deviceIdType"], "PSEUDONYM");
  EXPECT_EQ(first["deviceId"], crypto::device_pseudonym(lab.device_id_secret, kImsi, "as1.example.com"));
  EXPECT_FALSE(first.contains("previousDeviceId"));
  // A new attach: a new GUTI and key, the same device for as1.
  const Bytes<16> rand2 = test::hex<16>("00112233445566778899aabbccddeeff");
  ASSERT_TRUE(lab.push_key_set(std::string(kImsi), rand2, kKs));
  ASSERT_TRUE(lab.notify(std::string(kImsi), rand2, "001-01-8001-01-0000beef"));
  const json again = granted(lab, 0, "001-01-8001-01-0000beef", "as1.example.com");
  EXPECT_EQ(again["deviceId"], first["deviceId"]);
  // Another AS knows the device under another name, and neither name is the IMSI.
  const json other = granted(lab, 1, "001-01-8001-01-0000beef", "as2.example.com");
  EXPECT_EQ(other["deviceIdType"], "PSEUDONYM");
  EXPECT_NE(other["deviceId"], first["deviceId"]);
  for (const json& j : {first, other}) EXPECT_EQ(j.dump().find(kImsi), std::string::npos);
  // Another subscriber is another device.
  ASSERT_TRUE(lab.push_key_set("001010000000002", kRand, kKs));
  ASSERT_TRUE(lab.notify("001010000000002", kRand, "001-01-8001-01-00000002"));
  EXPECT_NE(granted(lab, 0, "001-01-8001-01-00000002", "as1.example.com")["deviceId"], first["deviceId"]);
}

TEST_P(DeviceId, TheExternalIdentifierWinsForItsAsOnly) {
  ScefLab lab(GetParam());
  ASSERT_TRUE(lab.push_key_set(std::string(kImsi), kRand, kKs));
  ASSERT_TRUE(lab.notify(std::string(kImsi), kRand, kGuti));
  set_external_id(lab, {std::string(kImsi), "as1.example.com", "meter-17@meters.example.com"});
  const json one = granted(lab, 0, kGuti, "as1.example.com");
  EXPECT_EQ(one["deviceId"], "meter-17@meters.example.com");
  EXPECT_EQ(one["deviceIdType"], "EXTERNAL_ID");
  EXPECT_EQ(granted(lab, 1, kGuti, "as2.example.com")["deviceIdType"], "PSEUDONYM");
  // One AS cannot know two subscribers by one External-Identifier.
  try {
    set_external_id(lab, {"001010000000002", "as1.example.com", "meter-17@meters.example.com"});
    ADD_FAILURE() << "a second subscriber took the External-Identifier";
  } catch (const store::StoreError& e) {
    EXPECT_STREQ(e.what(), kExternalIdTaken);
  }
  // Removed: the pseudonym again.
  EXPECT_TRUE(open_key_store(lab.where, store::Durability::normal, nullptr, KeyAccess::external_ids_only)
                  ->remove_external_id(kImsi, "as1.example.com"));
  EXPECT_EQ(granted(lab, 0, kGuti, "as1.example.com")["deviceIdType"], "PSEUDONYM");
}

// Pull mode: the IMSI comes from the MME's answer, the External-Identifier from the store.
TEST_P(DeviceId, PullModeGivesTheSameIdentities) {
  ScefLab lab(GetParam());
  lab.mme_answers_cir = [](const t6a::Cir&, Reply& reply) {
    t6a::Cia cia;
    cia.origin = reply.success_origin();
    cia.user_name = kImsi;
    cia.ks = kKs;
    cia.ks_lifetime_s = 600;
    reply.send(cia);
  };
  const json pseudonym = granted(lab, 1, kGuti, "as2.example.com");
  EXPECT_EQ(pseudonym["deviceId"], crypto::device_pseudonym(lab.device_id_secret, kImsi, "as2.example.com"));
  set_external_id(lab, {std::string(kImsi), "as1.example.com", "meter-17@meters.example.com"});
  EXPECT_EQ(granted(lab, 0, kGuti, "as1.example.com")["deviceId"], "meter-17@meters.example.com");
}

// While the secret is replaced, an AS gets both names and can move its records over.
TEST(DeviceIdRotation, ThePreviousPseudonymComesAlongUntilTheOldSecretGoes) {
  ScefLab lab;
  ASSERT_TRUE(lab.push_key_set(std::string(kImsi), kRand, kKs));
  ASSERT_TRUE(lab.notify(std::string(kImsi), kRand, kGuti));
  const std::string before = granted(lab, 0, kGuti, "as1.example.com")["deviceId"];
  lab.rotate_device_id_secret();
  lab.restart_scef();
  const json during = granted(lab, 0, kGuti, "as1.example.com");
  EXPECT_EQ(during["previousDeviceId"], before);
  EXPECT_NE(during["deviceId"], before);
  EXPECT_EQ(during["deviceId"], crypto::device_pseudonym(lab.device_id_secret, kImsi, "as1.example.com"));
}

TEST(DeviceIdSecret, AFileOthersMayReadIsRefused) {
  ScefLab lab;
  std::filesystem::permissions(lab.dir / "device-id.secret", std::filesystem::perms::group_read,
                               std::filesystem::perm_options::add);
  const std::string error = lab.io.call([&] {
    try {
      Scef refused(lab.io.io, lab.config(), lab.time.clock());
      return std::string("started with a group-readable secret");
    } catch (const crypto::KekError& e) {
      return std::string(e.what());
    }
  });
  EXPECT_NE(error.find("device-ID secret file"), std::string::npos) << error;
  EXPECT_NE(error.find("chmod 600"), std::string::npos) << error;
}

INSTANTIATE_ON_EVERY_ENGINE(DeviceId);

}  // namespace
}  // namespace iotboot::scef
