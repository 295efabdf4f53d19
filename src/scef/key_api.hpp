// The Key API (seed steps 13-15; docs/bootstrap.md): POST /iotboot-keys/v1/retrieve
//   {"guti": "001-01-8001-01-c0ffee01", "asId": "as1.example.com"}
//   → 200 {"ksAs": "<64 hex>", "expiry": "<RFC 3339 UTC>"}
// or an application/problem+json ProblemDetails: 400 malformed, 401 no client certificate,
// 403 not authorised for that asId, 404 no successful authentication context, 503 store
// unavailable. The SCEF never returns Ks, the IMSI or RAND.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "net/https_server.hpp"
#include "scef/key_request.hpp"
#include "scef/registry.hpp"

namespace iotboot::scef {

inline constexpr std::string_view kKeyApiPath = "/iotboot-keys/v1/retrieve";

struct KeyApiPolicy {
  std::vector<std::string> allowed_as;
};

net::HttpResponse handle_key_api(const net::HttpRequest& request, const net::ClientIdentity& client,
                                 const Registry& registry, bool store_healthy, const KeyApiPolicy& policy,
                                 std::int64_t now);

}  // namespace iotboot::scef
