// `iotboot keys demo`: one subscriber walked through the seed's key steps with every role
// (HSS, USIM, MME, SCEF) played by lib/crypto, printing that both ends agree.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "core/bytes.hpp"

namespace iotboot::cli {

struct DemoOptions {
  std::vector<std::string> as_ids = {"as1.example.com", "as2.example.com"};
  std::optional<Bytes<16>> rand;  // the first RAND; later ones count up from it (else random)
};

// Returns the process exit status: 0 when every key agrees.
int run_keys_demo(std::ostream& out, const DemoOptions& options);

}  // namespace iotboot::cli
