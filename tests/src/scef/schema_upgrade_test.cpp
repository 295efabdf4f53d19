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
    const KeyQuery guti{nas::Guti::parse("001-01-8001-01-c0ffee01")->binary(), "as1.example.com"};
    const auto found = store.find(std::span(&guti, 1));
    ASSERT_TRUE(found.at(0)) << "v" << v;
    const auto key = judge(found[0], now);
    ASSERT_TRUE(key) << "v" << v;
    EXPECT_TRUE(key->ks == test::key<32>("6620c33d0c44c99d2076e1061ef7dc2c9d0a70e8088e02d051b7043678da6857"));
    EXPECT_EQ(key->expires_at, 4102444800);
    EXPECT_EQ(store.count().key_sets, 1u);
    EXPECT_EQ(store.count().contexts, 1u);
    EXPECT_FALSE(found[0]->external_id);          // none provisioned yet
    EXPECT_EQ(store.purge(4102444801, 100), 2u);  // and they still expire
    // Today's tables are there: an External-Identifier can be given.
    store.set_external_id({"001010000000001", "as1.example.com", "meter-17@meters.example.com"});
    EXPECT_EQ(store.external_id("001010000000001", "as1.example.com"), "meter-17@meters.example.com");
  }
  EXPECT_GE(versions, 3);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace iotboot::scef
