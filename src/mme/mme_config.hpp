#pragma once

#include <chrono>
#include <string>

#include "config/yaml.hpp"
#include "core/plmn.hpp"
#include "crypto/eps_keys.hpp"
#include "diameter/node/config.hpp"
#include "net/s1lite.hpp"

namespace iotboot::mme {

struct MmeConfig {
  diameter::NodeConfig diameter;
  Plmn plmn = Plmn::parse("00101").value();
  std::uint16_t mme_group_id = 0x8001;
  std::uint8_t mme_code = 0x01;
  std::uint16_t tac = 1;
  std::string s1_address = "127.0.0.1";
  std::uint16_t s1_port = 36412;
  crypto::CipheringAlgorithm ciphering = crypto::CipheringAlgorithm::eea2;
  crypto::IntegrityAlgorithm integrity = crypto::IntegrityAlgorithm::eia2;
  unsigned vectors_per_air = 1;                  // the seed recommends one at a time; unused ones are kept
  std::string hss_realm;                         // Destination-Realm of AIRs (default: our realm)
  std::chrono::milliseconds t3460{6000};         // Authentication Request / Security Mode Command
  unsigned t3460_retransmissions = 4;            // abort on the 5th expiry (TS 24.301 §5.4.2.7)
  std::chrono::milliseconds t3450{6000};         // Attach Accept
  std::chrono::seconds t3346{10};                // sent with #22 congestion (±50 % at random): the UE's back-off
  std::chrono::seconds context_retention{3600};  // a deregistered UE's GUTI stays known this long
  std::chrono::milliseconds t6a_timeout{500};    // Attach Accept waits this long at most for the SCEF's RIA
  // One S1-lite connection (an eNodeB, here a UE simulator) may have this many UEs at once; an
  // Attach Request beyond it is rejected with #22 (congestion) and creates nothing.
  std::size_t max_ues_per_connection = 100000;
  // Attach attempts in progress at once (Attach Request received, Security Mode Complete not
  // yet): each holds an AIR at the HSS and a challenge. Beyond it an Attach Request is rejected
  // with #22 at once, so that admitted attaches keep their pace when offered more than the
  // MME and HSS can serve.
  std::size_t max_attach_attempts = 2000;
  // Keep admitted attempts within this (their 99th percentile): the attempts admitted at once
  // then follow what the MME and HSS can serve, below max_attach_attempts (attach_admission.hpp).
  // Zero: max_attach_attempts alone.
  std::chrono::milliseconds attach_target{0};
  net::S1liteLimits s1_limits;  // connections at once, and the output a peer may leave unread
};

// Reads `mme:` and `diameter:` from a YAML document.
MmeConfig parse_mme_config(const YAML::Node& doc);

}  // namespace iotboot::mme
