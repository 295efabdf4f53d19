#pragma once

#include <chrono>
#include <string>

#include "config/yaml.hpp"
#include "core/plmn.hpp"

namespace iotboot::ue {

struct UeConfig {
  std::string mme_address = "127.0.0.1";
  std::uint16_t mme_port = 36412;
  Plmn plmn = Plmn::parse("00101").value();  // the serving network, for KASME
  unsigned connections = 1;                  // S1-lite connections the UEs are spread over
  std::chrono::milliseconds attach_timeout{15000};  // T3410
};

UeConfig parse_ue_config(const YAML::Node& doc);

}  // namespace iotboot::ue
