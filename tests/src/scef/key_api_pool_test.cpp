// The AS and a pool of SCEFs (src/as/key_client.cpp): one that cannot be reached or answers 503
// is passed over for the next, which answers from its store; the one that answered is asked
// first from then on.
#include "as/key_client.hpp"
#include "crypto/bootstrap_keys.hpp"
#include "scef_lab.hpp"

namespace iotboot::scef {
namespace {

using namespace test_lab;

TEST(KeyApiPool, TheAsAsksTheNextScefWhenOneIsUnreachableOrAnswers503) {
  ScefLab a;
  ScefLab b(test::Engine::sqlite, std::nullopt, &a.pki);  // its own store, the same certificates
  ASSERT_TRUE(b.push_key_set(std::string(kImsi), kRand, kKs));
  ASSERT_TRUE(b.notify(std::string(kImsi), kRand, kGuti));
  test::exec_sql(a.where, "DROP TABLE auth_contexts");  // a answers 503 STORE_UNAVAILABLE
  as::AsConfig c = a.as1_config();
  c.scef = {{"127.0.0.1", test::free_port(), "scef.iotboot.test"},  // nobody listens there
            {"127.0.0.1", a.api_port(), "scef.iotboot.test"},
            {"127.0.0.1", b.api_port(), "scef.iotboot.test"}};
  as::KeyClient client(c);
  const auto key = client.ks_as(kGuti, "127.0.0.1").key;
  ASSERT_TRUE(key);
  EXPECT_TRUE(*key == crypto::derive_ks_as(kKs, "as1.example.com"));
  EXPECT_EQ(client.stats().failovers, 2u);
  // The next GUTI goes to b straight away.
  const Bytes<16> rand2 = test::hex<16>("00112233445566778899aabbccddeeff");
  ASSERT_TRUE(b.push_key_set("001010000000002", rand2, kKs));
  ASSERT_TRUE(b.notify("001010000000002", rand2, "001-01-8001-01-0000beef"));
  EXPECT_TRUE(client.ks_as("001-01-8001-01-0000beef", "127.0.0.1").key);
  EXPECT_EQ(client.stats().failovers, 2u);
  EXPECT_EQ(client.stats().fetched, 2u);
}

// A client flooding the AS with made-up GUTIs: past its fetch limit its lookups never reach the
// SCEF, while another client's still do.
TEST(KeyApiPool, AClientOverItsFetchLimitDoesNotReachTheScef) {
  ScefLab scef;
  as::AsConfig c = scef.as1_config();
  c.fetches_per_client_per_s = 1;
  c.fetch_burst_per_client = 3;
  as::KeyClient client(c);
  for (int i = 0; i < 20; ++i) {
    char guti[32];
    std::snprintf(guti, sizeof guti, "001-01-8001-01-%08x", 0x1000 + i);
    const as::KeyLookup found = client.ks_as(guti, "192.0.2.7");
    EXPECT_FALSE(found.key);
    // The client's doing, which a source ban may count (docs/bootstrap.md, "Source bans").
    EXPECT_TRUE(found.miss == as::KeyLookup::Miss::unknown || found.miss == as::KeyLookup::Miss::limited);
  }
  EXPECT_LE(client.stats().refused, 4u);  // the burst, and at most one refill while it ran
  EXPECT_GE(client.stats().limited, 16u);
  EXPECT_FALSE(client.ks_as("001-01-8001-01-0000ffff", "198.51.100.1").key);  // its own budget
  EXPECT_EQ(client.stats().refused + client.stats().limited, 21u);

  // No SCEF to ask is not the client's doing: a source ban must not count it.
  c.scef = {{"127.0.0.1", test::free_port(), "scef.iotboot.test"}};
  as::KeyClient orphan(c);
  EXPECT_TRUE(orphan.ks_as("001-01-8001-01-0000abcd", "192.0.2.8").miss == as::KeyLookup::Miss::unavailable);
}

}  // namespace
}  // namespace iotboot::scef
