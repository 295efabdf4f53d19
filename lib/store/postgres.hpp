// A thin layer over libpq for the store threads: one connection per thread, blocking calls (a
// store thread is the only caller; no io thread ever makes one), parameters and results in
// binary format, reconnection with back-off, and schema migrations by component.
//
// Key material crosses this layer as bytea. Our own buffers are wiped: parameters are passed
// by pointer (no text copy), and a result's values are overwritten before it is freed. libpq's
// socket buffers are not ours to wipe (docs/security.md).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/bytes.hpp"
#include "store/store_error.hpp"

struct pg_conn;
struct pg_result;

namespace iotboot::store {

// One statement parameter: text, an integer (sent as text, typed by the statement's cast), raw
// bytes (bytea, binary), or NULL.
class PgParam {
 public:
  PgParam(std::string_view text) : data_(text.data()), size_(static_cast<int>(text.size())) {}    // NOLINT
  PgParam(const char* text) : PgParam(std::string_view(text)) {}                                  // NOLINT
  PgParam(const std::string& text) : PgParam(std::string_view(text)) {}                           // NOLINT
  PgParam(std::int64_t v) : owned_(std::to_string(v)), size_(static_cast<int>(owned_.size())) {}  // NOLINT
  PgParam(ByteView bytes)                                                                         // NOLINT
      : data_(reinterpret_cast<const char*>(bytes.data())), size_(static_cast<int>(bytes.size())), binary_(true) {}
  static PgParam null() { return PgParam(); }

  const char* data() const { return null_ ? nullptr : owned_.empty() ? data_ : owned_.c_str(); }
  int size() const { return size_; }
  int format() const { return binary_ ? 1 : 0; }

 private:
  PgParam() : null_(true) {}
  const char* data_ = "";
  std::string owned_;
  int size_ = 0;
  bool binary_ = false;
  bool null_ = false;
};

// A result in binary format; its values are wiped when it is destroyed.
class PgResult {
 public:
  explicit PgResult(pg_result* r) noexcept : r_(r) {}
  ~PgResult();
  PgResult(PgResult&& o) noexcept : r_(o.r_) { o.r_ = nullptr; }
  PgResult& operator=(PgResult&&) = delete;

  int rows() const;
  // Rows changed by an INSERT/UPDATE/DELETE.
  std::int64_t affected() const;
  bool is_null(int row, int col) const;
  // int2/int4/int8 (binary, big-endian) or bool.
  std::int64_t integer(int row, int col) const;
  std::string text(int row, int col) const;
  ByteView bytes(int row, int col) const;  // valid while the result lives
  pg_result* get() const noexcept { return r_; }

 private:
  pg_result* r_;
};

class PgConnection {
 public:
  // Connects lazily, on the first statement (a store must start while its database is down).
  explicit PgConnection(std::string uri);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Runs one statement. Throws StoreError on any failure; after a lost connection the next call
  // reconnects, no sooner than the back-off allows (100 ms doubling to 5 s; reset on success).
  PgResult query(std::string_view sql, std::span<const PgParam> params = {});
  PgResult query(std::string_view sql, std::initializer_list<PgParam> params) {
    return query(sql, std::span<const PgParam>(params.begin(), params.size()));
  }
  // Statements without parameters or results (several may be separated by semicolons).
  void exec(std::string_view sql);

  // COPY … FROM STDIN of `rows` lines (COPY text format), each written by line(i, buffer) into
  // one buffer that is wiped once the line is sent: rows may hold keys, and none is kept.
  std::int64_t copy_in(std::string_view copy_sql, std::size_t rows,
                       const std::function<void(std::size_t, std::string&)>& line);

  // Applies migrations[version..] for `component` (hss, scef), each in its own transaction under
  // an advisory lock, so that instances starting together migrate once. Idempotent.
  void migrate(std::string_view component, std::span<const std::string_view> migrations);
  int schema_version(std::string_view component);

  bool connected() const noexcept;

 private:
  pg_conn* conn();
  void lost();
  [[noreturn]] void fail(const pg_result* r, pg_conn* c);
  // The name of `text` prepared on this connection (prepared now if new), or nullptr past the
  // cap: a statement the server parses and plans once, not at every call.
  const std::string* prepared(pg_conn* c, const std::string& text, std::size_t params);

  std::string uri_;
  pg_conn* conn_ = nullptr;
  std::unordered_map<std::string, std::string> prepared_;  // text -> name, this connection's
  std::chrono::steady_clock::time_point retry_at_{};
  std::chrono::milliseconds backoff_{0};
};

// BEGIN … COMMIT; rolled back when destroyed uncommitted.
class PgTransaction {
 public:
  explicit PgTransaction(PgConnection& c) : c_(c) { c_.exec("BEGIN"); }
  ~PgTransaction();
  void commit();

 private:
  PgConnection& c_;
  bool done_ = false;
};

// A store interface's Transaction as a PostgreSQL transaction (see TransactionFor in sqlite.hpp).
template <typename Interface>
class PgTransactionFor final : public Interface {
 public:
  explicit PgTransactionFor(PgConnection& c) : t_(c) {}
  void commit() override { t_.commit(); }

 private:
  PgTransaction t_;
};

}  // namespace iotboot::store
