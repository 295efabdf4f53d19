// The Key API's 200 answer as the AS reads it: {"ksAs": "<64 hex>", "expiry": "<RFC 3339 UTC>"}.
// Kept apart from the HTTP client so that it can be fuzzed on its own. The body's text and the
// parser's buffers are wiped (see lib/core/secret_text.hpp).
#pragma once

#include <cstdint>
#include <string_view>

#include "core/secret.hpp"

namespace iotboot::as {

struct KeyAnswer {
  Key256 ks_as;
  std::int64_t expires_at = 0;  // Unix seconds; 0 when absent or not RFC 3339
};

// False unless the body is a JSON object whose ksAs is 64 hex digits.
bool parse_key_answer(std::string_view body, KeyAnswer& out);

}  // namespace iotboot::as
