// The Key API's 200 answer as the AS reads it: {"ksAs": "<64 hex>", "expiry": "<RFC 3339 UTC>",
// "deviceId": ..., "deviceIdType": ...} (docs/api/key-api.yaml).
// Kept apart from the HTTP client so that it can be fuzzed on its own. The body's text and the
// parser's buffers are wiped (see lib/core/secret_text.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/secret.hpp"

namespace iotboot::as {

// The device's identity for this AS, as the SCEF gave it (docs/application-servers.md); empty
// when the answer had none or one that is neither a pseudonym nor an External-Identifier: it
// goes into HTTP headers and logs, so nothing else is kept.
struct DeviceIdentity {
  std::string id;
  std::string type;  // "EXTERNAL_ID" or "PSEUDONYM"
};

struct KeyAnswer {
  Key256 ks_as;
  std::int64_t expires_at = 0;  // Unix seconds; 0 when absent or not RFC 3339
  DeviceIdentity device;
};

// False unless the body is a JSON object whose ksAs is 64 hex digits.
bool parse_key_answer(std::string_view body, KeyAnswer& out);

}  // namespace iotboot::as
