// The HSS's subscriber store, on each engine: provisioning, bulk import, the SQN allocation
// that several HSS processes share, and errors that never quote a key.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
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

// Keys at rest: K and OPc sealed under the current KEK, bound to their row and column.
std::shared_ptr<const crypto::KeyRing> kek_ring(std::initializer_list<std::uint32_t> ids, std::uint32_t current) {
  auto r = std::make_shared<crypto::KeyRing>();
  for (std::uint32_t id : ids) {
    Key256 kek;
    for (std::size_t i = 0; i < 32; ++i) kek[i] = static_cast<std::uint8_t>(id * 37 + i);
    r->add(id, kek);
  }
  r->set_current(current);
  return r;
}

bool contains(const std::vector<std::uint8_t>& hay, const Key128& key) {
  return std::search(hay.begin(), hay.end(), key.data(), key.data() + 16) != hay.end();
}

TEST_P(SubscriberStoreTest, KeysAreSealedUnderTheCurrentKek) {
  const Key128 opc = test::key<16>("cd63cb71954a9f4e48a5994e37a02baf");
  {
    auto s = open_subscriber_store(where, store::Durability::full, kek_ring({1}, 1));
    ASSERT_TRUE(s->insert(subscriber("001010000000001")));
    s->replace(subscriber("001010000000002", 4));
    auto tx = s->begin();
    ASSERT_EQ(s->import(std::vector<Subscriber>{subscriber("001010000000003")}, false), std::nullopt);
    tx->commit();
    EXPECT_TRUE(s->find("001010000000003")->k == kStoreK);
    EXPECT_TRUE(s->find("001010000000002")->opc == opc);
  }
  for (const char* column : {"k", "opc"}) {
    const auto values = test::query_column(where, std::string("SELECT ") + column + " FROM subscribers");
    ASSERT_EQ(values.size(), 3u);
    for (const auto& v : values) {
      EXPECT_EQ(v.size(), 44u);
      EXPECT_FALSE(contains(v, kStoreK) || contains(v, opc)) << column;
    }
  }
  EXPECT_EQ(test::query_column(where, "SELECT imsi FROM subscribers WHERE kek_id = 1").size(), 3u);
  // Opened without a KEK: refused, naming the settings.
  try {
    open();
    ADD_FAILURE() << "opened a store of sealed keys without a KEK";
  } catch (const store::StoreError& e) {
    EXPECT_STREQ(e.what(),
                 "the subscribers' keys are sealed, but no key-encryption key is configured (set "
                 "key_encryption.kek_file in the NF's configuration, --kek-file, or IOTBOOT_KEK_FILE)");
  }
}

TEST_P(SubscriberStoreTest, AValueMovedToAnotherRowOrColumnDoesNotOpen) {
  auto s = open_subscriber_store(where, store::Durability::full, kek_ring({1}, 1));
  ASSERT_TRUE(s->insert(subscriber("001010000000001")));
  ASSERT_TRUE(s->insert(subscriber("001010000000002")));
  test::exec_sql(where,
                 "UPDATE subscribers SET k = (SELECT k FROM subscribers WHERE imsi = '001010000000002') "
                 "WHERE imsi = '001010000000001'");
  test::exec_sql(where, "UPDATE subscribers SET opc = k WHERE imsi = '001010000000002'");
  const auto error_of = [&](const char* imsi) -> std::string {
    try {
      s->find(imsi);
    } catch (const store::StoreError& e) {
      return e.what();
    }
    return "opened";
  };
  EXPECT_EQ(error_of("001010000000001"),
            "hss.k of 001010000000001 sealed under KEK 1 does not authenticate (another KEK, another row, or altered)");
  EXPECT_EQ(error_of("001010000000002"),
            "hss.opc of 001010000000002 sealed under KEK 1 does not authenticate (another KEK, another row, or "
            "altered)");
}

TEST_P(SubscriberStoreTest, PlaintextRowsAreSealedWhenAKekIsGiven) {
  ASSERT_TRUE(open()->insert(subscriber("001010000000001", 9)));
  EXPECT_EQ(test::query_column(where, "SELECT k FROM subscribers")[0].size(), 16u);
  auto s = open_subscriber_store(where, store::Durability::full, kek_ring({1}, 1));
  const auto k = test::query_column(where, "SELECT k FROM subscribers");
  ASSERT_EQ(k.size(), 1u);
  EXPECT_EQ(k[0].size(), 44u);
  EXPECT_FALSE(contains(k[0], kStoreK));
  EXPECT_TRUE(s->find("001010000000001")->k == kStoreK);
  EXPECT_EQ(s->find("001010000000001")->sqn.value(), 9u);
}

// `iotboot subscriber rekey` while an HSS goes on allocating SQNs from the same rows: every row
// ends under the new KEK, and no SQN is lost or handed out twice.
TEST_P(SubscriberStoreTest, RekeyMovesEveryRowToTheNewKekWhileAirsGoOn) {
  std::vector<std::string> imsis;
  {
    auto s = open_subscriber_store(where, store::Durability::full, kek_ring({1}, 1));
    for (int i = 10; i < 40; ++i) {
      imsis.push_back("0010100000000" + std::to_string(i));
      ASSERT_TRUE(s->insert(subscriber(imsis.back())));
    }
  }
  std::atomic<bool> done{false};
  std::atomic<int> batches{0};
  std::thread hss([&] {  // an HSS whose configuration already names KEK 2 as current, 1 kept
    auto s = open_subscriber_store(where, store::Durability::full, kek_ring({1, 2}, 2));
    while (!done || batches < 20) {
      auto tx = s->begin();
      std::vector<SubscriberStore::SqnUpdate> updates;
      for (const Subscriber& r : s->lock(imsis)) updates.push_back({r.imsi, crypto::Sqn(r.sqn.value() + 1)});
      s->set_sqns(updates);
      tx->commit();
      ++batches;
      // AIR batches come as AIRs arrive. A loop taking the write lock again the moment it lets
      // go starved the rekey's page past SQLite's 5 s busy timeout on a loaded machine.
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  });
  struct Join {  // the thread ends and is joined whichever way the test leaves
    std::atomic<bool>& done;
    std::thread& t;
    ~Join() {
      done = true;
      if (t.joinable()) t.join();
    }
  } join{done, hss};
  auto rekey = open_subscriber_store(where, store::Durability::full, kek_ring({1, 2}, 2));
  std::size_t resealed = 0, scanned = 0;
  std::string after;
  for (;;) {
    const auto page = rekey->reseal(after, 7);
    if (page.scanned == 0) break;
    scanned += page.scanned;
    resealed += page.resealed;
    after = page.last;
  }
  done = true;
  hss.join();
  EXPECT_GE(batches.load(), 20);
  EXPECT_EQ(scanned, imsis.size());
  EXPECT_EQ(resealed, imsis.size());
  EXPECT_EQ(test::query_column(where, "SELECT imsi FROM subscribers WHERE kek_id = 2").size(), imsis.size());
  EXPECT_EQ(rekey->reseal("", 100).resealed, 0u);  // nothing left under KEK 1
  auto only_new = open_subscriber_store(where, store::Durability::full, kek_ring({2}, 2));
  for (const std::string& imsi : imsis) {
    const auto r = only_new->find(imsi);
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->k == kStoreK);
    EXPECT_EQ(r->sqn.value(), static_cast<std::uint64_t>(batches.load()));
  }
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
