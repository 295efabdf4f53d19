#include "hss/sqlite_subscriber_store.hpp"

#include <array>
#include <cstring>

namespace iotboot::hss {
namespace {

// Each entry upgrades the schema by one version; never edit a released one, append.
constexpr std::array<std::string_view, 1> kMigrations = {
    R"(CREATE TABLE subscribers (
         imsi      TEXT PRIMARY KEY,
         k         BLOB NOT NULL CHECK (length(k) = 16),
         opc       BLOB NOT NULL CHECK (length(opc) = 16),
         amf       BLOB NOT NULL CHECK (length(amf) = 2),
         sqn       INTEGER NOT NULL CHECK (sqn >= 0 AND sqn < 281474976710656),
         ind_bits  INTEGER NOT NULL DEFAULT 5 CHECK (ind_bits BETWEEN 0 AND 10),
         bootstrap INTEGER NOT NULL DEFAULT 0,
         scef_id   TEXT NOT NULL DEFAULT ''
       ) WITHOUT ROWID)",
};

constexpr std::string_view kColumns = "imsi, k, opc, amf, sqn, ind_bits, bootstrap, scef_id";

Subscriber row(const store::Statement& s) {
  Subscriber r;
  r.imsi = s.column_text(0);
  const ByteView k = s.column_blob(1), opc = s.column_blob(2), amf = s.column_blob(3);
  if (k.size() != 16 || opc.size() != 16 || amf.size() != 2) throw store::StoreError("corrupt subscriber row");
  std::memcpy(r.k.data(), k.data(), 16);
  std::memcpy(r.opc.data(), opc.data(), 16);
  std::memcpy(r.amf.data(), amf.data(), 2);
  r.sqn = crypto::Sqn(static_cast<std::uint64_t>(s.column_int(4)));
  r.ind_bits = static_cast<unsigned>(s.column_int(5));
  const auto mode = provisioning::bootstrap_mode_from(s.column_int(6));
  if (!mode) throw store::StoreError("corrupt subscriber row");
  r.bootstrap = *mode;
  r.scef_id = s.column_text(7);
  return r;
}

void bind_all(store::Statement& st, const Subscriber& s) {
  st.bind(1, s.imsi)
      .bind(2, ByteView(s.k.data(), 16))
      .bind(3, ByteView(s.opc.data(), 16))
      .bind(4, ByteView(s.amf))
      .bind(5, static_cast<std::int64_t>(s.sqn.value()))
      .bind(6, static_cast<std::int64_t>(s.ind_bits))
      .bind(7, static_cast<std::int64_t>(s.bootstrap))
      .bind(8, s.scef_id);
}

}  // namespace

SqliteSubscriberStore::SqliteSubscriberStore(const std::string& path, store::Durability durability)
    : db_(path, durability, true, true),
      find_(store::migrated(db_, kMigrations)
                .prepare("SELECT " + std::string(kColumns) + " FROM subscribers WHERE imsi = ?1")),
      set_sqn_(db_.prepare("UPDATE subscribers SET sqn = ?2 WHERE imsi = ?1")),
      // ON CONFLICT, not OR IGNORE: OR IGNORE also drops a row its CHECKs refuse, without error.
      insert_(db_.prepare("INSERT INTO subscribers (" + std::string(kColumns) +
                          ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (imsi) DO NOTHING")),
      replace_(db_.prepare("INSERT OR REPLACE INTO subscribers (" + std::string(kColumns) +
                           ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")),
      checkpointer_(db_, path, durability) {}

std::unique_ptr<SubscriberStore::Transaction> SqliteSubscriberStore::begin() {
  return std::make_unique<store::TransactionFor<SubscriberStore::Transaction>>(db_);
}

std::optional<Subscriber> SqliteSubscriberStore::find(std::string_view imsi) {
  find_.bind(1, imsi);
  std::optional<Subscriber> r;
  if (find_.step()) r = row(find_);
  find_.reset();
  return r;
}

bool SqliteSubscriberStore::insert(const Subscriber& s) {
  bind_all(insert_, s);
  return insert_.run() == 1;
}

void SqliteSubscriberStore::replace(const Subscriber& s) {
  bind_all(replace_, s);
  replace_.run();
}

bool SqliteSubscriberStore::erase(std::string_view imsi) {
  store::Statement st = db_.prepare("DELETE FROM subscribers WHERE imsi = ?1");
  st.bind(1, imsi);
  return st.run() == 1;
}

std::vector<Subscriber> SqliteSubscriberStore::lock(std::span<const std::string> imsis) {
  std::vector<Subscriber> out;
  for (const std::string& imsi : imsis) {
    if (auto s = find(imsi)) out.push_back(std::move(*s));
  }
  return out;
}

void SqliteSubscriberStore::set_sqns(std::span<const SqnUpdate> updates) {
  for (const SqnUpdate& u : updates) {
    set_sqn_.bind(1, u.imsi).bind(2, static_cast<std::int64_t>(u.sqn.value()));
    if (set_sqn_.run() != 1) throw store::StoreError("SQN update touched no subscriber");
  }
}

std::optional<std::string> SqliteSubscriberStore::import(std::span<const Subscriber> subs, bool update) {
  for (const Subscriber& s : subs) {
    if (update) {
      replace(s);
    } else if (!insert(s)) {
      return s.imsi;  // the caller's transaction rolls back what went before
    }
  }
  return std::nullopt;
}

std::vector<Subscriber> SqliteSubscriberStore::list(std::string_view after, std::size_t limit) {
  store::Statement st =
      db_.prepare("SELECT " + std::string(kColumns) + " FROM subscribers WHERE imsi > ?1 ORDER BY imsi LIMIT ?2");
  st.bind(1, after).bind(2, static_cast<std::int64_t>(limit));
  std::vector<Subscriber> out;
  while (st.step()) out.push_back(row(st));
  return out;
}

std::size_t SqliteSubscriberStore::count() {
  store::Statement st = db_.prepare("SELECT count(*) FROM subscribers");
  st.step();
  return static_cast<std::size_t>(st.column_int(0));
}

}  // namespace iotboot::hss
