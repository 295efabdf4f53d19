#include "diameter/apps/t6a.hpp"

#include "diameter/apps/avps_3gpp.hpp"

namespace iotboot::diameter::t6a {

void ReportingInformationRequest::encode(Writer& w, std::uint32_t hop_by_hop, std::uint32_t end_to_end) const {
  const std::size_t m = begin(w, hop_by_hop, end_to_end);
  routing.put(w);
  put_user_identifier(w, user_name);
  w.put(avp::kIotAuthResult, static_cast<std::uint32_t>(auth_result));
  w.put(avp::kRand, rand);
  if (guti) w.put(avp::kIotGuti, *guti);
  w.end_message(m);
}

namespace {

// < Session-Id > ... { User-Identifier } { IoT-Auth-Result } { RAND } [ IoT-GUTI ]
constexpr auto kRir =
    join(request_head<ReportingInformationRequest>(),
         std::array<Rule<ReportingInformationRequest>, 4>{{
             {&avp::kUserIdentifier.info, Occurs::one,
              [](const AvpView& a, ReportingInformationRequest& r) { return get_user_identifier(a, r.user_name); }},
             {&avp::kIotAuthResult.info, Occurs::one,
              [](const AvpView& a, ReportingInformationRequest& r) -> MaybeError {
                std::uint32_t v = 0;
                if (auto err = get(a, avp::kIotAuthResult, v)) return err;
                if (v > 1) return DiameterError::invalid_value(a.wire, avp::kIotAuthResult.info.name);
                r.auth_result = static_cast<avp::IotAuthResult>(v);
                return std::nullopt;
              }},
             {&avp::kRand.info, Occurs::one,
              [](const AvpView& a, ReportingInformationRequest& r) { return get(a, avp::kRand, r.rand); }},
             {&avp::kIotGuti.info, Occurs::optional,
              [](const AvpView& a, ReportingInformationRequest& r) { return get(a, avp::kIotGuti, r.guti); }},
         }});

}  // namespace

Result<ReportingInformationRequest, DiameterError> ReportingInformationRequest::decode(const MessageView& m) {
  ReportingInformationRequest r;
  if (auto err = decode_message(m, kRir, r)) return *err;
  // A successful authentication names the UE's new GUTI.
  if (r.auth_result == avp::IotAuthResult::success && !r.guti) return DiameterError::missing(avp::kIotGuti.info);
  return r;
}

}  // namespace iotboot::diameter::t6a
