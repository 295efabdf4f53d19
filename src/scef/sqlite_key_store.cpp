#include "scef/sqlite_key_store.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <vector>

#include "scef/key_set_keys.hpp"

namespace iotboot::scef {
namespace {

constexpr std::array<std::string_view, 4> kMigrations = {
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
    // v2: one context per IMSI, enforced (several SCEF processes may now write).
    R"(DROP INDEX auth_contexts_imsi;
       CREATE UNIQUE INDEX auth_contexts_imsi ON auth_contexts (imsi))",
    // v3: Ks sealed under a KEK (kek_id; NULL: plaintext, as every row of v2).
    R"(CREATE TABLE key_sets_v3 (
         imsi       TEXT NOT NULL,
         rand       BLOB NOT NULL CHECK (length(rand) = 16),
         ks         BLOB NOT NULL,
         expires_at INTEGER NOT NULL,
         kek_id     INTEGER CHECK (kek_id > 0),
         PRIMARY KEY (imsi, rand),
         CHECK (length(ks) = CASE WHEN kek_id IS NULL THEN 32 ELSE 60 END)
       ) WITHOUT ROWID;
       INSERT INTO key_sets_v3 (imsi, rand, ks, expires_at) SELECT imsi, rand, ks, expires_at FROM key_sets;
       DROP TABLE key_sets;
       ALTER TABLE key_sets_v3 RENAME TO key_sets;
       CREATE INDEX key_sets_expiry ON key_sets (expires_at);
       CREATE INDEX key_sets_kek ON key_sets (kek_id))",
    // v4: External-Identifiers, per subscriber and AS (the Key API's deviceId).
    R"(CREATE TABLE external_identifiers (
         imsi        TEXT NOT NULL,
         as_id       TEXT NOT NULL,
         external_id TEXT NOT NULL,
         PRIMARY KEY (imsi, as_id)
       ) WITHOUT ROWID;
       CREATE UNIQUE INDEX external_identifiers_id ON external_identifiers (as_id, external_id))",
};

}  // namespace

SqliteKeyStore::SqliteKeyStore(const std::string& path, store::Durability durability,
                               std::shared_ptr<const crypto::KeyRing> kek, KeyAccess access)
    : kek_(std::move(kek)),
      db_(path, durability),
      put_key_set_(store::migrated(db_, kMigrations)
                       .prepare("INSERT OR REPLACE INTO key_sets (imsi, rand, ks, expires_at, kek_id) "
                                "VALUES (?1, ?2, ?3, ?4, ?5)")),
      // The newest authentication wins: its IMSI's older context goes, and so does an older
      // context that held the same GUTI.
      drop_contexts_(db_.prepare("DELETE FROM auth_contexts WHERE imsi = ?1 OR guti = ?2")),
      drop_failed_key_set_(db_.prepare("DELETE FROM key_sets WHERE imsi = ?1 AND rand = ?2")),
      drop_failed_context_(db_.prepare("DELETE FROM auth_contexts WHERE imsi = ?1 AND rand = ?2")),
      put_context_(
          db_.prepare("INSERT INTO auth_contexts (guti, imsi, rand, success, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)")),
      find_(db_.prepare("SELECT c.success, c.expires_at, k.ks, k.expires_at, k.kek_id, c.imsi, c.rand, e.external_id "
                        "FROM auth_contexts c LEFT JOIN key_sets k ON k.imsi = c.imsi AND k.rand = c.rand "
                        "LEFT JOIN external_identifiers e ON e.imsi = c.imsi AND e.as_id = ?2 "
                        "WHERE c.guti = ?1")),
      external_id_(db_.prepare("SELECT external_id FROM external_identifiers WHERE imsi = ?1 AND as_id = ?2")),
      checkpointer_(db_, path, durability) {
  if (access == KeyAccess::external_ids_only) return;
  store::Statement sealed = db_.prepare("SELECT EXISTS (SELECT 1 FROM key_sets WHERE kek_id IS NOT NULL)");
  sealed.step();
  const bool any_sealed = sealed.column_int(0) != 0;
  sealed.reset();
  bool sealed_some = false;
  check_key_sets(kek_.get(), any_sealed, [&] {
    const std::size_t n = seal_plaintext();
    sealed_some = sealed_some || n > 0;
    return n;
  });
  if (sealed_some) {  // no page of the file, and no frame of the WAL, keeps the plaintext
    db_.exec("VACUUM");
    db_.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  }
}

std::size_t SqliteKeyStore::seal_plaintext() {
  store::Transaction t(db_);
  store::Statement plain = db_.prepare("SELECT imsi, rand, ks FROM key_sets WHERE kek_id IS NULL LIMIT 1000");
  store::Statement update = db_.prepare("UPDATE key_sets SET ks = ?3, kek_id = ?4 WHERE imsi = ?1 AND rand = ?2");
  std::vector<KeySetRecord> stale;  // read first: SQLite's scan must not see its own updates
  while (plain.step()) {
    KeySetRecord k;
    k.imsi = plain.column_text(0);
    const ByteView rand = plain.column_blob(1);
    if (rand.size() != k.rand.size()) throw store::StoreError("corrupt KeySet row");
    std::copy(rand.begin(), rand.end(), k.rand.begin());
    k.ks = load_ks(nullptr, std::nullopt, plain.column_blob(2), k.imsi, rand);
    stale.push_back(std::move(k));
  }
  plain.reset();
  for (const KeySetRecord& k : stale) {
    const StoredKs stored = stored_ks(kek_.get(), k.imsi, k.rand, k.ks);
    update.bind(1, k.imsi)
        .bind(2, ByteView(k.rand))
        .bind(3, stored.view())
        .bind(4, static_cast<std::int64_t>(*stored.kek_id));
    update.run();
  }
  t.commit();
  return stale.size();
}

std::unique_ptr<KeyStore::Transaction> SqliteKeyStore::begin() {
  return std::make_unique<store::TransactionFor<KeyStore::Transaction>>(db_);
}

void SqliteKeyStore::put_key_set(const KeySetRecord& k) {
  const StoredKs stored = stored_ks(kek_.get(), k.imsi, k.rand, k.ks);
  put_key_set_.bind(1, k.imsi).bind(2, ByteView(k.rand)).bind(3, stored.view()).bind(4, k.expires_at);
  if (stored.kek_id) {
    put_key_set_.bind(5, static_cast<std::int64_t>(*stored.kek_id));
  } else {
    put_key_set_.bind_null(5);
  }
  put_key_set_.run();
}

void SqliteKeyStore::put_context(const AuthContextRecord& c) {
  if (!c.success) {
    drop_failed_key_set_.bind(1, c.imsi).bind(2, ByteView(c.rand)).run();
    drop_failed_context_.bind(1, c.imsi).bind(2, ByteView(c.rand)).run();
    return;
  }
  drop_contexts_.bind(1, c.imsi).bind(2, ByteView(c.guti)).run();
  put_context_.bind(1, ByteView(c.guti))
      .bind(2, c.imsi)
      .bind(3, ByteView(c.rand))
      .bind(4, static_cast<std::int64_t>(c.success))
      .bind(5, c.expires_at);
  put_context_.run();
}

std::vector<std::optional<StoredKey>> SqliteKeyStore::find(std::span<const KeyQuery> queries) {
  std::vector<std::optional<StoredKey>> out;
  out.reserve(queries.size());
  for (const KeyQuery& q : queries) {
    find_.bind(1, ByteView(q.guti)).bind(2, q.as_id);
    if (find_.step()) {
      StoredKey k;
      k.imsi = find_.column_text(5);
      if (!find_.column_is_null(7)) k.external_id = find_.column_text(7);
      k.success = find_.column_int(0) != 0;
      k.context_expires_at = find_.column_int(1);
      k.has_key_set = !find_.column_is_null(2);
      if (k.has_key_set) {
        const std::optional<std::uint32_t> kek_id =
            find_.column_is_null(4) ? std::nullopt : std::optional(static_cast<std::uint32_t>(find_.column_int(4)));
        try {
          k.ks = load_ks(kek_.get(), kek_id, find_.column_blob(2), find_.column_text(5), find_.column_blob(6));
        } catch (...) {
          find_.reset();
          throw;
        }
        k.key_set_expires_at = find_.column_int(3);
      }
      out.emplace_back(std::move(k));
    } else {
      out.emplace_back(std::nullopt);
    }
    find_.reset();
  }
  return out;
}

void SqliteKeyStore::set_external_id(const ExternalIdRecord& e) {
  store::Transaction t(db_);
  store::Statement taken =
      db_.prepare("SELECT 1 FROM external_identifiers WHERE as_id = ?1 AND external_id = ?2 AND imsi <> ?3");
  taken.bind(1, e.as_id).bind(2, e.external_id).bind(3, e.imsi);
  if (taken.step()) throw store::StoreError(kExternalIdTaken);
  taken.reset();
  db_.prepare("INSERT OR REPLACE INTO external_identifiers (imsi, as_id, external_id) VALUES (?1, ?2, ?3)")
      .bind(1, e.imsi)
      .bind(2, e.as_id)
      .bind(3, e.external_id)
      .run();
  t.commit();
}

bool SqliteKeyStore::remove_external_id(std::string_view imsi, std::string_view as_id) {
  return db_.prepare("DELETE FROM external_identifiers WHERE imsi = ?1 AND as_id = ?2")
             .bind(1, imsi)
             .bind(2, as_id)
             .run() > 0;
}

std::optional<std::string> SqliteKeyStore::external_id(std::string_view imsi, std::string_view as_id) {
  external_id_.bind(1, imsi).bind(2, as_id);
  std::optional<std::string> out;
  if (external_id_.step()) out = external_id_.column_text(0);
  external_id_.reset();
  return out;
}

std::vector<ExternalIdRecord> SqliteKeyStore::external_ids_of(std::string_view imsi) {
  store::Statement st =
      db_.prepare("SELECT as_id, external_id FROM external_identifiers WHERE imsi = ?1 ORDER BY as_id");
  st.bind(1, imsi);
  std::vector<ExternalIdRecord> out;
  while (st.step()) out.push_back({std::string(imsi), st.column_text(0), st.column_text(1)});
  return out;
}

std::size_t SqliteKeyStore::purge(std::int64_t now, std::size_t limit) {
  store::Transaction t(db_);
  store::Statement a = db_.prepare(
      "DELETE FROM key_sets WHERE (imsi, rand) IN "
      "(SELECT imsi, rand FROM key_sets WHERE expires_at <= ?1 LIMIT ?2)");
  a.bind(1, now).bind(2, static_cast<std::int64_t>(limit));
  const int n = a.run();
  store::Statement b = db_.prepare(
      "DELETE FROM auth_contexts WHERE guti IN (SELECT guti FROM auth_contexts WHERE expires_at <= ?1 LIMIT ?2)");
  b.bind(1, now).bind(2, static_cast<std::int64_t>(limit));
  const int m = b.run();
  t.commit();
  return static_cast<std::size_t>(n + m);
}

KeyStore::Counts SqliteKeyStore::count() {
  store::Statement st = db_.prepare("SELECT (SELECT count(*) FROM key_sets), (SELECT count(*) FROM auth_contexts)");
  st.step();
  return {static_cast<std::size_t>(st.column_int(0)), static_cast<std::size_t>(st.column_int(1))};
}

}  // namespace iotboot::scef
