#include "hss/sqlite_subscriber_store.hpp"

#include <array>
#include <cstring>

#include "crypto/kek_source.hpp"
#include "hss/subscriber_keys.hpp"

namespace iotboot::hss {
namespace {

// Each entry upgrades the schema by one version; never edit a released one, append.
constexpr std::array<std::string_view, 2> kMigrations = {
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
    // v2: K and OPc sealed under a KEK (kek_id; NULL: plaintext, as every row of v1).
    R"(CREATE TABLE subscribers_v2 (
         imsi      TEXT PRIMARY KEY,
         k         BLOB NOT NULL,
         opc       BLOB NOT NULL,
         amf       BLOB NOT NULL CHECK (length(amf) = 2),
         sqn       INTEGER NOT NULL CHECK (sqn >= 0 AND sqn < 281474976710656),
         ind_bits  INTEGER NOT NULL DEFAULT 5 CHECK (ind_bits BETWEEN 0 AND 10),
         bootstrap INTEGER NOT NULL DEFAULT 0,
         scef_id   TEXT NOT NULL DEFAULT '',
         kek_id    INTEGER CHECK (kek_id > 0),
         CHECK (CASE WHEN kek_id IS NULL THEN length(k) = 16 AND length(opc) = 16
                     ELSE length(k) = 44 AND length(opc) = 44 END)
       ) WITHOUT ROWID;
       INSERT INTO subscribers_v2 (imsi, k, opc, amf, sqn, ind_bits, bootstrap, scef_id)
         SELECT imsi, k, opc, amf, sqn, ind_bits, bootstrap, scef_id FROM subscribers;
       DROP TABLE subscribers;
       ALTER TABLE subscribers_v2 RENAME TO subscribers;
       CREATE INDEX subscribers_kek ON subscribers (kek_id))",
};

constexpr std::string_view kColumns = "imsi, k, opc, amf, sqn, ind_bits, bootstrap, scef_id, kek_id";

Subscriber row(const store::Statement& s, const crypto::KeyRing* kek) {
  Subscriber r;
  r.imsi = s.column_text(0);
  const ByteView amf = s.column_blob(3);
  if (amf.size() != 2) throw store::StoreError("corrupt subscriber row");
  std::memcpy(r.amf.data(), amf.data(), 2);
  const std::optional<std::uint32_t> kek_id =
      s.column_is_null(8) ? std::nullopt : std::optional(static_cast<std::uint32_t>(s.column_int(8)));
  load_keys(kek, kek_id, s.column_blob(1), s.column_blob(2), r);
  r.sqn = crypto::Sqn(static_cast<std::uint64_t>(s.column_int(4)));
  r.ind_bits = static_cast<unsigned>(s.column_int(5));
  const auto mode = provisioning::bootstrap_mode_from(s.column_int(6));
  if (!mode) throw store::StoreError("corrupt subscriber row");
  r.bootstrap = *mode;
  r.scef_id = s.column_text(7);
  return r;
}

void bind_keys(store::Statement& st, const StoredKeys& keys) {
  st.bind(2, keys.k_view()).bind(3, keys.opc_view());
  if (keys.kek_id) {
    st.bind(9, static_cast<std::int64_t>(*keys.kek_id));
  } else {
    st.bind_null(9);
  }
}

void bind_all(store::Statement& st, const Subscriber& s, const crypto::KeyRing* kek) {
  bind_keys(st, stored_keys(kek, s));
  st.bind(1, s.imsi)
      .bind(4, ByteView(s.amf))
      .bind(5, static_cast<std::int64_t>(s.sqn.value()))
      .bind(6, static_cast<std::int64_t>(s.ind_bits))
      .bind(7, static_cast<std::int64_t>(s.bootstrap))
      .bind(8, s.scef_id);
}

}  // namespace

SqliteSubscriberStore::SqliteSubscriberStore(const std::string& path, store::Durability durability,
                                             std::shared_ptr<const crypto::KeyRing> kek)
    : kek_(std::move(kek)),
      db_(path, durability, true, true),
      find_(store::migrated(db_, kMigrations)
                .prepare("SELECT " + std::string(kColumns) + " FROM subscribers WHERE imsi = ?1")),
      set_sqn_(db_.prepare("UPDATE subscribers SET sqn = ?2 WHERE imsi = ?1")),
      // ON CONFLICT, not OR IGNORE: OR IGNORE also drops a row its CHECKs refuse, without error.
      insert_(db_.prepare("INSERT INTO subscribers (" + std::string(kColumns) +
                          ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (imsi) DO NOTHING")),
      replace_(db_.prepare("INSERT OR REPLACE INTO subscribers (" + std::string(kColumns) +
                           ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")),
      checkpointer_(db_, path, durability) {
  if (!kek_) {
    store::Statement sealed = db_.prepare("SELECT EXISTS (SELECT 1 FROM subscribers WHERE kek_id IS NOT NULL)");
    sealed.step();
    if (sealed.column_int(0) != 0) {
      throw store::StoreError("the subscribers' keys are sealed, but " + std::string(crypto::kNoKekHint));
    }
    return;
  }
  // Rows in plaintext (a store of schema v1, or written without a KEK) are sealed now; then the
  // file is rewritten and the WAL emptied, so that no page of the file keeps the plaintext.
  store::Statement plain =
      db_.prepare("SELECT " + std::string(kColumns) + " FROM subscribers WHERE kek_id IS NULL ORDER BY imsi LIMIT ?2");
  std::size_t sealed = 0;
  for (;;) {
    plain.bind(2, std::int64_t{1000});
    const std::size_t n = reseal_rows(plain).resealed;
    if (n == 0) break;
    sealed += n;
  }
  if (sealed > 0) {
    db_.exec("VACUUM");
    db_.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  }
}

std::unique_ptr<SubscriberStore::Transaction> SqliteSubscriberStore::begin() {
  return std::make_unique<store::TransactionFor<SubscriberStore::Transaction>>(db_);
}

std::optional<Subscriber> SqliteSubscriberStore::find(std::string_view imsi) {
  find_.bind(1, imsi);
  std::optional<Subscriber> r;
  if (find_.step()) {
    try {
      r = row(find_, kek_.get());
    } catch (...) {
      find_.reset();  // a prepared statement is used again
      throw;
    }
  }
  find_.reset();
  return r;
}

bool SqliteSubscriberStore::insert(const Subscriber& s) {
  bind_all(insert_, s, kek_.get());
  return insert_.run() == 1;
}

void SqliteSubscriberStore::replace(const Subscriber& s) {
  bind_all(replace_, s, kek_.get());
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
  while (st.step()) out.push_back(row(st, kek_.get()));
  return out;
}

SubscriberStore::ResealPage SqliteSubscriberStore::reseal_rows(store::Statement& select) {
  if (!kek_) throw store::StoreError("reseal: " + std::string(crypto::kNoKekHint));
  store::Transaction t(db_);
  store::Statement update = db_.prepare("UPDATE subscribers SET k = ?2, opc = ?3, kek_id = ?9 WHERE imsi = ?1");
  const auto current = static_cast<std::int64_t>(kek_->current());
  ResealPage page;
  std::vector<Subscriber> stale;  // read first: SQLite's scan must not see its own updates
  while (select.step()) {
    ++page.scanned;
    page.last = select.column_text(0);
    if (!select.column_is_null(8) && select.column_int(8) == current) continue;
    stale.push_back(row(select, kek_.get()));
  }
  select.reset();
  for (const Subscriber& s : stale) {
    bind_keys(update, stored_keys(kek_.get(), s));
    update.bind(1, s.imsi).run();
  }
  page.resealed = stale.size();
  t.commit();
  return page;
}

SubscriberStore::ResealPage SqliteSubscriberStore::reseal(std::string_view after, std::size_t limit) {
  store::Statement st =
      db_.prepare("SELECT " + std::string(kColumns) + " FROM subscribers WHERE imsi > ?1 ORDER BY imsi LIMIT ?2");
  st.bind(1, after).bind(2, static_cast<std::int64_t>(limit));
  return reseal_rows(st);
}

std::size_t SqliteSubscriberStore::count() {
  store::Statement st = db_.prepare("SELECT count(*) FROM subscribers");
  st.step();
  return static_cast<std::size_t>(st.column_int(0));
}

}  // namespace iotboot::hss
