#include "scef/sqlite_key_store.hpp"

#include <array>
#include <cstring>

namespace iotboot::scef {
namespace {

constexpr std::array<std::string_view, 1> kMigrations = {
    R"(CREATE TABLE key_sets (
         imsi       TEXT NOT NULL,
         rand       BLOB NOT NULL CHECK (length(rand) = 16),
         ks         BLOB NOT NULL CHECK (length(ks) = 32),
         expires_at INTEGER NOT NULL,
         PRIMARY KEY (imsi, rand)
       ) WITHOUT ROWID;
       CREATE TABLE auth_contexts (
         guti       BLOB PRIMARY KEY CHECK (length(guti) = 10),
         imsi       TEXT NOT NULL,
         rand       BLOB NOT NULL CHECK (length(rand) = 16),
         success    INTEGER NOT NULL,
         expires_at INTEGER NOT NULL
       ) WITHOUT ROWID;
       CREATE INDEX auth_contexts_imsi ON auth_contexts (imsi);
       CREATE INDEX key_sets_expiry ON key_sets (expires_at);
       CREATE INDEX auth_contexts_expiry ON auth_contexts (expires_at))",
};

template <std::size_t N>
void copy_blob(ByteView from, std::uint8_t* to) {
  if (from.size() != N) throw store::StoreError("corrupt row");
  std::memcpy(to, from.data(), N);
}

}  // namespace

SqliteKeyStore::SqliteKeyStore(const std::string& path, store::Durability durability)
    : db_(path, durability),
      put_key_set_(
          store::migrated(db_, kMigrations)
              .prepare("INSERT OR REPLACE INTO key_sets (imsi, rand, ks, expires_at) VALUES (?1, ?2, ?3, ?4)")),
      drop_contexts_(db_.prepare("DELETE FROM auth_contexts WHERE imsi = ?1")),
      drop_failed_key_set_(db_.prepare("DELETE FROM key_sets WHERE imsi = ?1 AND rand = ?2")),
      drop_failed_context_(db_.prepare("DELETE FROM auth_contexts WHERE imsi = ?1 AND rand = ?2")),
      put_context_(db_.prepare(
          "INSERT OR REPLACE INTO auth_contexts (guti, imsi, rand, success, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)")) {
}

std::unique_ptr<KeyStore::Transaction> SqliteKeyStore::begin() {
  return std::make_unique<store::TransactionFor<KeyStore::Transaction>>(db_);
}

void SqliteKeyStore::put_key_set(const KeySetRecord& k) {
  put_key_set_.bind(1, k.imsi).bind(2, ByteView(k.rand)).bind(3, ByteView(k.ks.data(), 32)).bind(4, k.expires_at);
  put_key_set_.run();
}

void SqliteKeyStore::put_context(const AuthContextRecord& c) {
  if (!c.success) {
    drop_failed_key_set_.bind(1, c.imsi).bind(2, ByteView(c.rand)).run();
    drop_failed_context_.bind(1, c.imsi).bind(2, ByteView(c.rand)).run();
    return;
  }
  drop_contexts_.bind(1, c.imsi);
  drop_contexts_.run();
  put_context_.bind(1, ByteView(c.guti))
      .bind(2, c.imsi)
      .bind(3, ByteView(c.rand))
      .bind(4, static_cast<std::int64_t>(c.success))
      .bind(5, c.expires_at);
  put_context_.run();
}

std::vector<KeySetRecord> SqliteKeyStore::key_sets(std::int64_t now) {
  store::Statement st = db_.prepare("SELECT imsi, rand, ks, expires_at FROM key_sets WHERE expires_at > ?1");
  st.bind(1, now);
  std::vector<KeySetRecord> out;
  while (st.step()) {
    KeySetRecord k;
    k.imsi = st.column_text(0);
    copy_blob<16>(st.column_blob(1), k.rand.data());
    copy_blob<32>(st.column_blob(2), k.ks.data());
    k.expires_at = st.column_int(3);
    out.push_back(std::move(k));
  }
  return out;
}

std::vector<AuthContextRecord> SqliteKeyStore::contexts(std::int64_t now) {
  store::Statement st =
      db_.prepare("SELECT guti, imsi, rand, success, expires_at FROM auth_contexts WHERE expires_at > ?1");
  st.bind(1, now);
  std::vector<AuthContextRecord> out;
  while (st.step()) {
    AuthContextRecord c;
    copy_blob<10>(st.column_blob(0), c.guti.data());
    c.imsi = st.column_text(1);
    copy_blob<16>(st.column_blob(2), c.rand.data());
    c.success = st.column_int(3) != 0;
    c.expires_at = st.column_int(4);
    out.push_back(std::move(c));
  }
  return out;
}

std::size_t SqliteKeyStore::purge(std::int64_t now) {
  store::Transaction t(db_);
  store::Statement a = db_.prepare("DELETE FROM key_sets WHERE expires_at <= ?1");
  a.bind(1, now);
  const int n = a.run();
  store::Statement b = db_.prepare("DELETE FROM auth_contexts WHERE expires_at <= ?1");
  b.bind(1, now);
  const int m = b.run();
  t.commit();
  return static_cast<std::size_t>(n + m);
}

}  // namespace iotboot::scef
