// The pseudonym an application server knows a device by when the operator has provisioned no
// External-Identifier for it (docs/application-servers.md):
//   deviceId = hex(first 16 octets of KDF(secret, FC = 0xC2, P0 = IMSI, P1 = AS_ID))
// with the TS 33.220 KDF and a secret only the SCEFs hold. The same IMSI gives the same
// pseudonym to one AS at every attach, different ones to different ASs, and without the secret
// no AS (nor two ASs together) can tell which IMSI is behind one.
#pragma once

#include <string>
#include <string_view>

#include "core/secret.hpp"

namespace iotboot::crypto {

inline constexpr std::size_t kDevicePseudonymOctets = 16;

std::string device_pseudonym(const Key256& secret, std::string_view imsi, std::string_view as_id);

}  // namespace iotboot::crypto
