// The Key API (seed steps 13-15; docs/bootstrap.md): POST /iotboot-keys/v1/retrieve
//   {"guti": "001-01-8001-01-c0ffee01", "asId": "as1.example.com"}
//   → 200 {"ksAs": "<64 hex>", "expiry": "<RFC 3339 UTC>", "deviceId": "...",
//          "deviceIdType": "EXTERNAL_ID" | "PSEUDONYM" [, "previousDeviceId": "..."]}
// or an application/problem+json ProblemDetails: 400 malformed, 401 no client certificate,
// 403 not authorised for that asId, 404 no key for that GUTI (with its cause), 503 store or
// MME unavailable. The SCEF never returns Ks, the IMSI or RAND. The whole contract is
// docs/key-api.yaml (OpenAPI 3).
//
// deviceId: the External-Identifier the operator gave the subscriber for the asking AS, else a
// pseudonym of the IMSI for that AS (crypto/device_id.hpp) under the SCEF's device-ID secret;
// while that secret is being replaced, previousDeviceId is the pseudonym under the old one.
//
// Step 14 finds Ks in the key store (push mode: the HSS's KeySets and the MME's reports, as
// committed by any SCEF on the same database) or, for a GUTI the store does not know, asks the
// MME that allocated it (pull mode, T6a CIR). A
// fetched key is used for that answer only: nothing is cached, so a GUTI the MME has released
// is never answered.
#pragma once

#include <utility>

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/rate_limit.hpp"
#include "core/unix_clock.hpp"
#include "diameter/node/node.hpp"
#include "net/https_server.hpp"
#include "scef/bootstrap_store.hpp"
#include "scef/key_request.hpp"
#include "scef/mme_directory.hpp"

namespace iotboot::scef {

inline constexpr std::string_view kKeyApiPath = "/iotboot-keys/v1/retrieve";

struct KeyApiPolicy {
  std::vector<std::string> allowed_as;
};

// The secrets pseudonyms are derived under: the current one, and the one it replaces while a
// rotation lasts. None: an AS gets a deviceId only where an External-Identifier is provisioned.
struct DeviceIdSecrets {
  Key256 current;
  std::optional<Key256> previous;
};

// The checks before any lookup (path, method, client certificate, body, authorisation): the
// request to answer, or the answer that refuses it.
std::variant<KeyRequest, net::HttpResponse> admit_key_request(const net::HttpRequest& request,
                                                              const net::ClientIdentity& client,
                                                              const KeyApiPolicy& policy);
// 200 with Ks_AS = KDF(Ks, AS_ID), the key's expiry and the device's identity for that AS.
net::HttpResponse key_response(const KeyLookup& key, std::string_view as_id, const DeviceIdSecrets* device_ids);
// 429 TOO_MANY_REQUESTS, with Retry-After in whole seconds (at least 1).
net::HttpResponse too_many_requests(std::chrono::milliseconds wait);
// Why there is no key: 404 with the cause of docs/bootstrap.md, or 503.
net::HttpResponse lookup_refusal(LookupError e);

// What answering needs, shared by the requests in flight (each holds it).
struct KeyApi {
  std::shared_ptr<BootstrapStore> store;
  MmeDirectory mmes;
  diameter::NodeRef node;
  std::chrono::milliseconds fetch_timeout{500};
  KeyApiPolicy policy;
  UnixClock clock;
  std::shared_ptr<RateLimit> rate_limit;  // per AS identity; none: no limit
  std::shared_ptr<const DeviceIdSecrets> device_ids;
};

boost::asio::awaitable<net::HttpResponse> answer_key_request(std::shared_ptr<const KeyApi> api,
                                                             net::HttpRequest request, net::ClientIdentity client);

}  // namespace iotboot::scef
