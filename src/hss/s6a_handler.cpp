#include "hss/s6a_handler.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <atomic>

#include "core/log_event.hpp"
#include "diameter/apps/s6a.hpp"
#include "diameter/result_codes.hpp"
#include "hss/hss_metrics.hpp"
#include "hss/s6t_client.hpp"

namespace iotboot::hss {
namespace {

using namespace diameter;

using provisioning::BootstrapMode;

// Pull mode (solution #11) adds the vector's Ks and its lifetime for the MME to keep.
s6a::EutranVector to_avp(const crypto::AuthVector& av, std::uint32_t item, bool with_ks, std::uint32_t lifetime_s) {
  s6a::EutranVector v;
  v.item_number = item;
  v.rand = av.rand;
  v.xres.size = static_cast<std::uint8_t>(av.xres.size());
  std::copy(av.xres.begin(), av.xres.end(), v.xres.bytes.begin());
  v.autn = av.autn;
  v.kasme = av.kasme;
  if (with_ks) {
    v.ks = av.ks;
    v.ks_lifetime_s = lifetime_s;
  }
  return v;
}

// "AIR for IMSI: why", as event air.failed with the request's identifiers and the result sent.
void log_air_failed(spdlog::level::level_enum level, const std::string& self, const s6a::Air& air, std::uint32_t result,
                    std::string_view why) {
  logs::event(level, "air.failed",
              {{"imsi", air.user_name},
               {"session_id", air.routing.session_id},
               {"peer", air.routing.origin_host},
               {"result", result}},
              "[{}] AIR for {}: {}", self, air.user_name, why);
}

}  // namespace

void serve_s6a(Node& node, std::shared_ptr<AuthService> auth_service, const HssConfig& hss_config) {
  auto s6t_failures = std::make_shared<std::atomic<std::uint64_t>>(0);
  node.serve_async<s6a::Air>([auth_service, config = hss_config, host = node.identity().origin_host, self = node.ref(),
                              s6t_failures](s6a::Air air, ReceivedMessage, Reply reply) -> asio::awaitable<void> {
    const std::shared_ptr<AuthService> keep = auth_service;
    AuthService& auth = *keep;
    AirRecord record;
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
        log_air_failed(spdlog::level::info, host, air, result::kErrorUserUnknown, "unknown IMSI");
        record.answered(result::kErrorUserUnknown);
        co_return reply.error(DiameterError::experimental(kVendor3gpp, result::kErrorUserUnknown, "user unknown"));
      case AuthStatus::amf_not_eutran:
        log_air_failed(spdlog::level::warn, host, air, result::kAuthenticationDataUnavailable,
                       crypto::kAmfWithoutSeparationBit);
        record.answered(result::kAuthenticationDataUnavailable);
        co_return reply.error(DiameterError::experimental(kVendor3gpp, result::kAuthenticationDataUnavailable,
                                                          "no E-UTRAN authentication data for this subscriber"));
      case AuthStatus::resync_failed:
        log_air_failed(spdlog::level::warn, host, air, result::kAuthenticationDataUnavailable,
                       "AUTS with a wrong MAC-S");
        record.answered(result::kAuthenticationDataUnavailable);
        co_return reply.error(DiameterError::experimental(kVendor3gpp, result::kAuthenticationDataUnavailable,
                                                          "re-synchronisation failed"));
      case AuthStatus::store_unavailable: {
        log_air_failed(spdlog::level::debug, host, air, result::kUnableToComply, "subscriber store unavailable");
        DiameterError e;
        e.result_code = result::kUnableToComply;
        e.message = "subscriber store unavailable";
        record.answered(result::kUnableToComply);
        co_return reply.error(e);
      }
      case AuthStatus::ok: break;
    }
    const BootstrapMode mode = out.bootstrap == BootstrapMode::hss_default ? config.bootstrap_mode : out.bootstrap;
    s6a::Aia aia;
    aia.origin = reply.success_origin();
    for (std::size_t i = 0; i < out.vectors.size(); ++i) {
      aia.vectors.push_back(to_avp(out.vectors[i], static_cast<std::uint32_t>(i + 1), mode == BootstrapMode::pull,
                                   config.key_lifetime_s));
    }
    const std::string scef_id = out.scef_id.empty() ? config.scef_id : out.scef_id;
    if (mode == BootstrapMode::push && (!scef_id.empty() || !config.scef_realm.empty())) {
      const std::shared_ptr<std::atomic<std::uint64_t>> failures = s6t_failures;
      co_await push_key_sets(self, config, std::string(air.user_name), scef_id, out.vectors, *failures);
      aia.notify_scef = s6a::IotNotifyScef{};
      if (!scef_id.empty()) aia.notify_scef->scef_id = scef_id;
      if (!config.scef_realm.empty()) aia.notify_scef->destination_realm = config.scef_realm;
    }
    logs::event(spdlog::level::debug, "air.answered",
                {{"imsi", air.user_name},
                 {"session_id", air.routing.session_id},
                 {"peer", air.routing.origin_host},
                 {"vectors", aia.vectors.size()}},
                "[{}] AIR for {} answered: {} vector(s)", host, air.user_name, aia.vectors.size());
    reply.send(aia);
    record.answered(result::kSuccess);
  });
}

}  // namespace iotboot::hss
