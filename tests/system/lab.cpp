#include "lab.hpp"

#include <gtest/gtest.h>

#include "hss/hss_config.hpp"
#include "hss/sqlite_subscriber_store.hpp"
#include "mme/mme_config.hpp"
#include "support/ports.hpp"

namespace iotboot::test {

using namespace std::chrono_literals;

Lab::Lab(std::size_t n, const std::string& name) : dir(temp_dir(name)), network(dir, topology::Network::free_ports()) {
  network.durability = "normal";
  network.add_hss();
  network.add_mme();
  subscribers = provisioning::generate_subscribers("001010000000001", n, provisioning::BootstrapMode::off);
  hss::SqliteSubscriberStore store(network.db(network.hss.front().db).string());
  auto tx = store.begin();
  for (const auto& c : subscribers) {
    hss::Subscriber s;
    s.imsi = c.imsi;
    s.k = c.k;
    s.opc = c.opc;
    s.amf = c.amf;
    s.sqn = c.sqn;
    store.insert(s);
  }
  tx->commit();
  hss_port = network.hss.front().port;
  start_hss();
  start_mme();
}

Lab::~Lab() {
  io.call([&] {
    mme.reset();
    hss.reset();
    return 0;
  });
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

hss::HssConfig Lab::hss_config() const {
  hss::HssConfig c = hss::parse_hss_config(network.hss_config());
  if (hss_options) hss_options(c);
  return c;
}

// The lab network's MME with the tests' shorter timers, on an ephemeral S1-lite port.
mme::MmeConfig Lab::mme_config() const {
  mme::MmeConfig c = mme::parse_mme_config(network.mme_config());
  c.s1_port = 0;
  c.diameter.request_timeout = 1000ms;
  c.diameter.reconnect_min = 20ms;
  c.diameter.reconnect_max = 200ms;
  c.vectors_per_air = vectors_per_air;
  c.t3460 = 500ms;
  c.t3450 = 500ms;
  if (mme_options) mme_options(c);
  return c;
}

ue::UeConfig Lab::ue_config() const {
  ue::UeConfig c;
  c.mmes[0].port = s1_port;
  c.attach_timeout = 5000ms;
  return c;
}

void Lab::start_hss() {
  io.call([&] {
    hss = std::make_unique<hss::Hss>(io.io, hss_config());
    hss->start();
    return 0;
  });
}

void Lab::stop_hss() {
  io.call([&] {
    hss.reset();
    return 0;
  });
}

void Lab::start_mme() {
  io.call([&] {
    mme = std::make_unique<mme::Mme>(io.io, mme_config());
    mme->start();
    s1_port = mme->s1_port();
    return 0;
  });
  EXPECT_TRUE(io.await(mme->node().wait_open(network.hss.front().host, 5s)));
}

void Lab::restart_mme() {
  io.call([&] {
    mme.reset();
    return 0;
  });
  start_mme();
}

ue::LoadReport Lab::attach(std::size_t count, std::size_t concurrency, ue::LoadOptions options) {
  return attach_as(subscribers, count, concurrency, options);
}

ue::LoadReport Lab::attach_as(const std::vector<provisioning::SubscriberCredentials>& subs, std::size_t count,
                              std::size_t concurrency, ue::LoadOptions options) {
  options.count = count;
  options.concurrency = concurrency;
  return ue::run_load(ue_config(), subs, options);
}

mme::MmeStats Lab::mme_stats() {
  return io.call([&] { return mme->stats(); });
}

}  // namespace iotboot::test
