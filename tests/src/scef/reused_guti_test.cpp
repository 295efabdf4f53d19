// A GUTI given to another UE: an MME hands a released M-TMSI to a new UE at random, so a GUTI
// the AS has a cached Ks_AS for can come to name a UE with another Ks. Seen in the 1M soak as
// 21 handshakes the AS dropped "not finished (wrong key?)". The AS must not serve the old key
// for ever: one handshake fails on it, the next gets the SCEF's new key.
#include <cstring>

#include "as/key_client.hpp"
#include "as/ua_server.hpp"
#include "crypto/bootstrap_keys.hpp"
#include "scef_lab.hpp"
#include "support/eventually.hpp"
#include "support/process.hpp"

namespace iotboot::scef {
namespace {

using namespace test_lab;
using namespace std::chrono_literals;

// Ks_AS as coap-client takes it: argv text, so without a NUL octet.
std::string argv_key(const Key256& ks_as) { return std::string(reinterpret_cast<const char*>(ks_as.data()), 32); }

// A Ks whose Ks_AS for as1 coap-client can carry, starting from `octet`.
Key256 usable_ks(std::uint8_t octet) {
  for (;; ++octet) {
    Key256 ks;
    std::memset(ks.data(), octet, ks.size());
    const Key256 ks_as = crypto::derive_ks_as(ks, "as1.example.com");
    if (std::memchr(ks_as.data(), 0, ks_as.size()) == nullptr) return ks;
  }
}

TEST(ReusedGuti, TheAsDropsTheEarlierUesCachedKeyAfterOneFailedHandshake) {
  ScefLab scef;
  as::AsConfig c = scef.as1_config();
  c.coap_port = test::free_udp_port();
  c.handshake_timeout = 500ms;
  as::KeyClient keys(c);
  as::UaServer ua(c, keys);
  ua.start();
  const auto post = [&](const Key256& ks) {
    return test::run_process(
        "/usr/bin/coap-client-openssl",
        {"-B", "2", "-m", "post", "-e", "ping", "-u", kGuti, "-k", argv_key(crypto::derive_ks_as(ks, c.id)),
         "coaps://127.0.0.1:" + std::to_string(c.coap_port) + "/app"});
  };

  const Key256 first = usable_ks(0x11);
  ASSERT_TRUE(scef.push_key_set(std::string(kImsi), kRand, first));
  ASSERT_TRUE(scef.notify(std::string(kImsi), kRand, kGuti));
  const auto earlier = post(first);
  ASSERT_NE(earlier.out.find("received=ping"), std::string::npos) << earlier.out << earlier.err;

  // The MME gives the same GUTI to another UE, which bootstraps with its own Ks.
  const Key256 second = usable_ks(0x77);
  const Bytes<16> rand2 = test::hex<16>("00112233445566778899aabbccddeeff");
  ASSERT_TRUE(scef.push_key_set("001010000000002", rand2, second));
  ASSERT_TRUE(scef.notify("001010000000002", rand2, kGuti));
  EXPECT_EQ(post(second).out.find("received=ping"), std::string::npos);  // the cached key: no handshake
  ASSERT_TRUE(test::eventually([&] { return keys.stats().stale == 1; }, 3s));
  const auto again = post(second);
  EXPECT_NE(again.out.find("received=ping"), std::string::npos) << again.out << again.err;
  EXPECT_EQ(keys.stats().fetched, 2u);
  ua.stop();
}

}  // namespace
}  // namespace iotboot::scef
