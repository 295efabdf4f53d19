// T6a (TS 29.128) as iotboot uses it: the MME notifies the SCEF of an authentication's result,
// RAND and GUTI (seed step 10.1) in a Reporting-Information-Request.
#pragma once

#include <optional>
#include <string_view>

#include "core/result.hpp"
#include "diameter/apps/ids.hpp"
#include "diameter/apps/iot_avps.hpp"
#include "diameter/apps/user_identifier.hpp"
#include "diameter/base/plain_answer.hpp"
#include "diameter/dictionary.hpp"
#include "diameter/message_kind.hpp"

namespace iotboot::diameter::t6a {

inline constexpr std::uint32_t kApplication = app::kT6a;

struct ReportingInformationRequest : MessageKind<kApplication, cmd::kReportingInformation, true> {
  RequestRouting routing;
  std::string_view user_name;  // User-Identifier { User-Name }
  avp::IotAuthResult auth_result = avp::IotAuthResult::success;
  Bytes<16> rand{};
  std::optional<Bytes<10>> guti;  // absent on failure

  friend bool operator==(const ReportingInformationRequest&, const ReportingInformationRequest&) = default;

  void encode(Writer& w, std::uint32_t hop_by_hop, std::uint32_t end_to_end) const;
  static Result<ReportingInformationRequest, DiameterError> decode(const MessageView& m);
};

using ReportingInformationAnswer = PlainAnswer<kApplication, cmd::kReportingInformation>;
using Rir = ReportingInformationRequest;
using Ria = ReportingInformationAnswer;

}  // namespace iotboot::diameter::t6a
