// decode(encode(x)) == x for any message of each type.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "diameter/apps/s6a.hpp"
#include "diameter/apps/s6t.hpp"
#include "diameter/apps/t6a.hpp"
#include "diameter/base/peer_messages.hpp"
#include "diameter/validate.hpp"

namespace iotboot::diameter {
namespace {

// Generated strings live here so that the messages' string_views stay valid.
struct Strings {
  std::vector<std::unique_ptr<std::string>> kept;
  std::string_view keep(std::string s) {
    kept.push_back(std::make_unique<std::string>(std::move(s)));
    return *kept.back();
  }
};

std::string identity() {
  const auto label =
      *rc::gen::container<std::string>(*rc::gen::inRange<std::size_t>(1, 12), rc::gen::inRange('a', '{'));
  return label + ".iotboot.test";
}

std::string printable() {
  return *rc::gen::container<std::string>(*rc::gen::inRange<std::size_t>(0, 40), rc::gen::inRange(' ', '\x7f'));
}

std::string digits(std::size_t n) { return *rc::gen::container<std::string>(n, rc::gen::inRange('0', ':')); }

RequestRouting gen_routing(Strings& s) {
  RequestRouting r;
  r.session_id = s.keep(identity() + ";" + digits(5) + ";" + digits(3));
  r.origin_host = s.keep(identity());
  r.origin_realm = s.keep(identity());
  if (*rc::gen::arbitrary<bool>()) r.destination_host = s.keep(identity());
  r.destination_realm = s.keep(identity());
  return r;
}

// A request with its routing and an IMSI in user_name (S6t and T6a RIRs).
template <typename Request>
Request gen_request_for_imsi(Strings& s) {
  Request r;
  r.routing = gen_routing(s);
  r.user_name = s.keep(digits(15));
  return r;
}

AnswerOrigin gen_origin(Strings& s) {
  AnswerOrigin o;
  o.session_id = s.keep(identity() + ";" + digits(4));
  if (*rc::gen::arbitrary<bool>()) {
    o.result_code = *rc::gen::arbitrary<std::uint32_t>();
  } else {
    o.experimental_result = ExperimentalResult{10415, *rc::gen::arbitrary<std::uint32_t>()};
  }
  o.origin_host = s.keep(identity());
  o.origin_realm = s.keep(identity());
  if (*rc::gen::arbitrary<bool>()) o.error_message = s.keep(printable());
  return o;
}

// Encodes, validates, decodes and compares (inside: the decoded views point into `buf`).
template <typename T>
void check_round_trip(const T& m) {
  std::vector<std::uint8_t> buf;
  Writer w(buf);
  m.encode(w, *rc::gen::arbitrary<std::uint32_t>(), *rc::gen::arbitrary<std::uint32_t>());
  const MessageView view(buf);
  RC_ASSERT(view.header().length == buf.size());
  RC_ASSERT(!validate(view).has_value());
  auto back = T::decode(view);
  RC_ASSERT(back.ok());
  RC_ASSERT(back.value() == m);
}

template <std::size_t N>
Bytes<N> gen_bytes() {
  return *rc::gen::arbitrary<std::array<std::uint8_t, N>>();
}

Key256 gen_key() {
  const auto k = gen_bytes<32>();
  return Key256(std::span<const std::uint8_t, 32>(k));
}

RC_GTEST_PROP(DiameterProperties, AirRoundTrips, ()) {
  Strings s;
  s6a::Air air;
  air.routing = gen_routing(s);
  air.user_name = s.keep(digits(15));
  air.visited_plmn_id = gen_bytes<3>();
  if (*rc::gen::arbitrary<bool>()) {
    s6a::RequestedEutranAuthInfo e;
    if (*rc::gen::arbitrary<bool>()) e.number_of_requested_vectors = *rc::gen::inRange<std::uint32_t>(1, 6);
    if (*rc::gen::arbitrary<bool>()) e.immediate_response_preferred = 0;
    if (*rc::gen::arbitrary<bool>()) e.resynchronization_info = gen_bytes<30>();
    air.eutran = e;
  }
  check_round_trip(air);
}

RC_GTEST_PROP(DiameterProperties, AiaRoundTrips, ()) {
  Strings s;
  s6a::Aia aia;
  aia.origin = gen_origin(s);
  const std::size_t n = *rc::gen::inRange<std::size_t>(0, 6);
  for (std::size_t i = 0; i < n; ++i) {
    s6a::EutranVector v;
    if (*rc::gen::arbitrary<bool>()) v.item_number = static_cast<std::uint32_t>(i + 1);
    v.rand = gen_bytes<16>();
    v.xres.size = *rc::gen::inRange<std::uint8_t>(4, 17);
    v.xres.bytes = gen_bytes<16>();
    std::fill(v.xres.bytes.begin() + v.xres.size, v.xres.bytes.end(), 0);
    v.autn = gen_bytes<16>();
    v.kasme = gen_key();
    if (*rc::gen::arbitrary<bool>()) v.ks = gen_key();
    if (*rc::gen::arbitrary<bool>()) v.ks_lifetime_s = *rc::gen::arbitrary<std::uint32_t>();
    aia.vectors.push_back(v);
  }
  if (*rc::gen::arbitrary<bool>()) aia.notify_scef = s6a::IotNotifyScef{s.keep(identity()), std::nullopt};
  check_round_trip(aia);
}

RC_GTEST_PROP(DiameterProperties, S6tRirRoundTrips, ()) {
  Strings s;
  auto rir = gen_request_for_imsi<s6t::Rir>(s);
  const std::size_t n = *rc::gen::inRange<std::size_t>(1, 6);
  for (std::size_t i = 0; i < n; ++i) {
    s6t::IotKeySet k;
    k.user_name = rir.user_name;
    k.rand = gen_bytes<16>();
    k.ks = gen_key();
    if (*rc::gen::arbitrary<bool>()) k.lifetime_s = *rc::gen::arbitrary<std::uint32_t>();
    rir.key_sets.push_back(k);
  }
  check_round_trip(rir);
}

RC_GTEST_PROP(DiameterProperties, T6aRirRoundTrips, ()) {
  Strings s;
  auto rir = gen_request_for_imsi<t6a::Rir>(s);
  rir.rand = gen_bytes<16>();
  if (*rc::gen::arbitrary<bool>()) {
    rir.auth_result = avp::IotAuthResult::success;
    rir.guti = gen_bytes<10>();
  } else {
    rir.auth_result = avp::IotAuthResult::failure;
  }
  check_round_trip(rir);
}

RC_GTEST_PROP(DiameterProperties, T6aCirAndCiaRoundTrip, ()) {
  Strings s;
  t6a::Cir cir;
  cir.routing = gen_routing(s);
  cir.routing.destination_host = s.keep(identity());
  cir.guti = gen_bytes<10>();
  check_round_trip(cir);
  t6a::Cia cia;
  cia.origin = gen_origin(s);
  if (cia.origin.succeeded()) {
    cia.user_name = s.keep(digits(15));
    cia.ks = gen_key();
    cia.ks_lifetime_s = *rc::gen::arbitrary<std::uint32_t>();
  }
  check_round_trip(cia);
}

RC_GTEST_PROP(DiameterProperties, CerRoundTrips, ()) {
  Strings s;
  base::Cer cer;
  cer.origin_host = s.keep(identity());
  cer.origin_realm = s.keep(identity());
  base::IpAddress ip;
  ip.family = *rc::gen::element<std::uint16_t>(1, 2);
  ip.bytes = gen_bytes<16>();
  if (ip.family == 1) std::fill(ip.bytes.begin() + 4, ip.bytes.end(), 0);
  cer.host_ip_addresses.push_back(ip);
  cer.vendor_id = *rc::gen::arbitrary<std::uint32_t>();
  cer.product_name = s.keep(printable());
  cer.auth_application_ids = *rc::gen::container<std::vector<std::uint32_t>>(*rc::gen::inRange<std::size_t>(0, 4),
                                                                             rc::gen::arbitrary<std::uint32_t>());
  cer.vendor_specific_application_ids.push_back({10415, 16777251, std::nullopt});
  check_round_trip(cer);
}

}  // namespace
}  // namespace iotboot::diameter
