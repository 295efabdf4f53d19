#include "diameter/apps/s6t.hpp"

#include "diameter/apps/avps_3gpp.hpp"
#include "diameter/apps/iot_avps.hpp"

namespace iotboot::diameter::s6t {
namespace {

// IoT-Key-Set ::= { User-Name } { RAND } { IoT-Ks } [ IoT-Key-Lifetime ]
constexpr std::array<Rule<IotKeySet>, 4> kKeySet = {{
    {&avp::kUserName.info, Occurs::one, [](const AvpView& a, IotKeySet& k) { return get_imsi(a, k.user_name); }},
    {&avp::kRand.info, Occurs::one, [](const AvpView& a, IotKeySet& k) { return get(a, avp::kRand, k.rand); }},
    {&avp::kIotKs.info, Occurs::one, [](const AvpView& a, IotKeySet& k) { return get(a, avp::kIotKs, k.ks); }},
    {&avp::kIotKeyLifetime.info, Occurs::optional,
     [](const AvpView& a, IotKeySet& k) { return get(a, avp::kIotKeyLifetime, k.lifetime_s); }},
}};

// The request, with the wire form of each KeySet (to name one of another subscriber).
struct Decoding : ReportingInformationRequest {
  std::vector<ByteView> set_wires;
};

constexpr auto kRir = join(request_head<Decoding>(),
                           std::array<Rule<Decoding>, 2>{{
                               {&avp::kUserIdentifier.info, Occurs::one,
                                [](const AvpView& a, Decoding& d) { return get_user_identifier(a, d.user_name); }},
                               {&avp::kIotKeySet.info, Occurs::at_least_one,
                                [](const AvpView& a, Decoding& d) {
                                  d.set_wires.push_back(a.wire);
                                  return decode_group(a, avp::kIotKeySet.info, kKeySet, d.key_sets.emplace_back());
                                }},
                           }});

}  // namespace

void ReportingInformationRequest::encode(Writer& w, std::uint32_t hop_by_hop, std::uint32_t end_to_end) const {
  const std::size_t m = begin(w, hop_by_hop, end_to_end);
  routing.put(w);
  put_user_identifier(w, user_name);
  for (const IotKeySet& k : key_sets) {
    const std::size_t g = w.begin_group(avp::kIotKeySet);
    w.put(avp::kUserName, k.user_name);
    w.put(avp::kRand, k.rand);
    w.put(avp::kIotKs, k.ks);
    if (k.lifetime_s) w.put(avp::kIotKeyLifetime, *k.lifetime_s);
    w.end_group(g);
  }
  w.end_message(m);
}

Result<ReportingInformationRequest, DiameterError> ReportingInformationRequest::decode(const MessageView& m) {
  Decoding d;
  if (auto err = decode_message(m, kRir, d)) return *err;
  for (std::size_t i = 0; i < d.key_sets.size(); ++i) {
    if (d.key_sets[i].user_name != d.user_name) {
      return DiameterError::invalid_value(d.set_wires[i], avp::kIotKeySet.info.name);
    }
  }
  return static_cast<ReportingInformationRequest&&>(d);
}

}  // namespace iotboot::diameter::s6t
