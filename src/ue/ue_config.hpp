#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "config/yaml.hpp"
#include "core/plmn.hpp"
#include "ue/ua_client.hpp"

namespace iotboot::ue {

// An MME's S1-lite endpoint. In a pool each has its MME code: a UE with a GUTI goes to the
// MME whose code the GUTI carries (TS 23.401 §4.3.7.3, NAS node selection at the eNodeB).
struct MmeAddress {
  std::string address = "127.0.0.1";
  std::uint16_t port = 36412;
  std::optional<std::uint8_t> code;
};

struct UeConfig {
  std::vector<MmeAddress> mmes{MmeAddress{}};       // one MME, or a pool of one MME group
  Plmn plmn = Plmn::parse("00101").value();         // the serving network, for KASME
  unsigned connections = 1;                         // S1-lite connections to each MME
  std::chrono::milliseconds attach_timeout{15000};  // T3410
  // Seed steps 12-16 after each attach, one exchange per AS; none: attach only.
  std::vector<ApplicationServerAddress> application_servers;
  UaSettings ua;  // each DTLS handshake and CoAP exchange with an AS
};

UeConfig parse_ue_config(const YAML::Node& doc);

}  // namespace iotboot::ue
