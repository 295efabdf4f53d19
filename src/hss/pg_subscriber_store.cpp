#include "hss/pg_subscriber_store.hpp"

#include <array>
#include <cstring>

#include "store/pg_text.hpp"

namespace iotboot::hss {
namespace {

constexpr std::array<std::string_view, 1> kPgMigrations = {
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
};

constexpr std::string_view kPgColumns = "imsi, k, opc, amf, sqn, ind_bits, bootstrap, scef_id";

Subscriber row(const store::PgResult& r, int i) {
  Subscriber s;
  s.imsi = r.text(i, 0);
  const ByteView k = r.bytes(i, 1), opc = r.bytes(i, 2), amf = r.bytes(i, 3);
  if (k.size() != 16 || opc.size() != 16 || amf.size() != 2) throw store::StoreError("corrupt subscriber row");
  std::memcpy(s.k.data(), k.data(), 16);
  std::memcpy(s.opc.data(), opc.data(), 16);
  std::memcpy(s.amf.data(), amf.data(), 2);
  s.sqn = crypto::Sqn(static_cast<std::uint64_t>(r.integer(i, 4)));
  s.ind_bits = static_cast<unsigned>(r.integer(i, 5));
  const auto mode = provisioning::bootstrap_mode_from(r.integer(i, 6));
  if (!mode) throw store::StoreError("corrupt subscriber row");
  s.bootstrap = *mode;
  s.scef_id = r.text(i, 7);
  return s;
}

std::vector<Subscriber> rows(const store::PgResult& r) {
  std::vector<Subscriber> out;
  out.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) out.push_back(row(r, i));
  return out;
}

// $1..$8 in kPgColumns' order.
std::array<store::PgParam, 8> params(const Subscriber& s) {
  return {store::PgParam(s.imsi),
          store::PgParam(ByteView(s.k.data(), 16)),
          store::PgParam(ByteView(s.opc.data(), 16)),
          store::PgParam(ByteView(s.amf)),
          store::PgParam(static_cast<std::int64_t>(s.sqn.value())),
          store::PgParam(static_cast<std::int64_t>(s.ind_bits)),
          store::PgParam(static_cast<std::int64_t>(s.bootstrap)),
          store::PgParam(s.scef_id)};
}

const std::string kPgValues = "($1, $2, $3, $4, $5::bigint, $6::integer, $7::integer, $8)";
const std::string kPgSetAll =
    "k = excluded.k, opc = excluded.opc, amf = excluded.amf, sqn = excluded.sqn, ind_bits = excluded.ind_bits, "
    "bootstrap = excluded.bootstrap, scef_id = excluded.scef_id";

}  // namespace

std::span<const std::string_view> pg_subscriber_migrations() { return kPgMigrations; }

PgSubscriberStore::PgSubscriberStore(const std::string& uri) : db_(uri) { db_.migrate("hss", kPgMigrations); }

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
  return row(r, 0);
}

bool PgSubscriberStore::insert(const Subscriber& s) {
  const auto p = params(s);
  return db_.query("INSERT INTO subscribers (" + std::string(kPgColumns) + ") VALUES " + kPgValues +
                       " ON CONFLICT (imsi) DO NOTHING",
                   p)
             .affected() == 1;
}

void PgSubscriberStore::replace(const Subscriber& s) {
  const auto p = params(s);
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
                // Reserved while empty: a line that grew would leave copies of K and OPc in freed blocks.
                line.reserve(256 + 2 * s.imsi.size() + 2 * s.scef_id.size());
                line += store::pg_copy_text(s.imsi);
                line += '\t';
                store::append_copy_bytea(line, ByteView(s.k.data(), 16));
                line += '\t';
                store::append_copy_bytea(line, ByteView(s.opc.data(), 16));
                line += '\t';
                store::append_copy_bytea(line, ByteView(s.amf));
                line += '\t' + std::to_string(s.sqn.value()) + '\t' + std::to_string(s.ind_bits) + '\t' +
                        std::to_string(static_cast<int>(s.bootstrap)) + '\t' + store::pg_copy_text(s.scef_id) + '\n';
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
