// A lab network on loopback for system tests: a subscriber file, an HSS (SQLite in a temporary
// directory) and an MME in this process on real sockets, and helpers to run UEs against them.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <vector>

#include "../lib/diameter/io_thread.hpp"
#include "hss/hss.hpp"
#include "mme/mme.hpp"
#include "provisioning/subscriber_csv.hpp"
#include "topology/network.hpp"
#include "ue/load_driver.hpp"

namespace iotboot::test {

class Lab {
 public:
  explicit Lab(std::size_t subscribers = 100, const std::string& name = "lab");
  ~Lab();

  std::filesystem::path dir;
  topology::Network network;  // one HSS and one MME
  std::vector<provisioning::SubscriberCredentials> subscribers;
  std::uint16_t hss_port = 0;
  std::uint16_t s1_port = 0;
  unsigned vectors_per_air = 1;                      // the MME's, when (re)started
  std::function<void(mme::MmeConfig&)> mme_options;  // applied to the MME's config when (re)started
  std::function<void(hss::HssConfig&)> hss_options;  // applied to the HSS's config when (re)started
  IoThread io;
  std::unique_ptr<hss::Hss> hss;
  std::unique_ptr<mme::Mme> mme;

  hss::HssConfig hss_config() const;
  mme::MmeConfig mme_config() const;
  ue::UeConfig ue_config() const;

  void start_hss();
  void stop_hss();
  void start_mme();
  void restart_mme();
  // Runs `count` attaches of the first subscribers (or of `subs`).
  ue::LoadReport attach(std::size_t count, std::size_t concurrency = 1, ue::LoadOptions options = {});
  ue::LoadReport attach_as(const std::vector<provisioning::SubscriberCredentials>& subs, std::size_t count,
                           std::size_t concurrency = 1, ue::LoadOptions options = {});
  mme::MmeStats mme_stats();
};

}  // namespace iotboot::test
