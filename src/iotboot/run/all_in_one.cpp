#include "run/all_in_one.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_future.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <thread>

#include "as/as.hpp"
#include "as/as_config.hpp"
#include "crypto/kek_source.hpp"
#include "diameter/dictionary.hpp"
#include "hss/hss.hpp"
#include "hss/provisioned.hpp"
#include "hss/sqlite_subscriber_store.hpp"
#include "metrics/build_info.hpp"
#include "metrics/endpoint.hpp"
#include "metrics/health.hpp"
#include "mme/mme.hpp"
#include "net/dev_pki.hpp"
#include "provisioning/subscriber_csv.hpp"
#include "run/sequence_diagram.hpp"
#include "scef/scef.hpp"
#include "topology/network.hpp"
#include "ue/load_driver.hpp"
#include "ue/ue_config.hpp"
#include "usage_error.hpp"

namespace iotboot::cli {
namespace {

namespace fs = std::filesystem;
namespace asio = boost::asio;
using namespace std::chrono_literals;

void remove_database(const fs::path& db) {
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db.string() + suffix);
}

using provisioning::BootstrapMode;

// The i-th subscriber's mode (from 0): `both` alternates, push first.
BootstrapMode mode_of(const std::string& mode, std::size_t i) {
  if (mode == "push") return BootstrapMode::push;
  if (mode == "pull") return BootstrapMode::pull;
  return i % 2 == 0 ? BootstrapMode::push : BootstrapMode::pull;
}

// Keys at rest sealed under `kek` in the work directory, created (0600) the first time.
void use_kek(topology::Network& net) {
  fs::create_directories(net.dir);
  net.kek_file = net.dir / "kek";
  if (!fs::exists(net.kek_file)) crypto::write_new_kek_file(net.kek_file);
}

// The SCEFs' deviceId secret in the work directory, created (0600) the first time: the
// pseudonyms stay the same from one run to the next.
void use_device_id_secret(topology::Network& net) {
  fs::create_directories(net.dir);
  net.device_id_secret_file = net.dir / "device-id.secret";
  if (!fs::exists(net.device_id_secret_file)) crypto::write_new_kek_file(net.device_id_secret_file);
}

std::vector<provisioning::SubscriberCredentials> provision(const topology::Network& net, std::size_t n,
                                                           const std::string& mode) {
  auto subs = provisioning::generate_subscribers("001010000000001", n, BootstrapMode::push);
  for (std::size_t i = 0; i < subs.size(); ++i) subs[i].bootstrap = mode_of(mode, i);
  if (auto note = provisioning::write_subscribers_file(net.dir / "subscribers.csv", subs)) spdlog::warn("{}", *note);
  const fs::path hss_db = net.db(net.hss.front().db);
  remove_database(hss_db);
  for (const auto& s : net.scef) remove_database(net.db(s.db));
  hss::SqliteSubscriberStore store(hss_db.string(), store::Durability::normal,
                                   crypto::load_key_ring({{{1, net.kek_file}}, 1, "kek"}));
  auto tx = store.begin();
  for (const auto& c : subs) store.insert(hss::to_subscriber(c));
  tx->commit();
  return subs;
}

// The NFs of the network on one io_context (its own thread), started in dependency order.
struct RunningNfs {
  asio::io_context io{1};
  std::unique_ptr<scef::Scef> scef;
  std::unique_ptr<hss::Hss> hss;
  std::unique_ptr<mme::Mme> mme;
  std::unique_ptr<metrics::Endpoint> endpoint;
  metrics::Registration build_info, ready;
  std::thread thread;
  std::shared_ptr<asio::executor_work_guard<asio::io_context::executor_type>> work;

  template <typename F>
  auto on_io(F f) {
    return asio::co_spawn(
               io, [f]() -> asio::awaitable<decltype(f())> { co_return f(); }, asio::use_future)
        .get();
  }
  bool wait_open(diameter::Node& n, std::string host) {
    return asio::co_spawn(io, n.wait_open(host, 5s), asio::use_future).get();
  }

  void start(const topology::Network& net, const RunOptions& o) {
    work = std::make_shared<asio::executor_work_guard<asio::io_context::executor_type>>(io.get_executor());
    thread = std::thread([this] { io.run(); });
    on_io([&] {
      if (o.metrics_port != 0) {
        build_info = metrics::register_build_info("run");
        ready = metrics::register_ready_gauge();
        endpoint = std::make_unique<metrics::Endpoint>(io, metrics::EndpointConfig{o.metrics_address, o.metrics_port});
        endpoint->start();
      }
      scef = std::make_unique<scef::Scef>(io, scef::parse_scef_config(net.scef_config()));
      scef->start();
      hss = std::make_unique<hss::Hss>(io, hss::parse_hss_config(net.hss_config()));
      hss->start();
      mme = std::make_unique<mme::Mme>(io, mme::parse_mme_config(net.mme_config()));
      mme->start();
      return 0;
    });
    const std::string& hss_host = net.hss.front().host;
    const std::string& scef_host = net.scef.front().host;
    if (!wait_open(mme->node(), hss_host) || !wait_open(mme->node(), scef_host) || !wait_open(hss->node(), scef_host)) {
      throw std::runtime_error("the Diameter peers did not come up on loopback");
    }
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
      endpoint.reset();
      mme.reset();
      hss.reset();
      scef.reset();
      return 0;
    });
    work.reset();
    io.stop();
    thread.join();
  }
  ~RunningNfs() { stop(); }
};

}  // namespace

int run_all_in_one(const RunOptions& o) {
  const auto level = spdlog::level::from_str(o.log_level);
  if (level == spdlog::level::off && o.log_level != "off") throw UsageError("--log-level", "unknown level");
  spdlog::set_level(level);
  fs::create_directories(o.dir);
  topology::Network net = topology::Network::standard(o.dir, topology::Network::free_ports());
  use_kek(net);
  use_device_id_secret(net);
  net.diameter_tls = o.diameter_tls;
  std::vector<std::string> as_ids;
  for (const auto& a : net.as) as_ids.push_back(a.id);
  const std::vector<std::string> diameter_ids = net.diameter_ids();
  // A work directory from before the Diameter certificates existed gets a new PKI.
  bool have_certs = fs::exists(net.certs() / "ca.pem");
  for (const std::string& id : diameter_ids) have_certs = have_certs && fs::exists(net.certs() / (id + ".pem"));
  if (!have_certs) net::make_dev_pki(net.certs(), net.scef.front().host, as_ids, diameter_ids);
  std::cout << "work directory " << fs::absolute(net.dir).string() << ": certificates, hss.db, scef.db, " << o.ues
            << " subscribers (subscribers.csv)\n";
  const auto subs = provision(net, o.ues, o.mode);

  RunningNfs nfs;
  nfs.start(net, o);
  std::vector<std::unique_ptr<as::ApplicationServer>> servers;
  for (std::size_t i = 0; i < net.as.size(); ++i) {
    servers.push_back(std::make_unique<as::ApplicationServer>(as::parse_as_config(net.as_config(i))));
    servers.back()->start();
  }
  std::cout << "SCEF, HSS, MME and ASs " << as_ids[0] << ", " << as_ids[1] << " running on loopback; " << o.ues
            << " UEs bootstrapping, " << o.concurrency << " at a time\n";

  ue::LoadOptions lo;
  lo.count = o.ues;
  lo.concurrency = o.concurrency;
  lo.progress = isatty(STDERR_FILENO);
  // The first UE of each mode is drawn.
  std::map<std::string, BootstrapMode> drawn;
  for (const BootstrapMode mode : {BootstrapMode::push, BootstrapMode::pull}) {
    const auto first = std::find_if(subs.begin(), subs.end(), [&](const auto& c) { return c.bootstrap == mode; });
    if (first != subs.end()) drawn.emplace(first->imsi, mode);
  }
  for (const auto& [imsi, mode] : drawn) lo.trace.push_back(imsi);
  const ue::LoadReport report = ue::run_load(ue::parse_ue_config(net.ue_config()), subs, lo);

  for (auto& s : servers) s->stop();
  nfs.stop();
  std::cout << "\n";
  std::vector<ue::BootstrapTrace> traces = report.traces;
  std::sort(traces.begin(), traces.end(), [](const auto& a, const auto& b) { return a.imsi < b.imsi; });
  for (const ue::BootstrapTrace& t : traces) {
    print_sequence_diagram(std::cout, t,
                           NetworkNames{net.mme.front().host, net.hss.front().host, net.scef.front().host},
                           drawn.at(t.imsi));
    std::cout << "\n";
  }
  report.print(std::cout);
  return report.failed == 0 && report.bootstrapped == o.ues ? 0 : 1;
}

int write_configs(const std::string& dir, const WriteConfigsOptions& o) {
  topology::Network net(dir, topology::Network::free_ports());
  net.log_level = o.log_level;
  net.postgres = o.postgres;
  if (!o.plaintext_keys) use_kek(net);
  use_device_id_secret(net);
  net.diameter_tls = o.diameter_tls;
  net.add_pools(o.hss, o.scef, o.mme, o.as, o.as_instances);
  net.write(dir);
  for (const auto& h : net.hss) {
    std::cout << "hss " << h.host << " diameter " << h.port << " metrics " << h.metrics_port << "\n";
  }
  for (const auto& s : net.scef) {
    std::cout << "scef " << s.host << " diameter " << s.port << " key_api " << s.key_api_port << " metrics "
              << s.metrics_port << "\n";
  }
  for (const auto& m : net.mme)
    std::cout << "mme " << m.host << " s1 " << m.s1_port << " metrics " << m.metrics_port << "\n";
  for (std::size_t i = 0; i < net.as.size(); ++i) {
    std::cout << "as " << net.as[i].id << " coap " << net.as[i].port << " config "
              << topology::Network::file_name("as", i) << " metrics " << net.as[i].metrics_port << "\n";
  }
  return 0;
}

}  // namespace iotboot::cli
