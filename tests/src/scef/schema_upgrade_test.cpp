// Every schema version the SCEF's key store has had (tests/src/scef/schemas/vN.sql) is opened
// by today's store: migrated, its KeySets and contexts served again.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "nas/identities.hpp"
#include "scef/sqlite_key_store.hpp"
#include "store/sqlite.hpp"
#include "support/files.hpp"
#include "support/hex_literals.hpp"
#include "support/ports.hpp"

namespace iotboot::scef {
namespace {

namespace fs = std::filesystem;

TEST(ScefSchema, EveryEarlierVersionIsMigratedWithItsData) {
  const fs::path dir = test::temp_dir("scef_schema");
  int versions = 0;
  for (int v = 1; fs::exists(fs::path(IOTBOOT_SCHEMAS) / ("v" + std::to_string(v) + ".sql")); ++v) {
    ++versions;
    const fs::path db = dir / ("v" + std::to_string(v) + ".db");
    store::Database(db.string()).exec(test::read_text(fs::path(IOTBOOT_SCHEMAS) / ("v" + std::to_string(v) + ".sql")));
    SqliteKeyStore store(db.string());
    const std::int64_t now = 1764460800;  // 2025-11-30, before the rows' expiry
    const auto key_sets = store.key_sets(now);
    ASSERT_EQ(key_sets.size(), 1u) << "v" << v;
    EXPECT_EQ(key_sets[0].imsi, "001010000000001");
    EXPECT_EQ(to_hex(key_sets[0].rand), "23553cbe9637a89d218ae64dae47bf35");
    EXPECT_TRUE(key_sets[0].ks == test::key<32>("6620c33d0c44c99d2076e1061ef7dc2c9d0a70e8088e02d051b7043678da6857"));
    EXPECT_EQ(key_sets[0].expires_at, 4102444800);
    const auto contexts = store.contexts(now);
    ASSERT_EQ(contexts.size(), 1u) << "v" << v;
    EXPECT_EQ(nas::Guti::from_binary(contexts[0].guti).text().value(), "001-01-8001-01-c0ffee01");
    EXPECT_EQ(contexts[0].imsi, "001010000000001");
    EXPECT_TRUE(contexts[0].success);
    EXPECT_EQ(store.purge(4102444801), 2u);  // and they still expire
  }
  EXPECT_GE(versions, 1);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace iotboot::scef
