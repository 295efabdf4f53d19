#include "mme/t6a_client.hpp"

#include "diameter/apps/t6a.hpp"
#include "diameter/node/failure.hpp"

namespace iotboot::mme {

asio::awaitable<std::optional<std::string>> report_auth_result(diameter::NodeRef node, AuthResultReport report,
                                                               std::chrono::milliseconds timeout) {
  const std::string sid = node.new_session_id();
  diameter::t6a::Rir rir;  // its routing AVPs are views of `sid` and `report`
  rir.routing = node.routing(sid, report.scef_realm,
                             report.scef_id.empty() ? std::nullopt : std::optional<std::string_view>(report.scef_id));
  rir.user_name = report.imsi;
  rir.rand = report.rand;
  rir.auth_result = report.success ? diameter::avp::IotAuthResult::success : diameter::avp::IotAuthResult::failure;
  if (report.success && report.guti) rir.guti = report.guti->binary();
  co_return diameter::failure_of<diameter::t6a::Ria>(co_await node.request(rir, timeout));
}

}  // namespace iotboot::mme
