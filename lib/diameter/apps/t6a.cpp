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

void ConfigurationInformationRequest::encode(Writer& w, std::uint32_t hop_by_hop, std::uint32_t end_to_end) const {
  const std::size_t m = begin(w, hop_by_hop, end_to_end);
  routing.put(w);
  w.put(avp::kIotGuti, guti);
  w.end_message(m);
}

void ConfigurationInformationAnswer::encode(Writer& w, std::uint32_t hop_by_hop, std::uint32_t end_to_end) const {
  const std::size_t m = begin(w, hop_by_hop, end_to_end);
  origin.put(w);
  if (user_name) put_user_identifier(w, *user_name);
  if (ks) w.put(avp::kIotKs, *ks);
  if (ks_lifetime_s) w.put(avp::kIotKeyLifetime, *ks_lifetime_s);
  w.end_message(m);
}

namespace {

// < Session-Id > ... { Destination-Host } { Destination-Realm } { IoT-GUTI }
constexpr auto kCir =
    join(request_head<ConfigurationInformationRequest>(),
         std::array<Rule<ConfigurationInformationRequest>, 1>{{
             {&avp::kIotGuti.info, Occurs::one,
              [](const AvpView& a, ConfigurationInformationRequest& r) { return get(a, avp::kIotGuti, r.guti); }},
         }});

// < Session-Id > [ Result-Code ] [ Experimental-Result ] ... [ User-Identifier ] [ IoT-Ks ]
// [ IoT-Key-Lifetime ]
constexpr auto kCia =
    join(answer_head<ConfigurationInformationAnswer>(),
         std::array<Rule<ConfigurationInformationAnswer>, 3>{{
             {&avp::kUserIdentifier.info, Occurs::optional,
              [](const AvpView& a, ConfigurationInformationAnswer& r) {
                std::string_view name;
                if (auto err = get_user_identifier(a, name)) return err;
                r.user_name = name;
                return MaybeError{};
              }},
             {&avp::kIotKs.info, Occurs::optional,
              [](const AvpView& a, ConfigurationInformationAnswer& r) { return get(a, avp::kIotKs, r.ks); }},
             {&avp::kIotKeyLifetime.info, Occurs::optional,
              [](const AvpView& a, ConfigurationInformationAnswer& r) {
                return get(a, avp::kIotKeyLifetime, r.ks_lifetime_s);
              }},
         }});

}  // namespace

Result<ConfigurationInformationRequest, DiameterError> ConfigurationInformationRequest::decode(const MessageView& m) {
  ConfigurationInformationRequest r;
  if (auto err = decode_message(m, kCir, r)) return *err;
  // The request goes to the one MME that allocated the GUTI.
  if (!r.routing.destination_host) return DiameterError::missing(avp::kDestinationHost.info);
  return r;
}

Result<ConfigurationInformationAnswer, DiameterError> ConfigurationInformationAnswer::decode(const MessageView& m) {
  ConfigurationInformationAnswer r;
  if (auto err = decode_message(m, kCia, r)) return *err;
  if (auto err = r.origin.check_result()) return *err;
  if (!r.origin.succeeded()) {  // a key in an error answer is not one
    r.user_name.reset();
    r.ks.reset();
    r.ks_lifetime_s.reset();
    return r;
  }
  // A success carries the UE's IMSI, the key and its lifetime.
  if (!r.user_name) return DiameterError::missing(avp::kUserIdentifier.info);
  if (!r.ks) return DiameterError::missing(avp::kIotKs.info);
  if (!r.ks_lifetime_s) return DiameterError::missing(avp::kIotKeyLifetime.info);
  return r;
}

}  // namespace iotboot::diameter::t6a
