#include "hss/pg_subscriber_store.hpp"

#include <array>
#include <cstring>

#include "crypto/kek_source.hpp"
#include "hss/subscriber_keys.hpp"
#include "store/pg_text.hpp"

namespace iotboot::hss {
namespace {

constexpr std::array<std::string_view, 2> kPgMigrations = {
    R"(CREATE TABLE subscribers (
         imsi      text PRIMARY KEY,
         k         bytea NOT NULL CHECK (length(k) = 16),
         opc       bytea NOT NULL CHECK (length(opc) = 16),
         amf       bytea NOT NULL CHECK (length(amf) = 2),
         sqn       bigint NOT NULL CHECK (sqn >= 0 AND sqn < 281474976710656),
         ind_bits  integer NOT NULL DEFAULT 5 CHECK (ind_bits BETWEEN 0 AND 10),
         bootstrap integer NOT NULL DEFAULT 0,
         scef_id   text NOT NULL DEFAULT ''
       ) WITH (fillfactor = 70))",  // room on each page: an SQN update stays on its page (HOT)
                                    // and writes no index entry
    // v2: K and OPc sealed under a KEK (kek_id; NULL: plaintext, as every row of v1). kek_id
    // changes only on a reseal: an SQN update stays HOT.
    R"(ALTER TABLE subscribers DROP CONSTRAINT subscribers_k_check, DROP CONSTRAINT subscribers_opc_check,
         ADD COLUMN kek_id integer CHECK (kek_id > 0),
         ADD CONSTRAINT subscribers_key_sizes CHECK (CASE WHEN kek_id IS NULL
           THEN length(k) = 16 AND length(opc) = 16 ELSE length(k) = 44 AND length(opc) = 44 END);
       CREATE INDEX subscribers_kek ON subscribers (kek_id, imsi))",
};

constexpr std::string_view kPgColumns = "imsi, k, opc, amf, sqn, ind_bits, bootstrap, scef_id, kek_id";

std::optional<std::uint32_t> kek_id_of(const store::PgResult& r, int i) {
  if (r.is_null(i, 8)) return std::nullopt;
  return static_cast<std::uint32_t>(r.integer(i, 8));
}

Subscriber row(const store::PgResult& r, int i, const crypto::KeyRing* kek) {
  Subscriber s;
  s.imsi = r.text(i, 0);
  const ByteView amf = r.bytes(i, 3);
  if (amf.size() != 2) throw store::StoreError("corrupt subscriber row");
  std::memcpy(s.amf.data(), amf.data(), 2);
  load_keys(kek, kek_id_of(r, i), r.bytes(i, 1), r.bytes(i, 2), s);
  s.sqn = crypto::Sqn(static_cast<std::uint64_t>(r.integer(i, 4)));
  s.ind_bits = static_cast<unsigned>(r.integer(i, 5));
  const auto mode = provisioning::bootstrap_mode_from(r.integer(i, 6));
  if (!mode) throw store::StoreError("corrupt subscriber row");
  s.bootstrap = *mode;
  s.scef_id = r.text(i, 7);
  return s;
}

store::PgParam kek_id_param(const StoredKeys& keys) {
  return keys.kek_id ? store::PgParam(static_cast<std::int64_t>(*keys.kek_id)) : store::PgParam::null();
}

// $1..$9 in kPgColumns' order; `keys` (from stored_keys) must outlive them.
std::array<store::PgParam, 9> params(const Subscriber& s, const StoredKeys& keys) {
  return {store::PgParam(s.imsi),
          store::PgParam(keys.k_view()),
          store::PgParam(keys.opc_view()),
          store::PgParam(ByteView(s.amf)),
          store::PgParam(static_cast<std::int64_t>(s.sqn.value())),
          store::PgParam(static_cast<std::int64_t>(s.ind_bits)),
          store::PgParam(static_cast<std::int64_t>(s.bootstrap)),
          store::PgParam(s.scef_id),
          kek_id_param(keys)};
}

const std::string kPgValues = "($1, $2, $3, $4, $5::bigint, $6::integer, $7::integer, $8, $9::integer)";
const std::string kPgSetAll =
    "k = excluded.k, opc = excluded.opc, amf = excluded.amf, sqn = excluded.sqn, ind_bits = excluded.ind_bits, "
    "bootstrap = excluded.bootstrap, scef_id = excluded.scef_id, kek_id = excluded.kek_id";

}  // namespace

std::span<const std::string_view> pg_subscriber_migrations() { return kPgMigrations; }

PgSubscriberStore::PgSubscriberStore(const std::string& uri, std::shared_ptr<const crypto::KeyRing> kek)
    : kek_(std::move(kek)), db_(uri) {
  db_.migrate("hss", kPgMigrations);
  if (!kek_) {
    if (db_.query("SELECT EXISTS (SELECT 1 FROM subscribers WHERE kek_id IS NOT NULL)").integer(0, 0) != 0) {
      throw store::StoreError("the subscribers' keys are sealed, but " + std::string(crypto::kNoKekHint));
    }
    return;
  }
  // Rows in plaintext (a store of schema v1, or written without a KEK) are sealed now. Their
  // old row versions stay in the table's pages until a VACUUM, and in the WAL (docs/storage.md).
  for (;;) {
    store::PgTransaction t(db_);
    const std::size_t n = reseal_rows(db_.query("SELECT " + std::string(kPgColumns) +
                                                " FROM subscribers WHERE kek_id IS NULL ORDER BY imsi LIMIT 1000 "
                                                "FOR UPDATE"))
                              .resealed;
    t.commit();
    if (n == 0) break;
  }
}

std::vector<Subscriber> PgSubscriberStore::rows(const store::PgResult& r) const {
  std::vector<Subscriber> out;
  out.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) out.push_back(row(r, i, kek_.get()));
  return out;
}

SubscriberStore::ResealPage PgSubscriberStore::reseal_rows(const store::PgResult& locked) {
  if (!kek_) throw store::StoreError("reseal: " + std::string(crypto::kNoKekHint));
  ResealPage page;
  for (int i = 0; i < locked.rows(); ++i) {
    ++page.scanned;
    page.last = locked.text(i, 0);
    if (kek_id_of(locked, i) == kek_->current()) continue;
    const Subscriber s = row(locked, i, kek_.get());
    const StoredKeys keys = stored_keys(kek_.get(), s);
    db_.query("UPDATE subscribers SET k = $2, opc = $3, kek_id = $4::integer WHERE imsi = $1",
              {s.imsi, keys.k_view(), keys.opc_view(), kek_id_param(keys)});
    ++page.resealed;
  }
  return page;
}

SubscriberStore::ResealPage PgSubscriberStore::reseal(std::string_view after, std::size_t limit) {
  store::PgTransaction t(db_);
  const ResealPage page =
      reseal_rows(db_.query("SELECT " + std::string(kPgColumns) +
                                " FROM subscribers WHERE imsi > $1 ORDER BY imsi LIMIT $2::bigint FOR UPDATE",
                            {store::PgParam(after), store::PgParam(static_cast<std::int64_t>(limit))}));
  t.commit();
  return page;
}

std::unique_ptr<SubscriberStore::Transaction> PgSubscriberStore::begin() {
  return std::make_unique<store::PgTransactionFor<SubscriberStore::Transaction>>(db_);
}

std::vector<Subscriber> PgSubscriberStore::lock(std::span<const std::string> imsis) {
  const std::string list = store::pg_text_array(imsis);
  return rows(db_.query(
      "SELECT " + std::string(kPgColumns) + " FROM subscribers WHERE imsi = ANY($1::text[]) ORDER BY imsi FOR UPDATE",
      {list}));
}

void PgSubscriberStore::set_sqns(std::span<const SqnUpdate> updates) {
  std::vector<std::string> imsis, sqns;
  for (const SqnUpdate& u : updates) {
    imsis.push_back(u.imsi);
    sqns.push_back(std::to_string(u.sqn.value()));
  }
  const std::string a = store::pg_text_array(imsis), b = store::pg_text_array(sqns);
  const store::PgResult r = db_.query(
      "UPDATE subscribers AS s SET sqn = v.sqn FROM unnest($1::text[], $2::bigint[]) AS v(imsi, sqn) "
      "WHERE s.imsi = v.imsi",
      {a, b});
  if (r.affected() != static_cast<std::int64_t>(updates.size())) {
    throw store::StoreError("SQN update touched " + std::to_string(r.affected()) + " of " +
                            std::to_string(updates.size()) + " subscribers");
  }
}

std::optional<Subscriber> PgSubscriberStore::find(std::string_view imsi) {
  const store::PgResult r =
      db_.query("SELECT " + std::string(kPgColumns) + " FROM subscribers WHERE imsi = $1", {store::PgParam(imsi)});
  if (r.rows() == 0) return std::nullopt;
  return row(r, 0, kek_.get());
}

bool PgSubscriberStore::insert(const Subscriber& s) {
  const StoredKeys keys = stored_keys(kek_.get(), s);
  const auto p = params(s, keys);
  return db_.query("INSERT INTO subscribers (" + std::string(kPgColumns) + ") VALUES " + kPgValues +
                       " ON CONFLICT (imsi) DO NOTHING",
                   p)
             .affected() == 1;
}

void PgSubscriberStore::replace(const Subscriber& s) {
  const StoredKeys keys = stored_keys(kek_.get(), s);
  const auto p = params(s, keys);
  db_.query("INSERT INTO subscribers (" + std::string(kPgColumns) + ") VALUES " + kPgValues +
                " ON CONFLICT (imsi) DO UPDATE SET " + kPgSetAll,
            p);
}

bool PgSubscriberStore::erase(std::string_view imsi) {
  return db_.query("DELETE FROM subscribers WHERE imsi = $1", {store::PgParam(imsi)}).affected() == 1;
}

// COPY into a temporary table (no WAL, no index), then one INSERT … SELECT into the real one.
std::optional<std::string> PgSubscriberStore::import(std::span<const Subscriber> subs, bool update) {
  db_.exec("CREATE TEMPORARY TABLE import (LIKE subscribers) ON COMMIT DROP");
  // One line at a time: 10M subscribers' lines at once took as much memory as the subscribers.
  db_.copy_in("COPY import (" + std::string(kPgColumns) + ") FROM STDIN", subs.size(),
              [&](std::size_t i, std::string& line) {
                const Subscriber& s = subs[i];
                const StoredKeys keys = stored_keys(kek_.get(), s);
                // Reserved while empty: a line that grew would leave copies of K and OPc in freed blocks.
                line.reserve(512 + 2 * s.imsi.size() + 2 * s.scef_id.size());
                line += store::pg_copy_text(s.imsi);
                line += '\t';
                store::append_copy_bytea(line, keys.k_view());
                line += '\t';
                store::append_copy_bytea(line, keys.opc_view());
                line += '\t';
                store::append_copy_bytea(line, ByteView(s.amf));
                line += '\t' + std::to_string(s.sqn.value()) + '\t' + std::to_string(s.ind_bits) + '\t' +
                        std::to_string(static_cast<int>(s.bootstrap)) + '\t' + store::pg_copy_text(s.scef_id) + '\t' +
                        (keys.kek_id ? std::to_string(*keys.kek_id) : std::string("\\N")) + '\n';
              });
  if (!update) {
    const store::PgResult clash =
        db_.query("SELECT i.imsi FROM import i JOIN subscribers s USING (imsi) ORDER BY i.imsi LIMIT 1");
    if (clash.rows() > 0) return clash.text(0, 0);
    db_.exec("INSERT INTO subscribers SELECT * FROM import");
  } else {
    db_.exec("INSERT INTO subscribers SELECT * FROM import ON CONFLICT (imsi) DO UPDATE SET " + kPgSetAll);
  }
  return std::nullopt;
}

std::vector<Subscriber> PgSubscriberStore::list(std::string_view after, std::size_t limit) {
  return rows(
      db_.query("SELECT " + std::string(kPgColumns) + " FROM subscribers WHERE imsi > $1 ORDER BY imsi LIMIT $2",
                {store::PgParam(after), store::PgParam(static_cast<std::int64_t>(limit))}));
}

std::size_t PgSubscriberStore::count() {
  return static_cast<std::size_t>(db_.query("SELECT count(*) FROM subscribers").integer(0, 0));
}

}  // namespace iotboot::hss
