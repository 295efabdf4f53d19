// The `keys` calculators: each reads typed inputs and prints one JSON object on out.
#pragma once

#include <optional>
#include <ostream>
#include <string>

#include "core/plmn.hpp"
#include "crypto/types.hpp"

namespace iotboot::cli {

void print_milenage(std::ostream& out, const Key128& k, const Key128& opc, const crypto::Rand& rand, crypto::Sqn sqn,
                    const crypto::Amf& amf);
void print_auth_vector(std::ostream& out, const Key128& k, const Key128& opc, const crypto::Rand& rand, crypto::Sqn sqn,
                       const crypto::Amf& amf, const Plmn& plmn, const std::optional<std::string>& as_id);
void print_auts(std::ostream& out, const Key128& k, const Key128& opc, const crypto::Rand& rand, crypto::Sqn sqn_ms);
void print_resync(std::ostream& out, const Key128& k, const Key128& opc, const crypto::Rand& rand,
                  const crypto::Auts& auts);
void print_ks_as(std::ostream& out, const Key256& ks, const std::string& as_id);

}  // namespace iotboot::cli
