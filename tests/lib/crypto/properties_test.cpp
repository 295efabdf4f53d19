// Properties over any subscriber: what the HSS builds, the UE accepts, and both ends derive
// the same KASME, Ks and Ks_AS.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "crypto/auth_vector.hpp"
#include "crypto/auts.hpp"
#include "crypto/bootstrap_keys.hpp"
#include "crypto/eps_keys.hpp"
#include "crypto/usim_aka.hpp"

namespace iotboot::crypto {
namespace {

Key128 key_from(const std::array<std::uint8_t, 16>& b) { return Key128(std::span<const std::uint8_t, 16>(b)); }

// A host-name label of 1..20 lower-case letters.
rc::Gen<std::string> label() {
  return rc::gen::container<std::string>(*rc::gen::inRange<std::size_t>(1, 21), rc::gen::inRange('a', '{'));
}

RC_GTEST_PROP(Bootstrap, UeAcceptsWhatHssBuiltAndAgrees,
              (const std::array<std::uint8_t, 16>& k_bytes, const std::array<std::uint8_t, 16>& opc_bytes,
               const Rand& rand)) {
  const Key128 k = key_from(k_bytes), opc = key_from(opc_bytes);
  UsimSqnState usim;
  const unsigned ind_bits = usim.policy().ind_bits;
  // Any SQN the USIM may accept first: 1 <= SEQ <= Δ.
  const std::uint64_t seq = *rc::gen::inRange<std::uint64_t>(1, usim.policy().delta + 1);
  const std::uint64_t ind = *rc::gen::inRange<std::uint64_t>(0, std::uint64_t{1} << ind_bits);
  const Sqn sqn = Sqn::from_parts(seq, ind, ind_bits);
  const SnId sn_id = {0x00, 0xf1, 0x10};
  const Amf amf = {static_cast<std::uint8_t>(0x80 | *rc::gen::arbitrary<std::uint8_t>()),
                   *rc::gen::arbitrary<std::uint8_t>()};

  const AuthVector av = build_auth_vector(k, opc, rand, sqn, amf, sn_id);
  const UsimResponse r = usim_authenticate(k, opc, usim, av.rand, av.autn);
  RC_ASSERT(r.outcome == AkaOutcome::success);
  RC_ASSERT(r.sqn == sqn);
  RC_ASSERT(r.res == av.xres);
  RC_ASSERT(derive_kasme(r.ck, r.ik, sn_id, r.sqn_xor_ak) == av.kasme);
  const Key256 ue_ks = derive_ks(r.ck, r.ik);
  RC_ASSERT(ue_ks == av.ks);
  const std::string as_id = *label() + ".example.com";
  RC_ASSERT(derive_ks_as(ue_ks, as_id) == derive_ks_as(av.ks, as_id));
  // The same vector again is a replay.
  RC_ASSERT(usim_authenticate(k, opc, usim, av.rand, av.autn).outcome == AkaOutcome::synch_failure);
}

RC_GTEST_PROP(Bootstrap, DifferentAsIdGivesDifferentKsAs, (const std::array<std::uint8_t, 32>& ks_bytes)) {
  const Key256 ks{std::span<const std::uint8_t, 32>(ks_bytes)};
  const std::string a = *label() + ".example.com";
  const std::string b = *label() + ".example.com";
  RC_PRE(a != b);
  RC_ASSERT(!(derive_ks_as(ks, a) == derive_ks_as(ks, b)));
}

RC_GTEST_PROP(Auts, RoundTripsAnySqnMs,
              (const std::array<std::uint8_t, 16>& k_bytes, const std::array<std::uint8_t, 16>& opc_bytes,
               const Rand& rand, std::uint64_t sqn_ms)) {
  const Key128 k = key_from(k_bytes), opc = key_from(opc_bytes);
  const Auts auts = build_auts(k, opc, rand, Sqn(sqn_ms));
  const AutsCheck c = verify_auts(k, opc, rand, auts);
  RC_ASSERT(c.mac_s_valid);
  RC_ASSERT(c.sqn_ms == Sqn(sqn_ms));
}

}  // namespace
}  // namespace iotboot::crypto
