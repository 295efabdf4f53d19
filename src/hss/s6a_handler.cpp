#include "hss/s6a_handler.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <atomic>

#include "diameter/apps/s6a.hpp"
#include "diameter/apps/s6t.hpp"
#include "diameter/result_codes.hpp"

namespace iotboot::hss {
namespace {

using namespace diameter;

s6a::EutranVector to_avp(const crypto::AuthVector& av, std::uint32_t item) {
  s6a::EutranVector v;
  v.item_number = item;
  v.rand = av.rand;
  v.xres.size = static_cast<std::uint8_t>(av.xres.size());
  std::copy(av.xres.begin(), av.xres.end(), v.xres.bytes.begin());
  v.autn = av.autn;
  v.kasme = av.kasme;
  return v;
}

// Seed step 5.1: one RIR with a KeySet per vector to the subscriber's SCEF, awaited (bounded)
// before the AIA leaves. A failure is logged and counted; the attach goes on.
asio::awaitable<void> push_key_sets(NodeRef node, const HssConfig& config, std::string imsi, std::string scef_id,
                                    const std::vector<crypto::AuthVector>& vectors,
                                    std::atomic<std::uint64_t>& failures) {
  const std::string sid = node.new_session_id();
  s6t::Rir rir;
  rir.routing = node.routing(sid, config.scef_realm.empty() ? config.diameter.origin_realm : config.scef_realm,
                             std::string_view(scef_id));
  rir.user_name = imsi;
  for (const crypto::AuthVector& v : vectors) {
    s6t::IotKeySet k;
    k.user_name = imsi;
    k.rand = v.rand;
    k.ks = v.ks;
    k.lifetime_s = config.key_lifetime_s;
    rir.key_sets.push_back(std::move(k));
  }
  RequestResult r = co_await node.request(rir, config.s6t_timeout);
  std::optional<std::string> problem;
  if (!r.ok()) {
    problem = std::string(to_string(r.error()));
  } else if (auto ria = s6t::Ria::decode(r->view()); !ria.ok() || !ria->origin.succeeded()) {
    problem = ria.ok() ? "result " + std::to_string(ria->origin.result_code.value_or(0)) : ria.error().message;
  }
  if (problem) {
    ++failures;
    spdlog::warn("[hss] S6t KeySets for {} to {}: {}", imsi, scef_id, *problem);
  } else {
    spdlog::debug("[hss] S6t: {} KeySet(s) for {} acknowledged by {}", rir.key_sets.size(), imsi, scef_id);
  }
}

}  // namespace

void serve_s6a(Node& node, std::shared_ptr<AuthService> auth_service, const HssConfig& hss_config) {
  auto s6t_failures = std::make_shared<std::atomic<std::uint64_t>>(0);
  node.serve_async<s6a::Air>([auth_service, config = hss_config, host = node.identity().origin_host, self = node.ref(),
                              s6t_failures](s6a::Air air, ReceivedMessage, Reply reply) -> asio::awaitable<void> {
    const std::shared_ptr<AuthService> keep = auth_service;
    AuthService& auth = *keep;
    AuthRequest req;
    req.imsi = air.user_name;
    // Requested-EUTRAN-Authentication-Info absent or without a count: one vector.
    const std::uint32_t asked =
        air.eutran && air.eutran->number_of_requested_vectors ? *air.eutran->number_of_requested_vectors : 1;
    req.vectors = std::clamp<std::uint32_t>(asked, 1, config.max_vectors);
    req.serving_network = air.visited_plmn_id;
    if (air.eutran) req.resync = air.eutran->resynchronization_info;
    AuthOutcome out = co_await auth.async_authenticate(std::move(req), asio::use_awaitable);
    switch (out.status) {
      case AuthStatus::unknown_user:
        spdlog::info("[{}] AIR for unknown IMSI {}", host, air.user_name);
        co_return reply.error(DiameterError::experimental(kVendor3gpp, result::kErrorUserUnknown, "user unknown"));
      case AuthStatus::amf_not_eutran:
        spdlog::warn("[{}] AIR for {}: {}", host, air.user_name, crypto::kAmfWithoutSeparationBit);
        co_return reply.error(DiameterError::experimental(kVendor3gpp, result::kAuthenticationDataUnavailable,
                                                          "no E-UTRAN authentication data for this subscriber"));
      case AuthStatus::resync_failed:
        spdlog::warn("[{}] AIR for {}: AUTS with a wrong MAC-S", host, air.user_name);
        co_return reply.error(DiameterError::experimental(kVendor3gpp, result::kAuthenticationDataUnavailable,
                                                          "re-synchronisation failed"));
      case AuthStatus::store_unavailable: {
        DiameterError e;
        e.result_code = result::kUnableToComply;
        e.message = "subscriber store unavailable";
        co_return reply.error(e);
      }
      case AuthStatus::ok: break;
    }
    s6a::Aia aia;
    aia.origin = reply.success_origin();
    for (std::size_t i = 0; i < out.vectors.size(); ++i) {
      aia.vectors.push_back(to_avp(out.vectors[i], static_cast<std::uint32_t>(i + 1)));
    }
    const std::string scef_id = out.scef_id.empty() ? config.scef_id : out.scef_id;
    if (out.bootstrap && !scef_id.empty()) {
      const std::shared_ptr<std::atomic<std::uint64_t>> failures = s6t_failures;
      co_await push_key_sets(self, config, std::string(air.user_name), scef_id, out.vectors, *failures);
      aia.notify_scef = s6a::IotNotifyScef{scef_id, std::nullopt};
      if (!config.scef_realm.empty()) aia.notify_scef->destination_realm = config.scef_realm;
    }
    reply.send(aia);
  });
}

}  // namespace iotboot::hss
