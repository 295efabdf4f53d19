// Byte-exact encodings of every message type, against bytes assembled field by field, and
// decode(encode(x)) == x.
#include <gtest/gtest.h>

#include "diameter/apps/s6a.hpp"
#include "diameter/apps/s6t.hpp"
#include "diameter/apps/t6a.hpp"
#include "diameter/base/peer_messages.hpp"
#include "support/hex_literals.hpp"
#include "wire.hpp"

namespace iotboot::diameter {
namespace {

using namespace wire;
using test::hex;
using test::key;

// A decode refused with this Result-Code and this Failed-AVP.
template <typename Decoded>
void expect_refused(const Result<Decoded, DiameterError>& r, std::uint32_t result_code, const Octets& failed_avp) {
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().result_code, result_code);
  EXPECT_EQ(r.error().failed_avp, failed_avp);
}

RequestRouting routing() {
  RequestRouting r;
  r.session_id = "mme.iotboot.test;1;2";
  r.origin_host = "mme.iotboot.test";
  r.origin_realm = "iotboot.test";
  r.destination_realm = "iotboot.test";
  return r;
}

Octets routing_avps() {
  return cat({AVP(263, M, text("mme.iotboot.test;1;2")), AVP(277, M, be32(1)), AVP(264, M, text("mme.iotboot.test")),
              AVP(296, M, text("iotboot.test")), AVP(283, M, text("iotboot.test"))});
}

AnswerOrigin answer_origin() {
  AnswerOrigin o;
  o.session_id = "mme.iotboot.test;1;2";
  o.result_code = 2001;
  o.origin_host = "hss.iotboot.test";
  o.origin_realm = "iotboot.test";
  return o;
}

Octets answer_origin_avps() {
  return cat({AVP(263, M, text("mme.iotboot.test;1;2")), AVP(268, M, be32(2001)), AVP(277, M, be32(1)),
              AVP(264, M, text("hss.iotboot.test")), AVP(296, M, text("iotboot.test"))});
}

template <typename T>
Octets encode(const T& m, std::uint32_t hbh = 0x11223344, std::uint32_t e2e = 0x55667788) {
  Octets out;
  Writer w(out);
  m.encode(w, hbh, e2e);
  return out;
}

template <typename T>
T decode(const Octets& b) {
  auto r = T::decode(MessageView(b));
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.value();
}

s6a::Air sample_air() {
  s6a::Air air;
  air.routing = routing();
  air.user_name = "001010000000001";
  air.visited_plmn_id = {0x00, 0xf1, 0x10};
  air.eutran = s6a::RequestedEutranAuthInfo{1, 0, std::nullopt};
  return air;
}

TEST(S6aCodec, AirIsByteExact) {
  const Octets want =
      message(0xc0, 318, 16777251, 0x11223344, 0x55667788,
              cat({routing_avps(), AVP(1, M, text("001010000000001")),
                   AVP(1408, VM, k3gpp, cat({AVP(1410, VM, k3gpp, be32(1)), AVP(1412, VM, k3gpp, be32(0))})),
                   AVP(1407, VM, k3gpp, {0x00, 0xf1, 0x10})}));
  EXPECT_EQ(encode(sample_air()), want);
  EXPECT_EQ(decode<s6a::Air>(want), sample_air());
}

TEST(S6aCodec, AirWithResyncInfo) {
  s6a::Air air = sample_air();
  iotboot::Bytes<30> resync{};
  resync[0] = 0x23;
  resync[29] = 0x4b;
  air.eutran->resynchronization_info = resync;
  EXPECT_EQ(decode<s6a::Air>(encode(air)), air);
}

s6a::Aia sample_aia() {
  s6a::Aia aia;
  aia.origin = answer_origin();
  s6a::EutranVector v;
  v.item_number = 1;
  v.rand = hex<16>("23553cbe9637a89d218ae64dae47bf35");
  v.xres.size = 8;
  const auto x = hex<8>("a54211d5e3ba50bf");
  std::copy(x.begin(), x.end(), v.xres.bytes.begin());
  v.autn = hex<16>("55f328b43577800059bcea576837152b");
  v.kasme = key<32>("48579af8781c742d5120e6ed8ccac13193f38c53ab7aa69396f49ca6e1b0562d");
  aia.vectors.push_back(v);
  aia.notify_scef = s6a::IotNotifyScef{"scef.iotboot.test", std::nullopt};
  return aia;
}

TEST(S6aCodec, AiaIsByteExact) {
  const Octets vector = AVP(
      1414, VM, k3gpp,
      cat({AVP(1419, VM, k3gpp, be32(1)), AVP(1447, VM, k3gpp, test::hex_bytes("23553cbe9637a89d218ae64dae47bf35")),
           AVP(1448, VM, k3gpp, test::hex_bytes("a54211d5e3ba50bf")),
           AVP(1449, VM, k3gpp, test::hex_bytes("55f328b43577800059bcea576837152b")),
           AVP(1450, VM, k3gpp, test::hex_bytes("48579af8781c742d5120e6ed8ccac13193f38c53ab7aa69396f49ca6e1b0562d"))}));
  const Octets want = message(0x40, 318, 16777251, 0x11223344, 0x55667788,
                              cat({answer_origin_avps(), AVP(1413, VM, k3gpp, vector),
                                   AVP(3, V, kIot, AVP(3125, VM, k3gpp, text("scef.iotboot.test")))}));
  EXPECT_EQ(encode(sample_aia()), want);
  EXPECT_EQ(decode<s6a::Aia>(want), sample_aia());
}

// An SCEF named by realm only (a pool on one store): the group carries no SCEF-ID.
TEST(S6aCodec, NotifyScefMayNameARealmOnly) {
  s6a::Aia aia = sample_aia();
  aia.notify_scef = s6a::IotNotifyScef{std::nullopt, "iotboot.test"};
  const Octets bytes = encode(aia);
  const Octets group = AVP(3, V, kIot, AVP(283, M, 0, text("iotboot.test")));
  EXPECT_NE(std::search(bytes.begin(), bytes.end(), group.begin(), group.end()), bytes.end());
  EXPECT_EQ(decode<s6a::Aia>(bytes), aia);
}

// Pull mode (solution #11): the vector carries its Ks in IoT-Ks, V bit set and M bit clear, after
// KASME; a vector without it decodes with no Ks (AiaIsByteExact).
TEST(S6aCodec, AVectorCarriesItsKsInPullMode) {
  s6a::Aia aia = sample_aia();
  aia.notify_scef.reset();
  aia.vectors[0].ks = key<32>("6620c33d0c44c99d2076e1061ef7dc2c9d0a70e8088e02d051b7043678da6857");
  aia.vectors[0].ks_lifetime_s = 86400;
  const Octets vector = AVP(
      1414, VM, k3gpp,
      cat({AVP(1419, VM, k3gpp, be32(1)), AVP(1447, VM, k3gpp, test::hex_bytes("23553cbe9637a89d218ae64dae47bf35")),
           AVP(1448, VM, k3gpp, test::hex_bytes("a54211d5e3ba50bf")),
           AVP(1449, VM, k3gpp, test::hex_bytes("55f328b43577800059bcea576837152b")),
           AVP(1450, VM, k3gpp, test::hex_bytes("48579af8781c742d5120e6ed8ccac13193f38c53ab7aa69396f49ca6e1b0562d")),
           AVP(2, V, kIot, test::hex_bytes("6620c33d0c44c99d2076e1061ef7dc2c9d0a70e8088e02d051b7043678da6857")),
           AVP(6, V, kIot, be32(86400))}));
  const Octets want =
      message(0x40, 318, 16777251, 0x11223344, 0x55667788, cat({answer_origin_avps(), AVP(1413, VM, k3gpp, vector)}));
  EXPECT_EQ(encode(aia), want);
  EXPECT_EQ(decode<s6a::Aia>(want), aia);
  EXPECT_FALSE(decode<s6a::Aia>(encode(sample_aia())).vectors[0].ks);
}

TEST(S6aCodec, AiaWithExperimentalResult) {
  s6a::Aia aia;
  aia.origin = answer_origin();
  aia.origin.result_code.reset();
  aia.origin.experimental_result = ExperimentalResult{10415, 5001};
  const Octets want =
      message(0x40, 318, 16777251, 1, 2,
              cat({AVP(263, M, text("mme.iotboot.test;1;2")),
                   AVP(297, M, cat({AVP(266, M, be32(10415)), AVP(298, M, be32(5001))})), AVP(277, M, be32(1)),
                   AVP(264, M, text("hss.iotboot.test")), AVP(296, M, text("iotboot.test"))}));
  EXPECT_EQ(encode(aia, 1, 2), want);
  EXPECT_EQ(decode<s6a::Aia>(want), aia);
}

TEST(S6tCodec, RirIsByteExact) {
  s6t::Rir rir;
  rir.routing = routing();
  rir.user_name = "001010000000001";
  s6t::IotKeySet k;
  k.user_name = "001010000000001";
  k.rand = hex<16>("23553cbe9637a89d218ae64dae47bf35");
  k.ks = key<32>("6620c33d0c44c99d2076e1061ef7dc2c9d0a70e8088e02d051b7043678da6857");
  k.lifetime_s = 86400;
  rir.key_sets.push_back(k);
  const Octets want =
      message(0xc0, 8388719, 16777345, 0x11223344, 0x55667788,
              cat({routing_avps(), AVP(3102, VM, k3gpp, AVP(1, M, text("001010000000001"))),
                   AVP(1, V, kIot,
                       cat({AVP(1, M, text("001010000000001")),
                            AVP(1447, VM, k3gpp, test::hex_bytes("23553cbe9637a89d218ae64dae47bf35")),
                            AVP(2, V, kIot,
                                test::hex_bytes("6620c33d0c44c99d2076e1061ef7dc2c9d0a70e8088e02d051b7043678da6857")),
                            AVP(6, V, kIot, be32(86400))}))}));
  EXPECT_EQ(encode(rir), want);
  EXPECT_EQ(decode<s6t::Rir>(want), rir);
}

// A T6a RIR for the test subscriber, without RAND and GUTI.
t6a::Rir t6a_rir(avp::IotAuthResult result) {
  t6a::Rir rir;
  rir.routing = routing();
  rir.user_name = "001010000000001";
  rir.auth_result = result;
  return rir;
}

TEST(T6aCodec, RirIsByteExact) {
  t6a::Rir rir = t6a_rir(avp::IotAuthResult::success);
  rir.rand = hex<16>("23553cbe9637a89d218ae64dae47bf35");
  rir.guti = hex<10>("00f110800101c0ffee01");
  const Octets want =
      message(0xc0, 8388719, 16777346, 0x11223344, 0x55667788,
              cat({routing_avps(), AVP(3102, VM, k3gpp, AVP(1, M, text("001010000000001"))), AVP(4, V, kIot, be32(0)),
                   AVP(1447, VM, k3gpp, test::hex_bytes("23553cbe9637a89d218ae64dae47bf35")),
                   AVP(5, V, kIot, test::hex_bytes("00f110800101c0ffee01"))}));
  EXPECT_EQ(encode(rir), want);
  EXPECT_EQ(decode<t6a::Rir>(want), rir);
}

TEST(T6aCodec, FailureCarriesNoGuti) {
  t6a::Rir rir = t6a_rir(avp::IotAuthResult::failure);
  EXPECT_EQ(decode<t6a::Rir>(encode(rir)), rir);
  // SUCCESS without a GUTI is refused.
  rir.auth_result = avp::IotAuthResult::success;
  const Octets b = encode(rir);
  auto r = t6a::Rir::decode(MessageView(b));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().result_code, 5005u);
}

// Pull mode (solution #11): the SCEF's CIR names the MME and carries only the GUTI.
TEST(T6aCodec, CirIsByteExactAndNamesItsMme) {
  t6a::Cir cir;
  cir.routing = routing();
  cir.routing.session_id = "scef.iotboot.test;1;2";
  cir.routing.origin_host = "scef.iotboot.test";
  cir.routing.destination_host = "mme.iotboot.test";
  cir.guti = hex<10>("00f110800101c0ffee01");
  const Octets want = message(
      0xc0, 8388718, 16777346, 0x11223344, 0x55667788,
      cat({AVP(263, M, text("scef.iotboot.test;1;2")), AVP(277, M, be32(1)), AVP(264, M, text("scef.iotboot.test")),
           AVP(296, M, text("iotboot.test")), AVP(293, M, text("mme.iotboot.test")), AVP(283, M, text("iotboot.test")),
           AVP(5, V, kIot, test::hex_bytes("00f110800101c0ffee01"))}));
  EXPECT_EQ(encode(cir), want);
  EXPECT_EQ(decode<t6a::Cir>(want), cir);
  cir.routing.destination_host.reset();
  auto r = t6a::Cir::decode(MessageView(encode(cir)));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().result_code, 5005u);  // Destination-Host missing
}

TEST(T6aCodec, CiaCarriesTheImsiAndKeyOnlyInASuccess) {
  t6a::Cia cia;
  cia.origin = answer_origin();
  cia.user_name = "001010000000001";
  cia.ks = key<32>("6620c33d0c44c99d2076e1061ef7dc2c9d0a70e8088e02d051b7043678da6857");
  cia.ks_lifetime_s = 600;
  const Octets want =
      message(0x40, 8388718, 16777346, 0x11223344, 0x55667788,
              cat({answer_origin_avps(), AVP(3102, VM, k3gpp, AVP(1, M, text("001010000000001"))),
                   AVP(2, V, kIot, test::hex_bytes("6620c33d0c44c99d2076e1061ef7dc2c9d0a70e8088e02d051b7043678da6857")),
                   AVP(6, V, kIot, be32(600))}));
  EXPECT_EQ(encode(cia), want);
  EXPECT_EQ(decode<t6a::Cia>(want), cia);
  // A success without the IMSI, its key, or the key's lifetime, is refused.
  t6a::Cia bare;
  bare.origin = answer_origin();
  EXPECT_EQ(t6a::Cia::decode(MessageView(encode(bare))).error().result_code, 5005u);
  bare.ks = cia.ks;
  bare.ks_lifetime_s = cia.ks_lifetime_s;
  EXPECT_EQ(t6a::Cia::decode(MessageView(encode(bare))).error().result_code, 5005u);  // no User-Identifier
  bare.user_name = cia.user_name;
  bare.ks_lifetime_s.reset();
  EXPECT_EQ(t6a::Cia::decode(MessageView(encode(bare))).error().result_code, 5005u);
  // An error answer's key is dropped.
  cia.origin.result_code.reset();
  cia.origin.experimental_result = ExperimentalResult{10415, 5001};
  const t6a::Cia refused = decode<t6a::Cia>(encode(cia));
  EXPECT_FALSE(refused.user_name);
  EXPECT_FALSE(refused.ks);
  EXPECT_FALSE(refused.ks_lifetime_s);
}

TEST(RiaCodec, IsByteExactForBothApplications) {
  s6t::Ria s6t;
  s6t.origin = answer_origin();
  EXPECT_EQ(encode(s6t), message(0x40, 8388719, 16777345, 0x11223344, 0x55667788, answer_origin_avps()));
  t6a::Ria t6a;
  t6a.origin = answer_origin();
  EXPECT_EQ(encode(t6a), message(0x40, 8388719, 16777346, 0x11223344, 0x55667788, answer_origin_avps()));
  EXPECT_EQ(decode<t6a::Ria>(encode(t6a)), t6a);
}

TEST(BaseCodec, CerIsByteExact) {
  base::Cer cer;
  cer.origin_host = "hss.iotboot.test";
  cer.origin_realm = "iotboot.test";
  base::IpAddress ip;
  ip.bytes[0] = 127;
  ip.bytes[3] = 1;
  cer.host_ip_addresses.push_back(ip);
  cer.vendor_id = 32473;
  cer.product_name = "iotboot";
  cer.origin_state_id = 7;
  cer.supported_vendor_ids = {10415};
  cer.vendor_specific_application_ids.push_back({10415, 16777251, std::nullopt});
  const Octets want = message(
      0x80, 257, 0, 0x11223344, 0x55667788,
      cat({AVP(264, M, text("hss.iotboot.test")), AVP(296, M, text("iotboot.test")), AVP(257, M, {0, 1, 127, 0, 0, 1}),
           AVP(266, M, be32(32473)), AVP(269, 0, text("iotboot")), AVP(278, M, be32(7)), AVP(265, M, be32(10415)),
           AVP(260, M, cat({AVP(266, M, be32(10415)), AVP(258, M, be32(16777251))}))}));
  EXPECT_EQ(encode(cer), want);
  const base::Cer back = decode<base::Cer>(want);
  EXPECT_EQ(back, cer);
  EXPECT_EQ(back.applications(), std::vector<std::uint32_t>{16777251});
}

TEST(BaseCodec, CeaWithProtocolErrorSetsEBit) {
  base::Cea cea;
  cea.result_code = 3010;
  cea.origin_host = "hss.iotboot.test";
  cea.origin_realm = "iotboot.test";
  cea.host_ip_addresses.push_back({});
  cea.product_name = "iotboot";
  const Octets b = encode(cea);
  EXPECT_EQ(b[4], 0x20);  // E bit, not R
  EXPECT_EQ(decode<base::Cea>(b), cea);
}

// A base protocol message from hss.iotboot.test.
template <typename M>
M from_hss() {
  M m;
  m.origin_host = "hss.iotboot.test";
  m.origin_realm = "iotboot.test";
  return m;
}

TEST(BaseCodec, WatchdogAndDisconnect) {
  const Octets origin = cat({AVP(264, M, text("hss.iotboot.test")), AVP(296, M, text("iotboot.test"))});
  auto dwr = from_hss<base::Dwr>();
  dwr.origin_state_id = 9;
  EXPECT_EQ(encode(dwr), message(0x80, 280, 0, 0x11223344, 0x55667788, cat({origin, AVP(278, M, be32(9))})));
  EXPECT_EQ(decode<base::Dwr>(encode(dwr)), dwr);
  auto dpr = from_hss<base::Dpr>();
  dpr.disconnect_cause = avp::DisconnectCause::rebooting;
  EXPECT_EQ(encode(dpr), message(0x80, 282, 0, 0x11223344, 0x55667788, cat({origin, AVP(273, M, be32(0))})));
  EXPECT_EQ(decode<base::Dpr>(encode(dpr)), dpr);
  auto dpa = from_hss<base::Dpa>();
  dpa.result_code = 2001;
  EXPECT_EQ(decode<base::Dpa>(encode(dpa)), dpa);
}

TEST(Codec, MissingMandatoryAvpNamesIt) {
  s6a::Air air = sample_air();
  Octets b = encode(air);
  // Drop the trailing Visited-PLMN-Id AVP (12-octet header + 3 octets, padded to 16).
  b.resize(b.size() - 16);
  b[1] = static_cast<std::uint8_t>(b.size() >> 16);
  b[2] = static_cast<std::uint8_t>(b.size() >> 8);
  b[3] = static_cast<std::uint8_t>(b.size());
  auto r = s6a::Air::decode(MessageView(b));
  // Failed-AVP holds an example: Visited-PLMN-Id with an empty value.
  expect_refused(r, 5005, AVP(1407, VM, k3gpp, {}));
}

TEST(Codec, WrongSizedRandIsInvalidValue) {
  // Replace RAND (16 octets) by a 15-octet one: rebuild the message by hand.
  const Octets bad = message(0xc0, 8388719, 16777346, 1, 2,
                             cat({routing_avps(), AVP(3102, VM, k3gpp, AVP(1, M, text("001010000000001"))),
                                  AVP(4, V, kIot, be32(1)), AVP(1447, VM, k3gpp, Octets(15, 0xaa))}));
  auto r = t6a::Rir::decode(MessageView(bad));
  const Octets rand_avp = AVP(1447, VM, k3gpp, Octets(15, 0xaa));
  expect_refused(r, 5004, Octets(rand_avp.begin(), rand_avp.begin() + 27));  // unpadded
}

}  // namespace
// The grammar (lib/diameter/grammar.hpp) that drives every decode: an AVP allowed once that
// comes twice is 5009 naming the second one; a required AVP missing inside a Grouped AVP is
// 5005 naming it; AVPs allowed many times are all kept.
TEST(Grammar, AnAvpAllowedOnceThatComesTwiceIs5009) {
  const Octets second_user = AVP(1, M, text("001010000000002"));
  const Octets twice = message(
      0xc0, 318, 16777251, 1, 2,
      cat({routing_avps(), AVP(1, M, text("001010000000001")), second_user, AVP(1407, VM, k3gpp, {0x00, 0xf1, 0x10})}));
  auto r = s6a::Air::decode(MessageView(twice));
  expect_refused(r, 5009, Octets(second_user.begin(), second_user.begin() + 23));  // unpadded
}

TEST(Grammar, ARequiredAvpMissingInsideAGroupIs5005) {
  // An E-UTRAN-Vector without its KASME.
  const Octets vector = AVP(1414, VM, k3gpp,
                            cat({AVP(1447, VM, k3gpp, Octets(16, 1)), AVP(1448, VM, k3gpp, Octets(8, 2)),
                                 AVP(1449, VM, k3gpp, Octets(16, 3))}));
  const Octets aia = message(0x40, 318, 16777251, 1, 2, cat({answer_origin_avps(), AVP(1413, VM, k3gpp, vector)}));
  auto r = s6a::Aia::decode(MessageView(aia));
  expect_refused(r, 5005, AVP(1450, VM, k3gpp, {}));
}

TEST(Grammar, AvpsAllowedManyTimesAreAllKept) {
  s6a::Aia aia;
  aia.origin = answer_origin();
  for (std::uint8_t i = 1; i <= 3; ++i) {
    s6a::EutranVector v;
    v.item_number = i;
    v.rand[0] = i;
    v.xres.size = 8;
    aia.vectors.push_back(v);
  }
  EXPECT_EQ(decode<s6a::Aia>(encode(aia)).vectors.size(), 3u);
}

}  // namespace iotboot::diameter
