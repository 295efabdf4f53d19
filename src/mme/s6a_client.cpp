#include "mme/s6a_client.hpp"

#include <spdlog/spdlog.h>

#include "core/log_event.hpp"
#include "diameter/apps/s6a.hpp"
#include "diameter/result_codes.hpp"
#include "nas/emm_cause.hpp"

namespace iotboot::mme {

using namespace diameter;

namespace {
constexpr std::uint32_t kDefaultKsLifetime = 86400;  // an IoT-Ks without IoT-Key-Lifetime

// "AIR for IMSI: why" (the attach is rejected), as event air.failed with the request's identifiers.
template <typename... Args>
void log_air_rejected(const std::string& imsi, const std::string& sid, spdlog::format_string_t<Args...> text,
                      Args&&... args) {
  logs::event(spdlog::level::warn, "air.failed", {{"imsi", imsi}, {"session_id", sid}}, text,
              std::forward<Args>(args)...);
}

}  // namespace

asio::awaitable<VectorsOutcome> request_vectors(Node& node, std::string imsi, Bytes<3> visited_plmn, unsigned count,
                                                std::optional<Bytes<30>> resync, std::string hss_realm) {
  VectorsOutcome out;
  // The node may be gone when the answer (or its failure) resumes this coroutine: no use of
  // `node` after the co_await.
  const std::string self = node.identity().origin_host;
  const std::string sid = node.new_session_id();
  s6a::Air air;
  air.routing = node.routing(sid, hss_realm);
  air.user_name = imsi;
  air.visited_plmn_id = visited_plmn;
  air.eutran = s6a::RequestedEutranAuthInfo{count, 0, resync};
  RequestResult r = co_await node.request(air);
  if (!r.ok()) {
    log_air_rejected(imsi, sid, "[{}] AIR for {}: {}", self, imsi, to_string(r.error()));
    out.reject_cause = nas::cause::kNetworkFailure;
    co_return out;
  }
  auto aia = s6a::Aia::decode(r->view());
  if (!aia.ok()) {
    log_air_rejected(imsi, sid, "[{}] AIA for {} undecodable: {}", self, imsi, aia.error().message);
    out.reject_cause = nas::cause::kNetworkFailure;
    co_return out;
  }
  const AnswerOrigin& o = aia->origin;
  if (o.result_code == result::kTooBusy) {
    // The HSS is overloaded: the UE is told to come back later (#22 with T3346), not that the
    // network failed.
    out.reject_cause = nas::cause::kCongestion;
    co_return out;
  }
  if (o.experimental_result && o.experimental_result->code == result::kErrorUserUnknown) {
    // TS 29.272 Table A.1: an unknown subscriber is rejected with #8.
    out.reject_cause = nas::cause::kEpsAndNonEpsServicesNotAllowed;
    co_return out;
  }
  if (!o.succeeded() || aia->vectors.empty()) {
    log_air_rejected(imsi, sid, "[{}] AIA for {}: result {} exp {} vectors {}", self, imsi, o.result_code.value_or(0),
                     o.experimental_result ? o.experimental_result->code : 0, aia->vectors.size());
    out.reject_cause = nas::cause::kNetworkFailure;
    co_return out;
  }
  for (const s6a::EutranVector& v : aia->vectors) {
    Vector x;
    x.rand = v.rand;
    x.xres.assign(v.xres.view().begin(), v.xres.view().end());
    x.autn = v.autn;
    x.kasme = v.kasme;
    if (v.ks) {
      x.ks = v.ks;
      x.ks_lifetime = std::chrono::seconds(v.ks_lifetime_s.value_or(kDefaultKsLifetime));
    }
    out.vectors.push_back(std::move(x));
  }
  if (aia->notify_scef) {
    out.scef_id = std::string(aia->notify_scef->scef_id.value_or(""));
    if (aia->notify_scef->destination_realm) out.scef_realm = std::string(*aia->notify_scef->destination_realm);
  }
  co_return out;
}

}  // namespace iotboot::mme
