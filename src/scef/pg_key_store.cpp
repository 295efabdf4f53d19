#include "scef/pg_key_store.hpp"

#include <array>
#include <cstring>
#include <map>

#include "core/hex.hpp"
#include "scef/key_set_keys.hpp"
#include "store/pg_text.hpp"

namespace iotboot::scef {
namespace {

// The same tables as the SQLite engine's; its v1 and v2 in one step (there was no PostgreSQL
// engine before v2).
constexpr std::array<std::string_view, 2> kPgMigrations = {
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

PgKeyStore::PgKeyStore(const std::string& uri, std::shared_ptr<const crypto::KeyRing> kek)
    : kek_(std::move(kek)), db_(uri) {
  db_.migrate("scef", kPgMigrations);
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

std::vector<std::optional<StoredKey>> PgKeyStore::find(std::span<const Bytes<10>> gutis) {
  std::vector<std::string> hex;
  hex.reserve(gutis.size());
  for (const Bytes<10>& g : gutis) hex.push_back("\\x" + to_hex(g));
  const std::string list = store::pg_text_array(hex);
  const store::PgResult r = db_.query(
      "SELECT c.guti, c.success, c.expires_at, k.ks, k.expires_at, k.kek_id, c.imsi, c.rand FROM auth_contexts c "
      "LEFT JOIN key_sets k ON k.imsi = c.imsi AND k.rand = c.rand WHERE c.guti = ANY($1::bytea[])",
      {list});
  std::map<std::string, int, std::less<>> row_of;
  for (int i = 0; i < r.rows(); ++i) {
    const ByteView g = r.bytes(i, 0);
    row_of.emplace(std::string(g.begin(), g.end()), i);
  }
  std::vector<std::optional<StoredKey>> out;
  out.reserve(gutis.size());
  for (const Bytes<10>& g : gutis) {
    const auto at = row_of.find(std::string(g.begin(), g.end()));
    if (at == row_of.end()) {
      out.emplace_back(std::nullopt);
      continue;
    }
    const int i = at->second;
    StoredKey k;
    k.success = r.integer(i, 1) != 0;
    k.context_expires_at = r.integer(i, 2);
    k.has_key_set = !r.is_null(i, 3);
    if (k.has_key_set) {
      k.ks = load_ks(kek_.get(), pg_kek_id(r, i, 5), r.bytes(i, 3), r.text(i, 6), r.bytes(i, 7));
      k.key_set_expires_at = r.integer(i, 4);
    }
    out.emplace_back(std::move(k));
  }
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
