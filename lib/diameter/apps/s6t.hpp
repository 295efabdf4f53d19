// S6t (TS 29.336) as iotboot uses it: the HSS pushes the KeySets of seed step 5.1 to the SCEF
// in a Reporting-Information-Request with one IoT-Key-Set per generated vector.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/secret.hpp"
#include "diameter/apps/ids.hpp"
#include "diameter/apps/user_identifier.hpp"
#include "diameter/base/plain_answer.hpp"
#include "diameter/dictionary.hpp"
#include "diameter/message_kind.hpp"

namespace iotboot::diameter::s6t {

inline constexpr std::uint32_t kApplication = app::kS6t;

// IoT-Key-Set (vendor 32473, code 1): {User-Name} {RAND} {IoT-Ks} [IoT-Key-Lifetime]
struct IotKeySet {
  std::string_view user_name;  // IMSI
  Bytes<16> rand{};
  Key256 ks;
  std::optional<std::uint32_t> lifetime_s;
  friend bool operator==(const IotKeySet& a, const IotKeySet& b) {
    return a.user_name == b.user_name && a.rand == b.rand && a.ks == b.ks && a.lifetime_s == b.lifetime_s;
  }
};

struct ReportingInformationRequest : MessageKind<kApplication, cmd::kReportingInformation, true> {
  RequestRouting routing;
  std::string_view user_name;  // User-Identifier { User-Name }
  std::vector<IotKeySet> key_sets;

  friend bool operator==(const ReportingInformationRequest&, const ReportingInformationRequest&) = default;

  void encode(Writer& w, std::uint32_t hop_by_hop, std::uint32_t end_to_end) const;
  static Result<ReportingInformationRequest, DiameterError> decode(const MessageView& m);
};

using ReportingInformationAnswer = PlainAnswer<kApplication, cmd::kReportingInformation>;
using Rir = ReportingInformationRequest;
using Ria = ReportingInformationAnswer;

}  // namespace iotboot::diameter::s6t
