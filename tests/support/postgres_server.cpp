#include "support/postgres_server.hpp"

#include <libpq-fe.h>
#include <pwd.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "support/files.hpp"
#include "support/ports.hpp"

namespace iotboot::test {
namespace {

constexpr const char* kBin = "/usr/lib/postgresql/15/bin/";

std::string quoted(const std::string& s) { return "'" + s + "'"; }

// Runs one statement; returns the first value of its first row, if it has one.
std::optional<std::string> sql(const std::string& uri, const std::string& statement) {
  PGconn* c = PQconnectdb(uri.c_str());
  const bool up = PQstatus(c) == CONNECTION_OK;
  PGresult* r = up ? PQexec(c, statement.c_str()) : nullptr;
  const ExecStatusType status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  const bool ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
  std::optional<std::string> value;
  if (status == PGRES_TUPLES_OK && PQntuples(r) > 0 && PQnfields(r) > 0) value = PQgetvalue(r, 0, 0);
  const std::string why = PQerrorMessage(c);
  PQclear(r);
  PQfinish(c);
  if (!ok) throw std::runtime_error("test postgres: " + statement + ": " + why);
  return value;
}

// A new temporary directory, the postgres user's when we are root.
std::filesystem::path private_dir() {
  char tmpl[] = "/tmp/iotboot-pg-XXXXXX";
  if (!mkdtemp(tmpl)) throw std::runtime_error("test postgres: mkdtemp failed");
  if (geteuid() == 0) {
    const passwd* pg = getpwnam("postgres");
    if (!pg || chown(tmpl, pg->pw_uid, pg->pw_gid) != 0) {
      throw std::runtime_error(std::string("test postgres: no postgres user to own ") + tmpl);
    }
  }
  return tmpl;
}

}  // namespace

PostgresServer::PostgresServer(bool durable)
    : dir_(private_dir()), port_(free_port()), owned_(true), durable_(durable) {
  as_postgres(std::string(kBin) + "initdb -D " + quoted((dir_ / "data").string()) +
              " -U postgres --auth=trust --no-sync -E UTF8 --locale=C >" + quoted((dir_ / "initdb.log").string()) +
              " 2>&1");
  start();
}

PostgresServer::PostgresServer(std::filesystem::path dir, std::uint16_t port, bool owned)
    : dir_(std::move(dir)), port_(port), owned_(owned) {}

PostgresServer::~PostgresServer() {
  if (!owned_) return;
  try {
    // A killed server has no postmaster.pid (kill() removes it) and nothing left to stop.
    if (std::filesystem::exists(dir_ / "data" / "postmaster.pid")) stop();
  } catch (...) {
  }
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

std::unique_ptr<PostgresServer> PostgresServer::standby_of(PostgresServer& primary,
                                                           const std::string& application_name) {
  // It goes into a shell command line and a setting unquoted.
  if (application_name.empty() ||
      application_name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos) {
    throw std::invalid_argument("test postgres: standby name must be [a-z0-9_]+: " + application_name);
  }
  auto standby = std::make_unique<PostgresServer>(private_dir(), free_port(), true);
  standby->durable_ = primary.durable_;
  // -R writes standby.signal and a primary_conninfo with these keywords, application_name
  // included: the name under which the primary knows its synchronous standby.
  const std::string conninfo = "host=" + primary.host_ + " port=" + std::to_string(primary.port_) +
                               " user=postgres application_name=" + application_name;
  standby->as_postgres(std::string(kBin) + "pg_basebackup -d \"" + conninfo + "\" -D " +
                       quoted((standby->dir_ / "data").string()) + " -R -X stream -c fast --no-sync >" +
                       quoted((standby->dir_ / "basebackup.log").string()) + " 2>&1");
  standby->start();
  if (sql(standby->uri(), "SHOW synchronous_standby_names").value_or("") != "") {
    throw std::runtime_error("test postgres: the standby inherited synchronous_standby_names");
  }

  // Only now, so that the base backup did not copy it (postgresql.auto.conf).
  sql(primary.uri(), "ALTER SYSTEM SET synchronous_standby_names = '\"" + application_name + "\"'");
  sql(primary.uri(), "ALTER SYSTEM SET synchronous_commit = on");
  sql(primary.uri(), "SELECT pg_reload_conf()");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  const std::string state =
      "SELECT sync_state FROM pg_stat_replication WHERE state = 'streaming' AND application_name = '" +
      application_name + "'";
  while (sql(primary.uri(), state).value_or("") != "sync") {
    if (std::chrono::steady_clock::now() >= deadline) {
      throw std::runtime_error("test postgres: the standby never became synchronous\n" +
                               read_text(standby->dir_ / "server.log"));
    }
    usleep(10'000);
  }
  return standby;
}

std::string PostgresServer::uri(const std::string& database) const {
  return "postgresql://postgres@" + host_ + ":" + std::to_string(port_) + "/" + database;
}

std::string PostgresServer::new_database() {
  static std::atomic<unsigned> n{0};
  const std::string name = "t" + std::to_string(getpid()) + "_" + std::to_string(n++);
  sql(uri(), "CREATE DATABASE " + name);
  return name;
}

std::string PostgresServer::create_database() { return uri(new_database()); }

std::string multi_host_uri(const PostgresServer& a, const PostgresServer& b, const std::string& database) {
  return "postgresql://postgres@" + a.host() + ":" + std::to_string(a.port()) + "," + b.host() + ":" +
         std::to_string(b.port()) + "/" + database + "?target_session_attrs=read-write";
}

void PostgresServer::as_postgres(const std::string& command) const {
  const std::string line = geteuid() == 0 ? "runuser -u postgres -- sh -c " + quoted(command) : command;
  if (std::system(line.c_str()) != 0) {
    throw std::runtime_error("test postgres: failed: " + command + "\n" + read_text(dir_ / "server.log") +
                             read_text(dir_ / "initdb.log") + read_text(dir_ / "basebackup.log"));
  }
}

void PostgresServer::start() {
  const std::string options =
      "-c listen_addresses=127.0.0.1 -c port=" + std::to_string(port_) +
      " -c unix_socket_directories=" + dir_.string() + " -c max_connections=300" +
      (durable_ ? " -c fsync=on -c shared_buffers=1GB -c max_wal_size=8GB -c wal_compression=lz4"
                : " -c fsync=off -c shared_buffers=128MB");
  as_postgres(std::string(kBin) + "pg_ctl start -w -t 60 -D " + quoted((dir_ / "data").string()) + " -l " +
              quoted((dir_ / "server.log").string()) + " -o \"" + options + "\" >/dev/null");
}

void PostgresServer::stop() {
  as_postgres(std::string(kBin) + "pg_ctl stop -w -m fast -D " + quoted((dir_ / "data").string()) + " >/dev/null");
}

void PostgresServer::promote() {
  as_postgres(std::string(kBin) + "pg_ctl promote -w -t 60 -D " + quoted((dir_ / "data").string()) + " >/dev/null");
  // pg_ctl returns when the control file says "in production", a moment before new sessions
  // may write: wait for that too.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (sql(uri(), "SELECT pg_is_in_recovery()").value_or("t") != "f") {
    if (std::chrono::steady_clock::now() >= deadline) {
      throw std::runtime_error("test postgres: still in recovery after promotion\n" + read_text(dir_ / "server.log"));
    }
    usleep(10'000);
  }
}

void PostgresServer::kill() {
  std::ifstream pid_file(dir_ / "data" / "postmaster.pid");
  pid_t pid = 0;
  if (!(pid_file >> pid) || pid <= 0) throw std::runtime_error("test postgres: no postmaster.pid");
  // The whole server at once, as a machine crash would: the postmaster and every backend.
  std::vector<pid_t> victims{pid};
  for (const auto& e : std::filesystem::directory_iterator("/proc")) {
    const std::string stat = read_text(e.path() / "stat");
    const std::size_t close = stat.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream rest(stat.substr(close + 2));
    char state = 0;
    pid_t ppid = 0;
    if (rest >> state >> ppid && ppid == pid) victims.push_back(std::stoi(e.path().filename().string()));
  }
  for (pid_t v : victims) ::kill(v, SIGKILL);
  // Not our children (pg_ctl detached them): wait until each is gone or a zombie. A zombie
  // postmaster still "exists" for the next one's lock-file checks, which a crashed machine's
  // would not: the lock files go, as an operator would remove them.
  for (pid_t v : victims) {
    while (::kill(v, 0) == 0 && read_text("/proc/" + std::to_string(v) + "/stat").find(") Z") == std::string::npos) {
      usleep(2'000);
    }
  }
  std::filesystem::remove(dir_ / "data" / "postmaster.pid");
  const std::string socket = ".s.PGSQL." + std::to_string(port_);
  std::filesystem::remove(dir_ / socket);
  std::filesystem::remove(dir_ / (socket + ".lock"));
}

PostgresServer& shared_postgres() {
  static std::unique_ptr<PostgresServer> server = [] {
    if (const char* file = std::getenv("IOTBOOT_TEST_POSTGRES_FILE")) {
      std::ifstream in(file);
      std::string dir;
      unsigned port = 0;
      if (in >> port >> dir) return std::make_unique<PostgresServer>(dir, static_cast<std::uint16_t>(port), false);
    }
    return std::make_unique<PostgresServer>();
  }();
  return *server;
}

}  // namespace iotboot::test
