// S6t at the HSS (seed step 5.1): the KeySets of an authentication (one Ks per vector, with
// its RAND and lifetime) pushed to the subscriber's SCEF before the AIA leaves.
#pragma once

#include <atomic>
#include <string>
#include <vector>

#include "crypto/auth_vector.hpp"
#include "diameter/node/node.hpp"
#include "hss/hss_config.hpp"

namespace iotboot::hss {

namespace asio = boost::asio;

// One Reporting-Information-Request with a KeySet per vector, awaited (bounded by
// config.s6t_timeout). A failure is logged and counted in `failures`; the attach goes on.
asio::awaitable<void> push_key_sets(diameter::NodeRef node, const HssConfig& config, std::string imsi,
                                    std::string scef_id, const std::vector<crypto::AuthVector>& vectors,
                                    std::atomic<std::uint64_t>& failures);

}  // namespace iotboot::hss
