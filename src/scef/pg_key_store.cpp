#include "scef/pg_key_store.hpp"

#include <array>
#include <cstring>

#include "core/hex.hpp"
#include "scef/key_set_keys.hpp"
#include "store/pg_text.hpp"

namespace iotboot::scef {
namespace {

// The same tables as the SQLite engine's; its v1 and v2 in one step (there was no PostgreSQL
// engine before v2).
constexpr std::array<std::string_view, 3> kPgMigrations = {
    R"(CREATE TABLE key_sets (
         imsi       text NOT NULL,
         rand       bytea NOT NULL CHECK (length(rand) = 16),
         ks         bytea NOT NULL CHECK (length(ks) = 32),
         expires_at bigint NOT NULL,
         PRIMARY KEY (imsi, rand)
       );
       CREATE TABLE auth_contexts (
         guti       bytea PRIMARY KEY CHECK (length(guti) = 10),
         imsi       text NOT NULL,
         rand       bytea NOT NULL CHECK (length(rand) = 16),
         success    boolean NOT NULL,
         expires_at bigint NOT NULL
       );
       CREATE UNIQUE INDEX auth_contexts_imsi ON auth_contexts (imsi);
       CREATE INDEX key_sets_expiry ON key_sets (expires_at);
       CREATE INDEX auth_contexts_expiry ON auth_contexts (expires_at))",
    // v2: Ks sealed under a KEK (kek_id; NULL: plaintext, as every row of v1).
    R"(ALTER TABLE key_sets DROP CONSTRAINT key_sets_ks_check,
         ADD COLUMN kek_id integer CHECK (kek_id > 0),
         ADD CONSTRAINT key_sets_ks_size CHECK (length(ks) = CASE WHEN kek_id IS NULL THEN 32 ELSE 60 END);
       CREATE INDEX key_sets_kek ON key_sets (kek_id))",
    // v3: External-Identifiers, per subscriber and AS (the Key API's deviceId).
    R"(CREATE TABLE external_identifiers (
         imsi        text NOT NULL,
         as_id       text NOT NULL,
         external_id text NOT NULL,
         PRIMARY KEY (imsi, as_id)
       );
       CREATE UNIQUE INDEX external_identifiers_id ON external_identifiers (as_id, external_id))",
};

std::optional<std::uint32_t> pg_kek_id(const store::PgResult& r, int i, int col) {
  if (r.is_null(i, col)) return std::nullopt;
  return static_cast<std::uint32_t>(r.integer(i, col));
}

store::PgParam pg_kek_id_param(const StoredKs& s) {
  return s.kek_id ? store::PgParam(static_cast<std::int64_t>(*s.kek_id)) : store::PgParam::null();
}

}  // namespace

std::span<const std::string_view> pg_key_store_migrations() { return kPgMigrations; }

PgKeyStore::PgKeyStore(const std::string& uri, std::shared_ptr<const crypto::KeyRing> kek, KeyAccess access)
    : kek_(std::move(kek)), db_(uri) {
  db_.migrate("scef", kPgMigrations);
  if (access == KeyAccess::external_ids_only) return;
  const bool any_sealed =
      db_.query("SELECT EXISTS (SELECT 1 FROM key_sets WHERE kek_id IS NOT NULL)").integer(0, 0) != 0;
  check_key_sets(kek_.get(), any_sealed, [this] { return seal_plaintext(); });
}

std::size_t PgKeyStore::seal_plaintext() {
  store::PgTransaction t(db_);
  const store::PgResult plain =
      db_.query("SELECT imsi, rand, ks FROM key_sets WHERE kek_id IS NULL LIMIT 1000 FOR UPDATE SKIP LOCKED");
  for (int i = 0; i < plain.rows(); ++i) {
    const std::string imsi = plain.text(i, 0);
    const ByteView rand = plain.bytes(i, 1);
    const StoredKs stored =
        stored_ks(kek_.get(), imsi, rand, load_ks(nullptr, std::nullopt, plain.bytes(i, 2), imsi, rand));
    db_.query("UPDATE key_sets SET ks = $3, kek_id = $4::integer WHERE imsi = $1 AND rand = $2",
              {imsi, rand, stored.view(), pg_kek_id_param(stored)});
  }
  t.commit();
  return static_cast<std::size_t>(plain.rows());
}

std::unique_ptr<KeyStore::Transaction> PgKeyStore::begin() {
  return std::make_unique<store::PgTransactionFor<KeyStore::Transaction>>(db_);
}

void PgKeyStore::put_key_set(const KeySetRecord& k) {
  const StoredKs stored = stored_ks(kek_.get(), k.imsi, k.rand, k.ks);
  db_.query(
      "INSERT INTO key_sets (imsi, rand, ks, expires_at, kek_id) VALUES ($1, $2, $3, $4::bigint, $5::integer) "
      "ON CONFLICT (imsi, rand) DO UPDATE SET ks = excluded.ks, expires_at = excluded.expires_at, "
      "kek_id = excluded.kek_id",
      {k.imsi, ByteView(k.rand), stored.view(), k.expires_at, pg_kek_id_param(stored)});
}

void PgKeyStore::put_context(const AuthContextRecord& c) {
  if (!c.success) {
    db_.query("DELETE FROM key_sets WHERE imsi = $1 AND rand = $2", {c.imsi, ByteView(c.rand)});
    db_.query("DELETE FROM auth_contexts WHERE imsi = $1 AND rand = $2", {c.imsi, ByteView(c.rand)});
    return;
  }
  // The newest authentication wins. The upsert on the IMSI makes two SCEFs committing contexts
  // of one IMSI at once end with one of them, never both; a context of another IMSI that held
  // the same GUTI goes first.
  db_.query("DELETE FROM auth_contexts WHERE guti = $1 AND imsi <> $2", {ByteView(c.guti), c.imsi});
  db_.query(
      "INSERT INTO auth_contexts (guti, imsi, rand, success, expires_at) VALUES ($1, $2, $3, true, $4::bigint) "
      "ON CONFLICT (imsi) DO UPDATE SET guti = excluded.guti, rand = excluded.rand, success = true, "
      "expires_at = excluded.expires_at",
      {ByteView(c.guti), c.imsi, ByteView(c.rand), c.expires_at});
}

std::vector<std::optional<StoredKey>> PgKeyStore::find(std::span<const KeyQuery> queries) {
  std::vector<std::string> gutis, as_ids;
  gutis.reserve(queries.size());
  as_ids.reserve(queries.size());
  for (const KeyQuery& q : queries) {
    gutis.push_back("\\x" + to_hex(q.guti));
    as_ids.push_back(q.as_id);
  }
  // One row per query that has a context, numbered by its place in the batch.
  const store::PgResult r = db_.query(
      "SELECT q.n, c.success, c.expires_at, k.ks, k.expires_at, k.kek_id, c.imsi, c.rand, e.external_id "
      "FROM unnest($1::bytea[], $2::text[]) WITH ORDINALITY AS q(guti, as_id, n) "
      "JOIN auth_contexts c ON c.guti = q.guti "
      "LEFT JOIN key_sets k ON k.imsi = c.imsi AND k.rand = c.rand "
      "LEFT JOIN external_identifiers e ON e.imsi = c.imsi AND e.as_id = q.as_id",
      {store::pg_text_array(gutis), store::pg_text_array(as_ids)});
  std::vector<std::optional<StoredKey>> out(queries.size());
  for (int i = 0; i < r.rows(); ++i) {
    const std::int64_t n = r.integer(i, 0);
    if (n < 1 || static_cast<std::size_t>(n) > queries.size()) throw store::StoreError("unexpected row in a lookup");
    StoredKey& k = out[static_cast<std::size_t>(n - 1)].emplace();
    k.imsi = r.text(i, 6);
    if (!r.is_null(i, 8)) k.external_id = r.text(i, 8);
    k.success = r.integer(i, 1) != 0;
    k.context_expires_at = r.integer(i, 2);
    k.has_key_set = !r.is_null(i, 3);
    if (k.has_key_set) {
      k.ks = load_ks(kek_.get(), pg_kek_id(r, i, 5), r.bytes(i, 3), r.text(i, 6), r.bytes(i, 7));
      k.key_set_expires_at = r.integer(i, 4);
    }
  }
  return out;
}

void PgKeyStore::set_external_id(const ExternalIdRecord& e) {
  store::PgTransaction t(db_);
  if (db_.query("SELECT 1 FROM external_identifiers WHERE as_id = $1 AND external_id = $2 AND imsi <> $3",
                {e.as_id, e.external_id, e.imsi})
          .rows() > 0) {
    throw store::StoreError(kExternalIdTaken);
  }
  db_.query(
      "INSERT INTO external_identifiers (imsi, as_id, external_id) VALUES ($1, $2, $3) "
      "ON CONFLICT (imsi, as_id) DO UPDATE SET external_id = excluded.external_id",
      {e.imsi, e.as_id, e.external_id});
  t.commit();
}

bool PgKeyStore::remove_external_id(std::string_view imsi, std::string_view as_id) {
  return db_.query("DELETE FROM external_identifiers WHERE imsi = $1 AND as_id = $2", {imsi, as_id}).affected() > 0;
}

std::optional<std::string> PgKeyStore::external_id(std::string_view imsi, std::string_view as_id) {
  const store::PgResult r =
      db_.query("SELECT external_id FROM external_identifiers WHERE imsi = $1 AND as_id = $2", {imsi, as_id});
  if (r.rows() == 0) return std::nullopt;
  return r.text(0, 0);
}

std::vector<ExternalIdRecord> PgKeyStore::external_ids_of(std::string_view imsi) {
  const store::PgResult r =
      db_.query("SELECT as_id, external_id FROM external_identifiers WHERE imsi = $1 ORDER BY as_id", {imsi});
  std::vector<ExternalIdRecord> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back({std::string(imsi), r.text(i, 0), r.text(i, 1)});
  return out;
}

std::size_t PgKeyStore::purge(std::int64_t now, std::size_t limit) {
  store::PgTransaction t(db_);
  const auto n = static_cast<std::int64_t>(limit);
  std::int64_t gone = db_.query(
                             "DELETE FROM key_sets WHERE ctid = ANY(ARRAY("
                             "SELECT ctid FROM key_sets WHERE expires_at <= $1::bigint LIMIT $2::bigint))",
                             {now, n})
                          .affected();
  gone += db_.query(
                 "DELETE FROM auth_contexts WHERE ctid = ANY(ARRAY("
                 "SELECT ctid FROM auth_contexts WHERE expires_at <= $1::bigint LIMIT $2::bigint))",
                 {now, n})
              .affected();
  t.commit();
  return static_cast<std::size_t>(gone);
}

KeyStore::Counts PgKeyStore::count() {
  const store::PgResult r = db_.query("SELECT (SELECT count(*) FROM key_sets), (SELECT count(*) FROM auth_contexts)");
  return {static_cast<std::size_t>(r.integer(0, 0)), static_cast<std::size_t>(r.integer(0, 1))};
}

}  // namespace iotboot::scef
