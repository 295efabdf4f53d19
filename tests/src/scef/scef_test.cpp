// The SCEF over its real interfaces: S6t and T6a notifications from Diameter peers, and the
// Key API over HTTPS with mutual TLS, with every status the issue names.
#include "crypto/bootstrap_keys.hpp"
#include "diameter/dictionary.hpp"
#include "scef_lab.hpp"
#include "support/eventually.hpp"
#include "support/postgres_server.hpp"

namespace iotboot::scef {
namespace {

using namespace test_lab;

// The tests that touch the store, on each engine.
class ScefStore : public testing::TestWithParam<test::Engine> {};

TEST_P(ScefStore, KeySetAndNotificationGiveEachAsItsOwnKsAs) {
  ScefLab lab(GetParam());
  ASSERT_TRUE(lab.push_key_set(std::string(kImsi), kRand, kKs));
  ASSERT_TRUE(lab.notify(std::string(kImsi), kRand, kGuti));
  const net::HttpReply one = lab.ask(0, kGuti, "as1.example.com");
  ASSERT_EQ(one.status, 200) << one.body;
  const json j1 = json::parse(one.body);
  EXPECT_EQ(j1["ksAs"], reveal_hex(crypto::derive_ks_as(kKs, "as1.example.com")));
  EXPECT_TRUE(j1["expiry"].get<std::string>().ends_with("Z"));
  const json j2 = json::parse(lab.ask(1, kGuti, "as2.example.com").body);
  EXPECT_EQ(j2["ksAs"], reveal_hex(crypto::derive_ks_as(kKs, "as2.example.com")));
  EXPECT_NE(j1["ksAs"], j2["ksAs"]);
  // Never Ks, the IMSI or RAND.
  EXPECT_EQ(one.body.find(reveal_hex(kKs)), std::string::npos);
  EXPECT_EQ(one.body.find(std::string(kImsi)), std::string::npos);
  EXPECT_EQ(one.body.find(to_hex(kRand)), std::string::npos);
}

TEST(Scef, NoClientCertificateIs401) {
  ScefLab lab;
  expect_problem(lab.ask(-1, kGuti, "as1.example.com"), 401, "NO_CLIENT_CERTIFICATE");
}

TEST(Scef, AsAskingAsAnotherIs403AndUnlistedAsIs403) {
  ScefLab lab;
  ASSERT_TRUE(lab.push_key_set(std::string(kImsi), kRand, kKs));
  ASSERT_TRUE(lab.notify(std::string(kImsi), kRand, kGuti));
  expect_problem(lab.ask(0, kGuti, "as2.example.com"), 403, "AS_NOT_AUTHORIZED");
  expect_problem(lab.ask(2, kGuti, "as3.example.com"), 403, "AS_NOT_AUTHORIZED");
}

TEST_P(ScefStore, UnknownFailedExpiredAndSupersededAre404WithTheirCauses) {
  ScefLab lab(GetParam());
  expect_problem(lab.ask(0, kGuti, "as1.example.com"), 404, "CONTEXT_NOT_FOUND");  // unknown
  ASSERT_TRUE(lab.push_key_set(std::string(kImsi), kRand, kKs));
  ASSERT_TRUE(lab.notify(std::string(kImsi), kRand, kGuti));
  ASSERT_EQ(lab.ask(0, kGuti, "as1.example.com").status, 200);
  // A new attach supersedes the old GUTI.
  const Bytes<16> rand2 = test::hex<16>("00112233445566778899aabbccddeeff");
  ASSERT_TRUE(lab.push_key_set(std::string(kImsi), rand2, kKs));
  ASSERT_TRUE(lab.notify(std::string(kImsi), rand2, "001-01-8001-01-0000beef"));
  expect_problem(lab.ask(0, kGuti, "as1.example.com"), 404, "CONTEXT_NOT_FOUND");
  EXPECT_EQ(lab.ask(0, "001-01-8001-01-0000beef", "as1.example.com").status, 200);
  // A failed authentication of the same RAND ends it too.
  ASSERT_TRUE(lab.notify(std::string(kImsi), rand2, std::nullopt));
  expect_problem(lab.ask(0, "001-01-8001-01-0000beef", "as1.example.com"), 404, "CONTEXT_NOT_FOUND");
  // A key that expires.
  ASSERT_TRUE(lab.push_key_set("001010000000002", rand2, kKs, 60));
  ASSERT_TRUE(lab.notify("001010000000002", rand2, "001-01-8001-01-0000f00d"));
  ASSERT_EQ(lab.ask(0, "001-01-8001-01-0000f00d", "as1.example.com").status, 200);
  lab.time.advance(61);  // past its lifetime of a minute
  const net::HttpReply expired = lab.ask(0, "001-01-8001-01-0000f00d", "as1.example.com");
  expect_problem(expired, 404, "KEY_EXPIRED");
  EXPECT_NE(expired.body.find("expired"), std::string::npos);
}

TEST_P(ScefStore, NotificationBeforeItsKeySetIsJoinedWhenItComes) {
  ScefLab lab(GetParam());
  ASSERT_TRUE(lab.notify(std::string(kImsi), kRand, kGuti));
  const net::HttpReply early = lab.ask(0, kGuti, "as1.example.com");
  expect_problem(early, 404, "KEY_NOT_AVAILABLE");
  EXPECT_NE(early.body.find("KeySet"), std::string::npos);
  ASSERT_TRUE(lab.push_key_set(std::string(kImsi), kRand, kKs));
  EXPECT_EQ(lab.ask(0, kGuti, "as1.example.com").status, 200);
}

TEST(Scef, MalformedRequestsAre400) {
  ScefLab lab;
  for (const std::string body : {"not json", "[]", "{}", R"({"guti": 7, "asId": "as1.example.com"})",
                                 R"({"guti": "001-01-8001-01", "asId": "as1.example.com"})",
                                 R"({"guti": "001-01-8001-01-c0ffee01", "asId": "as_1"})"}) {
    expect_problem(lab.ask(0, body), 400, "MALFORMED_REQUEST");
  }
}

TEST_P(ScefStore, StoreUnavailableIs503) {
  ScefLab lab(GetParam());
  ASSERT_TRUE(lab.push_key_set(std::string(kImsi), kRand, kKs));
  ASSERT_TRUE(lab.notify(std::string(kImsi), kRand, kGuti));
  test::exec_sql(lab.where, "DROP TABLE auth_contexts");
  EXPECT_FALSE(lab.notify("001010000000002", kRand, "001-01-8001-01-00000002"));  // RIA: store failed
  expect_problem(lab.ask(0, kGuti, "as1.example.com"), 503, "STORE_UNAVAILABLE");
}

// The review's reproduction: anyone knowing an IMSI could start an attach and fail its
// authentication; the MME's failure notification then deleted every context of the IMSI, so
// the UE's GUTI answered 404 from then on, across restarts. Now a failure removes only what its
// own authentication (RAND) brought: its KeySet.
TEST_P(ScefStore, AFailedAuthenticationRemovesOnlyItsOwnKeySet) {
  ScefLab lab(GetParam());
  ASSERT_TRUE(lab.push_key_set(std::string(kImsi), kRand, kKs));
  ASSERT_TRUE(lab.notify(std::string(kImsi), kRand, kGuti));
  const Bytes<16> attempt = test::hex<16>("00112233445566778899aabbccddeeff");
  ASSERT_TRUE(lab.push_key_set(std::string(kImsi), attempt, kKs));  // the failed attempt's vector
  ASSERT_TRUE(lab.notify(std::string(kImsi), attempt, std::nullopt));
  EXPECT_EQ(lab.ask(0, kGuti, "as1.example.com").status, 200);
  // The attempt's KeySet went: a context for its RAND finds no key.
  ASSERT_TRUE(lab.notify(std::string(kImsi), attempt, "001-01-8001-01-0000beef"));
  const net::HttpReply none = lab.ask(0, "001-01-8001-01-0000beef", "as1.example.com");
  expect_problem(none, 404, "KEY_NOT_AVAILABLE");
  EXPECT_NE(none.body.find("KeySet"), std::string::npos) << none.body;
  // And across a restart, from the store.
  ASSERT_TRUE(lab.notify(std::string(kImsi), kRand, kGuti));
  ASSERT_TRUE(lab.notify(std::string(kImsi), attempt, std::nullopt));
  lab.io.call([&] {
    lab.scef.reset();
    return 0;
  });
  lab.start_scef();
  lab.wait_peers();
  EXPECT_EQ(lab.ask(0, kGuti, "as1.example.com").status, 200);
}

TEST_P(ScefStore, AcknowledgedDataSurvivesARestart) {
  ScefLab lab(GetParam());
  ASSERT_TRUE(lab.push_key_set(std::string(kImsi), kRand, kKs));
  ASSERT_TRUE(lab.notify(std::string(kImsi), kRand, kGuti));
  lab.io.call([&] {
    lab.scef.reset();  // gone without any shutdown procedure
    return 0;
  });
  lab.start_scef();
  lab.wait_peers();
  const net::HttpReply r = lab.ask(0, kGuti, "as1.example.com");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["ksAs"], reveal_hex(crypto::derive_ks_as(kKs, "as1.example.com")));
}

// The database killed in the middle of a run: what was acknowledged before is served after it
// returns; meanwhile notifications are refused (never acknowledged) and the Key API answers 503
// with Retry-After; the SCEF resumes by itself.
TEST(ScefOnPostgres, TheDatabaseKilledAndRestartedLosesNothingAcknowledged) {
  test::PostgresServer server;  // its own: this test kills it
  ScefLab lab(test::Engine::postgresql, store::Location{store::Location::Engine::postgresql, server.create_database()});
  ASSERT_TRUE(lab.push_key_set(std::string(kImsi), kRand, kKs));
  ASSERT_TRUE(lab.notify(std::string(kImsi), kRand, kGuti));
  server.kill();
  EXPECT_FALSE(lab.push_key_set("001010000000002", kRand, kKs));
  EXPECT_FALSE(lab.notify("001010000000002", kRand, "001-01-8001-01-00000002"));
  const net::HttpReply down = lab.ask(0, kGuti, "as1.example.com");
  expect_problem(down, 503, "STORE_UNAVAILABLE");
  EXPECT_EQ(down.retry_after, "1");
  server.start();
  EXPECT_TRUE(test::eventually([&] { return lab.ask(0, kGuti, "as1.example.com").status == 200; }, 20s));
  EXPECT_TRUE(lab.push_key_set("001010000000002", kRand, kKs));
  EXPECT_TRUE(lab.notify("001010000000002", kRand, "001-01-8001-01-00000002"));
  EXPECT_EQ(lab.ask(0, "001-01-8001-01-00000002", "as1.example.com").status, 200);
}

// Two SCEFs on one database: what either committed, both serve; what either superseded, both
// refuse. Nothing is answered from a copy only one of them holds.
TEST_P(ScefStore, EverySCEFOnOneStoreAnswersTheSame) {
  ScefLab a(GetParam());
  ScefLab b(GetParam(), a.where);
  ASSERT_TRUE(a.push_key_set(std::string(kImsi), kRand, kKs));
  ASSERT_TRUE(a.notify(std::string(kImsi), kRand, kGuti));
  const net::HttpReply served = b.ask(0, kGuti, "as1.example.com");  // right after A's RIA
  ASSERT_EQ(served.status, 200) << served.body;
  EXPECT_EQ(json::parse(served.body)["ksAs"], reveal_hex(crypto::derive_ks_as(kKs, "as1.example.com")));
  // A new attach through B supersedes the GUTI A knew.
  const Bytes<16> rand2 = test::hex<16>("00112233445566778899aabbccddeeff");
  ASSERT_TRUE(b.push_key_set(std::string(kImsi), rand2, kKs));
  ASSERT_TRUE(b.notify(std::string(kImsi), rand2, "001-01-8001-01-0000beef"));
  expect_problem(a.ask(0, kGuti, "as1.example.com"), 404, "CONTEXT_NOT_FOUND");
  EXPECT_EQ(a.ask(0, "001-01-8001-01-0000beef", "as1.example.com").status, 200);
  EXPECT_EQ(stored(a).contexts, 1u);
}

// A pool's HSS or MME whose SCEF died with a RIR pending sends it again to another SCEF of
// the realm (the T flag set): the second SCEF acknowledges it and the store holds each
// KeySet and context once.
TEST_P(ScefStore, ARetransmittedRirStoresNothingTwice) {
  ScefLab a(GetParam());
  ScefLab b(GetParam(), a.where);
  ASSERT_TRUE(a.push_key_set(std::string(kImsi), kRand, kKs));
  ASSERT_TRUE(b.push_key_set(std::string(kImsi), kRand, kKs));
  ASSERT_TRUE(a.notify(std::string(kImsi), kRand, kGuti));
  ASSERT_TRUE(b.notify(std::string(kImsi), kRand, kGuti));
  const KeyStore::Counts counts = stored(a);
  EXPECT_EQ(counts.key_sets, 1u);
  EXPECT_EQ(counts.contexts, 1u);
  const net::HttpReply served = a.ask(0, kGuti, "as1.example.com");
  ASSERT_EQ(served.status, 200) << served.body;
  EXPECT_EQ(json::parse(served.body)["ksAs"], reveal_hex(crypto::derive_ks_as(kKs, "as1.example.com")));
}

// Past its rate an AS gets 429 with Retry-After, and its bucket is its own: another AS is
// still served.
TEST(ScefKeyApi, RequestsPastAnAsRateAre429WithRetryAfter) {
  ScefLab lab;
  lab.adjust = [](ScefConfig& c) {
    c.api.requests_per_s = 1;
    c.api.burst = 5;
  };
  lab.restart_scef();
  const auto start = std::chrono::steady_clock::now();
  int served = 0, limited = 0;
  for (int i = 0; i < 12; ++i) {
    const net::HttpReply r = lab.ask(0, kGuti, "as1.example.com");
    if (r.status == 429) {
      ++limited;
      expect_problem(r, 429, "TOO_MANY_REQUESTS");
      EXPECT_GE(std::stoi(r.retry_after.empty() ? "0" : r.retry_after), 1);
    } else {
      ++served;
      expect_problem(r, 404, "CONTEXT_NOT_FOUND");  // admitted, and looked up
    }
  }
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_GE(served, 5);
  EXPECT_LE(served, 5 + static_cast<int>(elapsed) + 1);  // the burst, and one a second since
  EXPECT_GT(limited, 0);
  expect_problem(lab.ask(1, kGuti, "as2.example.com"), 404, "CONTEXT_NOT_FOUND");
}

// Expired rows go in chunks, and what is live stays.
TEST_P(ScefStore, PurgeRemovesWhatExpiredAndNothingElse) {
  ScefLab lab(GetParam());
  ASSERT_TRUE(lab.push_key_set(std::string(kImsi), kRand, kKs, 60));
  ASSERT_TRUE(lab.notify(std::string(kImsi), kRand, kGuti));
  ASSERT_TRUE(lab.push_key_set("001010000000002", kRand, kKs, 2 * 86400));
  ASSERT_EQ(stored(lab).key_sets, 2u);
  lab.time.advance(86401);  // past the first KeySet's minute and the context's day
  const std::int64_t now = lab.time.clock()();
  EXPECT_EQ(lab.io.await(lab.scef->store().async_purge(now, asio::use_awaitable)), 2u);
  const KeyStore::Counts after = stored(lab);
  EXPECT_EQ(after.key_sets, 1u);
  EXPECT_EQ(after.contexts, 0u);
}

INSTANTIATE_ON_EVERY_ENGINE(ScefStore);

}  // namespace
}  // namespace iotboot::scef
