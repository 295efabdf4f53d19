// A private PostgreSQL 15 server for tests: initdb into a temporary directory, listening on
// 127.0.0.1 at a free port, run as the postgres user when we are root (initdb and postgres
// refuse root), stopped and removed at the end. fsync is off: the tests kill the server
// process, never the machine, and a killed postmaster loses nothing its WAL already holds.
//
// Under CTest one server serves a whole preset: the `postgres` fixture starts it (the
// postgres_fixture program) and writes its admin URI to a file; tests find that file through
// IOTBOOT_TEST_POSTGRES_FILE and take a database of their own. A test binary run by hand
// starts a private server instead.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace iotboot::test {

class PostgresServer {
 public:
  // A new server in a new temporary directory, running. `durable`: fsync on and a 1 GB buffer
  // cache, as a benchmark against a durable SQLite needs.
  explicit PostgresServer(bool durable = false);
  // A running server (the fixture's), in `dir`; stopped and removed at destruction if `owned`.
  PostgresServer(std::filesystem::path dir, std::uint16_t port, bool owned);
  // Stops the server unless it is already down (stopped, or killed and not started again).
  ~PostgresServer();
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  // A hot standby of `primary` (a running server of this process), in its own directory on its
  // own port, streaming from it as `application_name` (letters, digits, _). The primary is
  // then synchronous on it (synchronous_standby_names; set after the base backup, so that the
  // standby does not inherit it and, once promoted, commits without waiting for a standby of
  // its own). Returns once the primary reports the standby `sync`. Databases created on the
  // primary appear on the standby. While the standby is down, the primary's commits wait.
  static std::unique_ptr<PostgresServer> standby_of(PostgresServer& primary,
                                                    const std::string& application_name = "standby");

  const std::string& host() const noexcept { return host_; }
  std::uint16_t port() const noexcept { return port_; }
  std::string uri(const std::string& database = "postgres") const;
  // A new, empty database; returns its URI (create_database) or its name (new_database).
  std::string create_database();
  std::string new_database();

  // The postmaster and its children SIGKILLed (a crash); start() brings it back on the same
  // data and port.
  void kill();
  void start();
  void stop();  // fast shutdown
  // A standby made the primary (pg_ctl promote); returns once it accepts writes.
  void promote();

  const std::filesystem::path& dir() const noexcept { return dir_; }
  // Leaves the server running after destruction (the fixture's start).
  void release() noexcept { owned_ = false; }

 private:
  void as_postgres(const std::string& command) const;
  std::filesystem::path dir_;
  std::string host_ = "127.0.0.1";
  std::uint16_t port_ = 0;
  bool owned_ = false;
  bool durable_ = false;
};

// A libpq URI for `database` on whichever of `a` and `b` accepts writes (the primary, or the
// standby once promoted): target_session_attrs=read-write makes libpq skip the other.
std::string multi_host_uri(const PostgresServer& a, const PostgresServer& b, const std::string& database);

// The server for this process's tests: the fixture's when there is one, else a private one.
PostgresServer& shared_postgres();

}  // namespace iotboot::test
