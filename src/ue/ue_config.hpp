#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "config/yaml.hpp"
#include "core/plmn.hpp"
#include "ue/ua_client.hpp"

namespace iotboot::ue {

struct UeConfig {
  std::string mme_address = "127.0.0.1";
  std::uint16_t mme_port = 36412;
  Plmn plmn = Plmn::parse("00101").value();         // the serving network, for KASME
  unsigned connections = 1;                         // S1-lite connections the UEs are spread over
  std::chrono::milliseconds attach_timeout{15000};  // T3410
  // Seed steps 12-16 after each attach, one exchange per AS; none: attach only.
  std::vector<ApplicationServerAddress> application_servers;
  std::chrono::milliseconds ua_timeout{3000};  // one DTLS handshake and CoAP exchange at most
};

UeConfig parse_ue_config(const YAML::Node& doc);

}  // namespace iotboot::ue
