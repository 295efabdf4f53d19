#include "run/all_in_one.hpp"

#include <netinet/in.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_future.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include "as/as.hpp"
#include "diameter/dictionary.hpp"
#include "hss/hss.hpp"
#include "hss/provisioned.hpp"
#include "hss/sqlite_subscriber_store.hpp"
#include "mme/mme.hpp"
#include "net/dev_pki.hpp"
#include "provisioning/subscriber_csv.hpp"
#include "run/sequence_diagram.hpp"
#include "scef/scef.hpp"
#include "ue/load_driver.hpp"
#include "usage_error.hpp"

namespace iotboot::cli {
namespace {

namespace fs = std::filesystem;
namespace asio = boost::asio;
using namespace std::chrono_literals;

const std::string kRealm = "iotboot.test";
const NetworkNames kNames;
const std::vector<std::string> kAsIds = {"as1.example.com", "as2.example.com"};

// A UDP port on loopback that was free a moment ago (libcoap 4.3 cannot report an ephemeral one).
std::uint16_t free_udp_port() {
  const int fd = socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(a);
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
    if (fd >= 0) close(fd);
    throw std::runtime_error("no free UDP port on 127.0.0.1");
  }
  close(fd);
  return ntohs(a.sin_port);
}

void remove_database(const fs::path& db) {
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db.string() + suffix);
}

std::vector<provisioning::SubscriberCredentials> provision(const fs::path& dir, std::size_t n) {
  auto subs = provisioning::generate_subscribers("001010000000001", n, true);
  if (auto note = provisioning::write_subscribers_file(dir / "subscribers.csv", subs)) spdlog::warn("{}", *note);
  remove_database(dir / "hss.db");
  remove_database(dir / "scef.db");
  hss::SqliteSubscriberStore store((dir / "hss.db").string(), store::Durability::normal);
  auto tx = store.begin();
  for (const auto& c : subs) store.insert(hss::to_subscriber(c));
  tx->commit();
  return subs;
}

diameter::NodeConfig node(const std::string& host) {
  diameter::NodeConfig c;
  c.origin_host = host;
  c.origin_realm = kRealm;
  c.listen_port = 0;
  return c;
}

// The NFs that run on the network io_context, started in dependency order.
struct Network {
  asio::io_context io{1};
  std::unique_ptr<scef::Scef> scef;
  std::unique_ptr<hss::Hss> hss;
  std::unique_ptr<mme::Mme> mme;
  std::thread thread;

  template <typename F>
  auto on_io(F f) {
    return asio::co_spawn(
               io, [f]() -> asio::awaitable<decltype(f())> { co_return f(); }, asio::use_future)
        .get();
  }
  bool wait_open(diameter::Node& n, std::string host) {
    return asio::co_spawn(io, n.wait_open(host, 5s), asio::use_future).get();
  }

  void start(const fs::path& dir) {
    auto guard = std::make_shared<asio::executor_work_guard<asio::io_context::executor_type>>(io.get_executor());
    thread = std::thread([this, guard] { io.run(); });
    work = guard;
    const fs::path certs = dir / "certs";

    scef::ScefConfig sc;
    sc.diameter = node(kNames.scef);
    sc.diameter.peers = {{kNames.hss, kRealm, "127.0.0.1", 0, false, {{diameter::app::kS6t}}, false},
                         {kNames.mme, kRealm, "127.0.0.1", 0, false, {{diameter::app::kT6a}}, false}};
    sc.db = (dir / "scef.db").string();
    sc.api.port = 0;
    sc.api.certificate = (certs / "scef.pem").string();
    sc.api.private_key = (certs / "scef.key").string();
    sc.api.ca = (certs / "ca.pem").string();
    sc.api.allowed_as = kAsIds;
    const std::uint16_t scef_port = on_io([&] {
      scef = std::make_unique<scef::Scef>(io, sc);
      scef->start();
      return scef->node().local_port();
    });

    hss::HssConfig hc;
    hc.diameter = node(kNames.hss);
    hc.diameter.peers = {{kNames.mme, kRealm, "127.0.0.1", 0, false, {{diameter::app::kS6a}}, false},
                         {kNames.scef, kRealm, "127.0.0.1", scef_port, true, {}, false}};
    hc.db = (dir / "hss.db").string();
    hc.scef_id = kNames.scef;
    hc.scef_realm = kRealm;
    const std::uint16_t hss_port = on_io([&] {
      hss = std::make_unique<hss::Hss>(io, hc);
      hss->start();
      return hss->node().local_port();
    });

    mme::MmeConfig mc;
    mc.diameter = node(kNames.mme);
    mc.diameter.listen = false;
    mc.diameter.peers = {{kNames.hss, kRealm, "127.0.0.1", hss_port, true, {}, false},
                         {kNames.scef, kRealm, "127.0.0.1", scef_port, true, {}, false}};
    mc.s1_port = 0;
    mc.hss_realm = kRealm;
    on_io([&] {
      mme = std::make_unique<mme::Mme>(io, mc);
      mme->start();
      return 0;
    });
    if (!wait_open(mme->node(), kNames.hss) || !wait_open(mme->node(), kNames.scef) ||
        !wait_open(hss->node(), kNames.scef)) {
      throw std::runtime_error("the Diameter peers did not come up on loopback");
    }
  }

  std::uint16_t s1_port() {
    return on_io([&] { return mme->s1_port(); });
  }
  std::uint16_t key_api_port() {
    return on_io([&] { return scef->key_api_port(); });
  }

  void stop() {
    if (!thread.joinable()) return;
    asio::co_spawn(
        io,
        [this]() -> asio::awaitable<void> {
          if (mme) co_await mme->stop();
          if (hss) co_await hss->stop();
          if (scef) co_await scef->stop();
        },
        asio::use_future)
        .get();
    on_io([&] {
      mme.reset();
      hss.reset();
      scef.reset();
      return 0;
    });
    work.reset();
    io.stop();
    thread.join();
  }
  ~Network() { stop(); }

  std::shared_ptr<asio::executor_work_guard<asio::io_context::executor_type>> work;
};

}  // namespace

int run_all_in_one(const RunOptions& o) {
  const auto level = spdlog::level::from_str(o.log_level);
  if (level == spdlog::level::off && o.log_level != "off") throw UsageError("--log-level", "unknown level");
  spdlog::set_level(level);
  const fs::path dir = o.dir;
  fs::create_directories(dir);
  if (!fs::exists(dir / "certs" / "ca.pem")) net::make_dev_pki(dir / "certs", kNames.scef, kAsIds);
  std::cout << "work directory " << fs::absolute(dir).string() << ": certificates, hss.db, scef.db, " << o.ues
            << " subscribers (subscribers.csv)\n";
  const auto subs = provision(dir, o.ues);

  Network net;
  net.start(dir);
  std::vector<std::unique_ptr<as::ApplicationServer>> servers;
  ue::UeConfig uc;
  for (const std::string& id : kAsIds) {
    as::AsConfig ac;
    ac.id = id;
    ac.coap_port = free_udp_port();
    ac.scef_port = net.key_api_port();
    ac.scef_host = kNames.scef;
    ac.certificate = (dir / "certs" / (id + ".pem")).string();
    ac.private_key = (dir / "certs" / (id + ".key")).string();
    ac.ca = (dir / "certs" / "ca.pem").string();
    servers.push_back(std::make_unique<as::ApplicationServer>(ac));
    servers.back()->start();
    uc.application_servers.push_back({id, "127.0.0.1", ac.coap_port});
  }
  uc.mme_port = net.s1_port();
  std::cout << "SCEF, HSS, MME and ASs " << kAsIds[0] << ", " << kAsIds[1] << " running on loopback; " << o.ues
            << " UEs bootstrapping, " << o.concurrency << " at a time\n";

  ue::LoadOptions lo;
  lo.count = o.ues;
  lo.concurrency = o.concurrency;
  lo.progress = isatty(STDERR_FILENO);
  lo.trace = true;
  const ue::LoadReport report = ue::run_load(uc, subs, lo);

  for (auto& s : servers) s->stop();
  net.stop();
  std::cout << "\n";
  if (report.trace) {
    print_sequence_diagram(std::cout, *report.trace, kNames);
    std::cout << "\n";
  }
  report.print(std::cout);
  return report.failed == 0 && report.bootstrapped == o.ues ? 0 : 1;
}

}  // namespace iotboot::cli
