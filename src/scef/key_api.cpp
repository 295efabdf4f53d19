#include "scef/key_api.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <ctime>

#include "core/hex.hpp"
#include "crypto/bootstrap_keys.hpp"

namespace iotboot::scef {
namespace {

using Json = nlohmann::json;
namespace http = net::http;

net::HttpResponse problem(http::status status, std::string_view cause, std::string_view title, std::string detail) {
  return net::problem_response(status, cause, title, std::move(detail));
}

std::string rfc3339(std::int64_t t) {
  const std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

net::HttpResponse handle_key_api(const net::HttpRequest& request, const net::ClientIdentity& client,
                                 const Registry& registry, bool store_healthy, const KeyApiPolicy& policy,
                                 std::int64_t now) {
  if (std::string_view(request.target().data(), request.target().size()) != kKeyApiPath) {
    return problem(http::status::not_found, "RESOURCE_NOT_FOUND", "Not Found", "no such resource");
  }
  if (request.method() != http::verb::post) {
    auto res = problem(http::status::method_not_allowed, "METHOD_NOT_ALLOWED", "Method Not Allowed", "use POST");
    res.set(http::field::allow, "POST");
    return res;
  }
  if (!client.presented) {
    return problem(http::status::unauthorized, "NO_CLIENT_CERTIFICATE", "Unauthorized",
                   "a client certificate issued to the application server is required");
  }
  auto req = parse_key_request(request.body());
  if (!req) return problem(http::status::bad_request, "MALFORMED_REQUEST", "Bad Request", req.error().reason);
  const bool named = std::find(client.dns_names.begin(), client.dns_names.end(), req->as_id) != client.dns_names.end();
  const bool allowed =
      std::find(policy.allowed_as.begin(), policy.allowed_as.end(), req->as_id) != policy.allowed_as.end();
  if (!named || !allowed) {
    return problem(http::status::forbidden, "AS_NOT_AUTHORIZED", "Forbidden",
                   named ? "this application server is not on the SCEF's allow-list"
                         : "asId is not the identity in the client certificate");
  }
  if (!store_healthy) {
    return problem(http::status::service_unavailable, "STORE_UNAVAILABLE", "Service Unavailable",
                   "the key store is unavailable");
  }
  auto key = registry.lookup(req->guti, now);
  if (!key)
    return problem(http::status::not_found, "CONTEXT_NOT_FOUND", "Not Found", std::string(to_string(key.error())));
  const Key256 ks_as = crypto::derive_ks_as(key->ks, req->as_id);
  net::HttpResponse res(http::status::ok, 11);
  res.set(http::field::content_type, "application/json");
  res.set(http::field::cache_control, "no-store");
  // Built in place, in a buffer reserved once, so that the key's hex exists in that one buffer
  // (which the server wipes once sent) and in no temporary.
  const std::string expiry = rfc3339(key->expires_at);
  std::string& body = res.body();
  body.reserve(128);
  body.append("{\"ksAs\":\"");
  append_revealed_hex(body, ks_as);
  body.append("\",\"expiry\":\"").append(expiry).append("\"}");
  return res;
}

}  // namespace iotboot::scef
