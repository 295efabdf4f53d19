#include "support/postgres_server.hpp"

#include <libpq-fe.h>
#include <pwd.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "support/files.hpp"
#include "support/ports.hpp"

namespace iotboot::test {
namespace {

constexpr const char* kBin = "/usr/lib/postgresql/15/bin/";

std::string quoted(const std::string& s) { return "'" + s + "'"; }

void sql(const std::string& uri, const std::string& statement) {
  PGconn* c = PQconnectdb(uri.c_str());
  const bool up = PQstatus(c) == CONNECTION_OK;
  PGresult* r = up ? PQexec(c, statement.c_str()) : nullptr;
  const bool ok = r && PQresultStatus(r) == PGRES_COMMAND_OK;
  const std::string why = PQerrorMessage(c);
  PQclear(r);
  PQfinish(c);
  if (!ok) throw std::runtime_error("test postgres: " + statement + ": " + why);
}

}  // namespace

PostgresServer::PostgresServer(bool durable) : port_(free_port()), owned_(true), durable_(durable) {
  char tmpl[] = "/tmp/iotboot-pg-XXXXXX";
  if (!mkdtemp(tmpl)) throw std::runtime_error("test postgres: mkdtemp failed");
  dir_ = tmpl;
  if (geteuid() == 0) {
    const passwd* pg = getpwnam("postgres");
    if (!pg || chown(dir_.c_str(), pg->pw_uid, pg->pw_gid) != 0) {
      throw std::runtime_error("test postgres: no postgres user to own " + dir_.string());
    }
  }
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
    stop();
  } catch (...) {
  }
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

std::string PostgresServer::uri(const std::string& database) const {
  return "postgresql://postgres@" + host_ + ":" + std::to_string(port_) + "/" + database;
}

std::string PostgresServer::create_database() {
  static std::atomic<unsigned> n{0};
  const std::string name = "t" + std::to_string(getpid()) + "_" + std::to_string(n++);
  sql(uri(), "CREATE DATABASE " + name);
  return uri(name);
}

void PostgresServer::as_postgres(const std::string& command) const {
  const std::string line = geteuid() == 0 ? "runuser -u postgres -- sh -c " + quoted(command) : command;
  if (std::system(line.c_str()) != 0) {
    throw std::runtime_error("test postgres: failed: " + command + "\n" + read_text(dir_ / "server.log") +
                             read_text(dir_ / "initdb.log"));
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
