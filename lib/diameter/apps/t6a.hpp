// T6a (TS 29.128) as iotboot uses it. Push mode (solution #12): the MME notifies the SCEF of an
// authentication's result, RAND and GUTI (seed step 10.1) in a Reporting-Information-Request.
// Pull mode (solution #11): the SCEF asks the MME that allocated a GUTI for its Ks in a
// Configuration-Information-Request (docs/diameter.md says why that command).
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

// SCEF → MME, Destination-Host the MME whose code the GUTI carries. IoT-GUTI stands where TS
// 29.128 has User-Identifier and Monitoring-Event-Configuration: the SCEF knows the UE only by
// the GUTI the AS gave it.
struct ConfigurationInformationRequest : MessageKind<kApplication, cmd::kConfigurationInformation, true> {
  RequestRouting routing;
  Bytes<10> guti{};

  friend bool operator==(const ConfigurationInformationRequest&, const ConfigurationInformationRequest&) = default;

  void encode(Writer& w, std::uint32_t hop_by_hop, std::uint32_t end_to_end) const;
  static Result<ConfigurationInformationRequest, DiameterError> decode(const MessageView& m);
};

// 2001 with the UE's IMSI (User-Identifier), the GUTI's Ks and its remaining lifetime in
// seconds, or an error without them: 5001 (vendor 10415) the MME holds no such GUTI, or an
// iotboot result (result_codes.hpp). The IMSI is what the SCEF derives the AS's deviceId from.
struct ConfigurationInformationAnswer : MessageKind<kApplication, cmd::kConfigurationInformation, false> {
  AnswerOrigin origin;
  std::optional<std::string_view> user_name;  // User-Identifier { User-Name }
  std::optional<Key256> ks;
  std::optional<std::uint32_t> ks_lifetime_s;

  friend bool operator==(const ConfigurationInformationAnswer&, const ConfigurationInformationAnswer&) = default;

  void encode(Writer& w, std::uint32_t hop_by_hop, std::uint32_t end_to_end) const;
  static Result<ConfigurationInformationAnswer, DiameterError> decode(const MessageView& m);
};

using Cir = ConfigurationInformationRequest;
using Cia = ConfigurationInformationAnswer;

}  // namespace iotboot::diameter::t6a
