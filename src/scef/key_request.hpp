// The Key API's request body: {"guti": "001-01-8001-01-c0ffee01", "asId": "as1.example.com"}.
// Kept apart from the HTTP handler so that it can be fuzzed on its own.
#pragma once

#include <string>
#include <string_view>

#include "core/bytes.hpp"
#include "core/result.hpp"

namespace iotboot::scef {

struct KeyRequest {
  Bytes<10> guti{};
  std::string as_id;
};

// The JSON body; the reason when it is not one (never quoting key material: there is none).
Result<KeyRequest> parse_key_request(std::string_view body);

}  // namespace iotboot::scef
