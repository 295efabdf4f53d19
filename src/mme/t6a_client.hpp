// T6a at the MME (seed step 10.1): the result of a UE's authentication, its RAND and, on
// success, its new GUTI, reported to the SCEF the HSS named in the AIA (IoT-Notify-SCEF).
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "diameter/node/node.hpp"
#include "nas/identities.hpp"

namespace iotboot::mme {

namespace asio = boost::asio;

struct AuthResultReport {
  std::string imsi;
  Bytes<16> rand{};
  bool success = false;
  std::optional<nas::Guti> guti;  // sent on success only
  std::string scef_id;            // empty: any SCEF of scef_realm
  std::string scef_realm;
};

// Sends the Reporting-Information-Request and waits for its answer (bounded by `timeout`):
// nullopt when the SCEF acknowledged it, else why not.
asio::awaitable<std::optional<std::string>> report_auth_result(diameter::NodeRef node, AuthResultReport report,
                                                               std::chrono::milliseconds timeout);

}  // namespace iotboot::mme
