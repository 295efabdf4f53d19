#include "store/postgres.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <cstring>

#include "core/secret.hpp"

namespace iotboot::store {
namespace {

// The primary message and SQLSTATE only: DETAIL may quote a failing row, keys included.
std::string describe(const PGresult* r, const PGconn* c) {
  const char* primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  std::string msg = primary ? primary : c ? PQerrorMessage(c) : "out of memory";
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  // libpq's connection errors span lines (a hint on the next, tab-indented): one line for logs.
  for (std::size_t at = msg.find('\n'); at != std::string::npos; at = msg.find('\n', at)) {
    std::size_t end = at + 1;
    while (end < msg.size() && (msg[end] == '\t' || msg[end] == ' ')) ++end;
    msg.replace(at, end - at, "; ");
  }
  if (state) msg += std::string(" (SQLSTATE ") + state + ")";
  return "postgresql: " + msg;
}

std::uint64_t big_endian(const char* p, int n) {
  std::uint64_t v = 0;
  for (int i = 0; i < n; ++i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}

}  // namespace

PgResult::~PgResult() {
  if (!r_) return;
  for (int row = 0; row < PQntuples(r_); ++row) {
    for (int col = 0; col < PQnfields(r_); ++col) secure_wipe(PQgetvalue(r_, row, col), PQgetlength(r_, row, col));
  }
  PQclear(r_);
}

int PgResult::rows() const { return PQntuples(r_); }

std::int64_t PgResult::affected() const {
  const char* n = PQcmdTuples(r_);
  return *n ? std::stoll(n) : 0;
}

bool PgResult::is_null(int row, int col) const { return PQgetisnull(r_, row, col) != 0; }

std::int64_t PgResult::integer(int row, int col) const {
  const int n = PQgetlength(r_, row, col);
  if (n != 1 && n != 2 && n != 4 && n != 8) throw StoreError("postgresql: unexpected integer width");
  const std::uint64_t raw = big_endian(PQgetvalue(r_, row, col), n);
  const unsigned shift = 64U - 8U * static_cast<unsigned>(n);  // sign-extend
  return static_cast<std::int64_t>(raw << shift) >> shift;
}

std::string PgResult::text(int row, int col) const {
  return std::string(PQgetvalue(r_, row, col), static_cast<std::size_t>(PQgetlength(r_, row, col)));
}

ByteView PgResult::bytes(int row, int col) const {
  return ByteView(reinterpret_cast<const std::uint8_t*>(PQgetvalue(r_, row, col)),
                  static_cast<std::size_t>(PQgetlength(r_, row, col)));
}

PgConnection::PgConnection(std::string uri) : uri_(std::move(uri)) {}

PgConnection::~PgConnection() {
  if (conn_) PQfinish(conn_);
}

bool PgConnection::connected() const noexcept { return conn_ && PQstatus(conn_) == CONNECTION_OK; }

void PgConnection::lost() {
  if (conn_) PQfinish(conn_);
  conn_ = nullptr;
  prepared_.clear();
  backoff_ = std::clamp(backoff_ * 2, std::chrono::milliseconds(100), std::chrono::milliseconds(5000));
  retry_at_ = std::chrono::steady_clock::now() + backoff_;
}

pg_conn* PgConnection::conn() {
  if (conn_ && PQstatus(conn_) == CONNECTION_OK) return conn_;
  if (conn_) lost();
  if (std::chrono::steady_clock::now() < retry_at_) throw StoreError("postgresql: database unreachable (retrying)");
  // Defaults first: a keyword the URI sets wins (libpq takes the last value of a keyword).
  // The keep-alives and tcp_user_timeout notice a server that vanished without a FIN.
  const char* keys[] = {"connect_timeout",
                        "keepalives_idle",
                        "keepalives_interval",
                        "keepalives_count",
                        "tcp_user_timeout",
                        "application_name",
                        "dbname",
                        nullptr};
  const char* values[] = {"3", "5", "2", "3", "10000", "iotboot", uri_.c_str(), nullptr};
  conn_ = PQconnectdbParams(keys, values, 1);
  if (!conn_ || PQstatus(conn_) != CONNECTION_OK) {
    const std::string msg = describe(nullptr, conn_);
    lost();
    throw StoreError(msg);
  }
  backoff_ = std::chrono::milliseconds(0);
  PgResult quiet(PQexec(conn_, "SET client_min_messages = warning"));
  return conn_;
}

PgResult PgConnection::query(std::string_view sql, std::span<const PgParam> params) {
  PGconn* c = conn();
  std::vector<const char*> values(params.size());
  std::vector<int> lengths(params.size()), formats(params.size());
  for (std::size_t i = 0; i < params.size(); ++i) {
    values[i] = params[i].data();
    lengths[i] = params[i].size();
    formats[i] = params[i].format();
  }
  const std::string text(sql);
  const int n = static_cast<int>(params.size());
  const std::string* name = prepared(c, text, params.size());
  PgResult r(name ? PQexecPrepared(c, name->c_str(), n, values.data(), lengths.data(), formats.data(), 1)
                  : PQexecParams(c, text.c_str(), n, nullptr, values.data(), lengths.data(), formats.data(), 1));
  const ExecStatusType status = r.get() ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(r.get(), c);
  return r;
}

const std::string* PgConnection::prepared(pg_conn* c, const std::string& text, std::size_t params) {
  constexpr std::size_t kMaxPrepared = 128;  // the stores use a few dozen statements
  if (auto at = prepared_.find(text); at != prepared_.end()) return &at->second;
  if (prepared_.size() >= kMaxPrepared) return nullptr;
  std::string name = "iotboot_" + std::to_string(prepared_.size());
  PgResult r(PQprepare(c, name.c_str(), text.c_str(), static_cast<int>(params), nullptr));
  if (!r.get() || PQresultStatus(r.get()) != PGRES_COMMAND_OK) fail(r.get(), c);
  return &prepared_.emplace(text, std::move(name)).first->second;
}

void PgConnection::exec(std::string_view sql) {
  PGconn* c = conn();
  const std::string text(sql);
  PgResult r(PQexec(c, text.c_str()));
  const ExecStatusType status = r.get() ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(r.get(), c);
}

void PgConnection::fail(const pg_result* r, pg_conn* c) {
  const std::string msg = describe(r, c);
  if (PQstatus(c) != CONNECTION_OK) lost();
  throw StoreError(msg);
}

std::int64_t PgConnection::copy_in(std::string_view copy_sql, std::size_t rows,
                                   const std::function<void(std::size_t, std::string&)>& line) {
  PGconn* c = conn();
  const std::string text(copy_sql);
  {
    PgResult start(PQexec(c, text.c_str()));
    if (!start.get() || PQresultStatus(start.get()) != PGRES_COPY_IN) fail(start.get(), c);
  }
  std::string buffer;
  buffer.reserve(4096);
  for (std::size_t i = 0; i < rows; ++i) {
    buffer.clear();
    line(i, buffer);
    const bool sent = PQputCopyData(c, buffer.data(), static_cast<int>(buffer.size())) == 1;
    secure_wipe(buffer.data(), buffer.size());
    if (!sent) fail(nullptr, c);
  }
  if (PQputCopyEnd(c, nullptr) != 1) fail(nullptr, c);
  PgResult end(PQgetResult(c));
  if (!end.get() || PQresultStatus(end.get()) != PGRES_COMMAND_OK) {
    // Drain: libpq hands out NULL once the command is over.
    while (PGresult* more = PQgetResult(c)) PQclear(more);
    fail(end.get(), c);
  }
  const std::int64_t n = end.affected();
  while (PGresult* more = PQgetResult(c)) PQclear(more);
  return n;
}

int PgConnection::schema_version(std::string_view component) {
  exec("CREATE TABLE IF NOT EXISTS iotboot_schema (component text PRIMARY KEY, version integer NOT NULL)");
  PgResult r = query("SELECT version FROM iotboot_schema WHERE component = $1", {component});
  return r.rows() == 0 ? 0 : static_cast<int>(r.integer(0, 0));
}

void PgConnection::migrate(std::string_view component, std::span<const std::string_view> migrations) {
  {
    // Two instances starting at once would both create the version table: serialise that too.
    PgTransaction t(*this);
    query("SELECT pg_advisory_xact_lock(hashtext('iotboot_schema'))");
    schema_version(component);
    t.commit();
  }
  const auto target = static_cast<int>(migrations.size());
  for (int v = schema_version(component); v < target; ++v) {
    PgTransaction t(*this);
    query("SELECT pg_advisory_xact_lock(hashtext('iotboot_schema'))");
    const int now = schema_version(component);  // re-read under the lock
    if (now > v) continue;
    exec(migrations[static_cast<std::size_t>(v)]);
    query(
        "INSERT INTO iotboot_schema (component, version) VALUES ($1, $2::integer) "
        "ON CONFLICT (component) DO UPDATE SET version = excluded.version",
        {component, static_cast<std::int64_t>(v + 1)});
    t.commit();
  }
  const int found = schema_version(component);
  if (found > target) {
    throw StoreError("database schema version " + std::to_string(found) + " of " + std::string(component) +
                     " is newer than this program's " + std::to_string(target));
  }
}

PgTransaction::~PgTransaction() {
  if (done_) return;
  try {
    if (c_.connected()) c_.exec("ROLLBACK");
  } catch (...) {  // a lost connection rolls back by itself
  }
}

void PgTransaction::commit() {
  c_.exec("COMMIT");
  done_ = true;
}

}  // namespace iotboot::store
