#include "scef/key_api.hpp"

#include <nlohmann/json.hpp>

#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <ctime>

#include "core/hex.hpp"
#include "crypto/bootstrap_keys.hpp"
#include "crypto/device_id.hpp"
#include "scef/t6a_client.hpp"

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

std::variant<KeyRequest, net::HttpResponse> admit_key_request(const net::HttpRequest& request,
                                                              const net::ClientIdentity& client,
                                                              const KeyApiPolicy& policy) {
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
  return std::move(req.value());
}

net::HttpResponse too_many_requests(std::chrono::milliseconds wait) {
  auto res = problem(http::status::too_many_requests, "TOO_MANY_REQUESTS", "Too Many Requests",
                     "this application server's request rate is over its limit");
  res.set(http::field::retry_after, std::to_string(std::max<std::int64_t>(1, (wait.count() + 999) / 1000)));
  return res;
}

net::HttpResponse lookup_refusal(LookupError e) {
  const std::string detail(to_string(e));
  switch (e) {
    case LookupError::unknown_guti: return problem(http::status::not_found, "CONTEXT_NOT_FOUND", "Not Found", detail);
    case LookupError::failed_authentication:
      return problem(http::status::not_found, "AUTHENTICATION_FAILED", "Not Found", detail);
    case LookupError::expired: return problem(http::status::not_found, "KEY_EXPIRED", "Not Found", detail);
    case LookupError::no_key_set:
    case LookupError::no_key: return problem(http::status::not_found, "KEY_NOT_AVAILABLE", "Not Found", detail);
    case LookupError::detached: return problem(http::status::not_found, "UE_DETACHED", "Not Found", detail);
    case LookupError::mme_unreachable:
      return problem(http::status::service_unavailable, "MME_UNREACHABLE", "Service Unavailable", detail);
    case LookupError::store_unavailable: {
      // The store reconnects by itself (back-off up to 5 s): ask again soon.
      auto res = problem(http::status::service_unavailable, "STORE_UNAVAILABLE", "Service Unavailable", detail);
      res.set(http::field::retry_after, "1");
      return res;
    }
  }
  return problem(http::status::not_found, "CONTEXT_NOT_FOUND", "Not Found", detail);
}

net::HttpResponse key_response(const KeyLookup& key, std::string_view as_id, const DeviceIdSecrets* device_ids) {
  const Key256 ks_as = crypto::derive_ks_as(key.ks, as_id);
  net::HttpResponse res(http::status::ok, 11);
  res.set(http::field::content_type, "application/json");
  res.set(http::field::cache_control, "no-store");
  // Built in place, in a buffer reserved once, so that the key's hex exists in that one buffer
  // (which the server wipes once sent) and in no temporary.
  const std::string expiry = rfc3339(key.expires_at);
  std::string& body = res.body();
  body.reserve(256);
  body.append("{\"ksAs\":\"");
  append_revealed_hex(body, ks_as);
  body.append("\",\"expiry\":\"").append(expiry).append("\"");
  // The External-Identifier was checked when provisioned; dump() quotes it all the same.
  if (key.external_id) {
    body.append(",\"deviceId\":").append(Json(*key.external_id).dump()).append(",\"deviceIdType\":\"EXTERNAL_ID\"");
  } else if (device_ids) {
    body.append(",\"deviceId\":\"").append(crypto::device_pseudonym(device_ids->current, key.imsi, as_id));
    body.append("\",\"deviceIdType\":\"PSEUDONYM\"");
    if (device_ids->previous) {
      body.append(",\"previousDeviceId\":\"")
          .append(crypto::device_pseudonym(*device_ids->previous, key.imsi, as_id))
          .append("\"");
    }
  }
  body.append("}");
  return res;
}

boost::asio::awaitable<net::HttpResponse> answer_key_request(std::shared_ptr<const KeyApi> api,
                                                             net::HttpRequest request, net::ClientIdentity client) {
  auto admitted = admit_key_request(request, client, api->policy);
  if (auto* refused = std::get_if<net::HttpResponse>(&admitted)) co_return std::move(*refused);
  const KeyRequest req = std::get<KeyRequest>(std::move(admitted));
  // After authorisation: the bucket is the authenticated AS's, never one a client names.
  if (api->rate_limit) {
    if (auto wait = api->rate_limit->take(req.as_id, RateLimit::Clock::now())) co_return too_many_requests(*wait);
  }
  const std::int64_t now = api->clock();
  // A named query: GCC 12 relocates a braced temporary in a co_await's arguments bitwise, which
  // leaves a short string pointing into the coroutine frame.
  KeyQuery query{req.guti, req.as_id};
  auto key = co_await api->store->async_lookup(std::move(query), now, boost::asio::use_awaitable);
  if (!key && key.error() == LookupError::unknown_guti) {
    if (const MmeRoute* mme = api->mmes.find(nas::Guti::from_binary(req.guti))) {
      key = co_await fetch_ks(api->node, *mme, req.guti, api->fetch_timeout, now);  // pull mode
      if (key) {  // the MME gave the IMSI; its External-Identifier for this AS is the SCEF's
        std::string imsi = key->imsi, as_id = req.as_id;  // named, as the query above
        auto id = co_await api->store->async_external_id(std::move(imsi), std::move(as_id), boost::asio::use_awaitable);
        if (!id) co_return lookup_refusal(id.error());
        key->external_id = std::move(id.value());
      }
    }
  }
  if (!key) co_return lookup_refusal(key.error());
  co_return key_response(key.value(), req.as_id, api->device_ids.get());
}

}  // namespace iotboot::scef
