// The HSS's subscriber store, on each engine: provisioning, bulk import, the SQN allocation
// that several HSS processes share, and errors that never quote a key.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <thread>

#include "core/hex.hpp"
#include "hss/subscriber_store.hpp"
#include "store/store_error.hpp"
#include "support/hex_literals.hpp"
#include "support/ports.hpp"
#include "support/postgres_server.hpp"
#include "support/store_engine.hpp"

namespace iotboot::hss {
namespace {

const Key128 kStoreK = test::key<16>("465b5ce8b199b49faa5f0a2ee238a6bc");

Subscriber subscriber(std::string imsi, std::uint64_t sqn = 0) {
  Subscriber s;
  s.imsi = std::move(imsi);
  s.k = kStoreK;
  s.opc = test::key<16>("cd63cb71954a9f4e48a5994e37a02baf");
  s.sqn = crypto::Sqn(sqn);
  s.bootstrap = provisioning::BootstrapMode::pull;
  s.scef_id = "scef2.iotboot.test";
  return s;
}

class SubscriberStoreTest : public testing::TestWithParam<test::Engine> {
 protected:
  std::filesystem::path dir = test::temp_dir("subscriber_store");
  store::Location where = test::fresh_store(GetParam(), dir, "hss.db");
  std::unique_ptr<SubscriberStore> open() const { return open_subscriber_store(where); }
  ~SubscriberStoreTest() override { std::filesystem::remove_all(dir); }
};

TEST_P(SubscriberStoreTest, KeepsWhatWasProvisioned) {
  auto s = open();
  EXPECT_TRUE(s->insert(subscriber("001010000000002", 7)));
  EXPECT_TRUE(s->insert(subscriber("001010000000001")));
  EXPECT_FALSE(s->insert(subscriber("001010000000001")));
  const auto got = s->find("001010000000002");
  ASSERT_TRUE(got);
  EXPECT_TRUE(got->k == kStoreK);
  EXPECT_EQ(to_hex(got->opc.span()), "cd63cb71954a9f4e48a5994e37a02baf");
  EXPECT_EQ(got->sqn.value(), 7u);
  EXPECT_EQ(got->ind_bits, 5u);
  EXPECT_EQ(got->bootstrap, provisioning::BootstrapMode::pull);
  EXPECT_EQ(got->scef_id, "scef2.iotboot.test");
  EXPECT_FALSE(s->find("001010000000009"));
  Subscriber changed = *got;
  changed.bootstrap = provisioning::BootstrapMode::off;
  s->replace(changed);
  EXPECT_EQ(open()->find("001010000000002")->bootstrap, provisioning::BootstrapMode::off);
  const auto page = s->list("001010000000001", 10);  // after, exclusive
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].imsi, "001010000000002");
  EXPECT_EQ(s->count(), 2u);
  EXPECT_TRUE(s->erase("001010000000001"));
  EXPECT_FALSE(s->erase("001010000000001"));
  EXPECT_EQ(s->count(), 1u);
}

TEST_P(SubscriberStoreTest, ImportIsAllOrNothingUnlessUpdating) {
  auto s = open();
  ASSERT_TRUE(s->insert(subscriber("001010000000003", 5)));
  std::vector<Subscriber> batch;
  for (int i = 1; i <= 5; ++i) batch.push_back(subscriber("00101000000000" + std::to_string(i), 100));
  {
    auto tx = s->begin();
    EXPECT_EQ(s->import(batch, false), std::optional<std::string>("001010000000003"));
  }  // rolled back
  EXPECT_EQ(s->count(), 1u);
  {
    auto tx = s->begin();
    EXPECT_EQ(s->import(batch, true), std::nullopt);
    tx->commit();
  }
  EXPECT_EQ(s->count(), 5u);
  EXPECT_EQ(s->find("001010000000003")->sqn.value(), 100u);  // replaced
  EXPECT_TRUE(s->find("001010000000005")->k == kStoreK);
}

// SQN allocation as the HSS does it (lock, advance, write, commit), from four connections at
// once, as four HSS processes would: every value handed out once, none lost.
TEST_P(SubscriberStoreTest, ConcurrentAllocationsFromManyConnectionsNeverShareAnSqn) {
  ASSERT_TRUE(open()->insert(subscriber("001010000000001")));
  ASSERT_TRUE(open()->insert(subscriber("001010000000002")));
  constexpr int kWriters = 4, kEach = 100;
  std::vector<std::vector<std::uint64_t>> got(kWriters);
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      auto s = open();
      // Both IMSIs in every batch, in opposite orders by writer: the store must not deadlock.
      std::vector<std::string> imsis = {"001010000000001", "001010000000002"};
      if (w % 2) std::reverse(imsis.begin(), imsis.end());
      for (int i = 0; i < kEach; ++i) {
        auto tx = s->begin();
        const auto rows = s->lock(imsis);
        std::vector<SubscriberStore::SqnUpdate> updates;
        for (const Subscriber& r : rows) {
          updates.push_back({r.imsi, crypto::Sqn(r.sqn.value() + 1)});
          if (r.imsi == "001010000000001") got[static_cast<std::size_t>(w)].push_back(r.sqn.value() + 1);
        }
        s->set_sqns(updates);
        tx->commit();
      }
    });
  }
  for (auto& t : writers) t.join();
  std::set<std::uint64_t> all;
  for (const auto& g : got) all.insert(g.begin(), g.end());
  EXPECT_EQ(all.size(), static_cast<std::size_t>(kWriters * kEach));
  EXPECT_EQ(open()->find("001010000000001")->sqn.value(), static_cast<std::uint64_t>(kWriters * kEach));
  EXPECT_EQ(open()->find("001010000000002")->sqn.value(), static_cast<std::uint64_t>(kWriters * kEach));
}

// A refused write names the failure, never the row: PostgreSQL's DETAIL would quote K and OPc.
TEST_P(SubscriberStoreTest, ErrorsNeverQuoteTheRow) {
  auto s = open();
  Subscriber bad = subscriber("001010000000001");
  bad.ind_bits = 11;  // outside the CHECK
  try {
    s->insert(bad);
    FAIL() << "the CHECK constraint should refuse it";
  } catch (const store::StoreError& e) {
    std::string what = e.what();
    std::transform(what.begin(), what.end(), what.begin(), [](unsigned char c) { return std::tolower(c); });
    EXPECT_EQ(what.find("465b5ce8"), std::string::npos) << what;
    EXPECT_EQ(what.find("cd63cb71"), std::string::npos) << what;
    EXPECT_NE(what.find("check"), std::string::npos) << what;
  }
}

// The insert statement is prepared once: a row it refused leaves it ready for the next.
TEST_P(SubscriberStoreTest, ARefusedRowLeavesTheNextOneInsertable) {
  auto s = open();
  Subscriber bad = subscriber("001010000000001");
  bad.ind_bits = 11;  // outside the CHECK
  EXPECT_THROW(s->insert(bad), store::StoreError);
  EXPECT_TRUE(s->insert(subscriber("001010000000002")));
  EXPECT_FALSE(s->insert(subscriber("001010000000002")));  // already there
  s->replace(subscriber("001010000000002", 7));
  EXPECT_EQ(s->find("001010000000002")->sqn.value(), 7u);
}

INSTANTIATE_ON_EVERY_ENGINE(SubscriberStoreTest);

// A multi-host URI: libpq tries the hosts in order, and target_session_attrs=read-write takes
// the first that accepts writes (here the first host is down; a standby would be skipped).
TEST(SubscriberStorePostgres, AMultiHostUriReachesTheWritableServer) {
  const std::string uri = test::shared_postgres().create_database();  // postgresql://postgres@127.0.0.1:P/db
  const std::size_t at = uri.find('@') + 1;
  const std::string multi =
      uri.substr(0, at) + "127.0.0.1:1," + uri.substr(at) + "?target_session_attrs=read-write&connect_timeout=2";
  auto s = open_subscriber_store({store::Location::Engine::postgresql, multi});
  ASSERT_TRUE(s->insert(subscriber("001010000000001", 3)));
  EXPECT_EQ(open_subscriber_store({store::Location::Engine::postgresql, uri})->find("001010000000001")->sqn.value(),
            3u);
}

}  // namespace
}  // namespace iotboot::hss
