#include "keys/demo.hpp"

#include <iomanip>

#include "core/hex.hpp"
#include "core/plmn.hpp"
#include "crypto/auth_vector.hpp"
#include "crypto/auts.hpp"
#include "crypto/bootstrap_keys.hpp"
#include "crypto/eps_keys.hpp"
#include "crypto/random.hpp"
#include "crypto/sqn.hpp"
#include "crypto/usim_aka.hpp"

namespace iotboot::cli {
namespace {

using namespace crypto;

// The embedded subscriber: K and OPc of TS 35.208 test set 1, test PLMN 001-01.
constexpr std::string_view kImsi = "001010000000001";
constexpr Bytes<16> kK = {0x46, 0x5b, 0x5c, 0xe8, 0xb1, 0x99, 0xb4, 0x9f,
                          0xaa, 0x5f, 0x0a, 0x2e, 0xe2, 0x38, 0xa6, 0xbc};
constexpr Bytes<16> kOpc = {0xcd, 0x63, 0xcb, 0x71, 0x95, 0x4a, 0x9f, 0x4e,
                            0x48, 0xa5, 0x99, 0x4e, 0x37, 0xa0, 0x2b, 0xaf};
constexpr Amf kAmf = {0x80, 0x00};

const char* describe(Freshness f) {
  switch (f) {
    case Freshness::fresh: return "fresh";
    case Freshness::replayed: return "already used";
    case Freshness::too_far_ahead: return "more than \u0394 ahead";
    case Freshness::too_old: return "L or more behind the highest accepted";
  }
  return "?";
}

const char* describe(AkaOutcome o) {
  switch (o) {
    case AkaOutcome::success: return "success";
    case AkaOutcome::mac_failure: return "MAC failure (#20)";
    case AkaOutcome::synch_failure: return "synch failure (#21)";
    case AkaOutcome::amf_not_eps: return "non-EPS authentication unacceptable (#26)";
  }
  return "?";
}

std::string sqn_text(Sqn s, unsigned ind_bits) {
  return to_hex(s.bytes()) + " (SEQ " + std::to_string(s.seq(ind_bits)) + ", IND " + std::to_string(s.ind(ind_bits)) +
         ")";
}

class Walkthrough {
 public:
  Walkthrough(std::ostream& out, const DemoOptions& o) : out_(out), opts_(o) {
    k_ = Key128(std::span<const std::uint8_t, 16>(kK));
    opc_ = Key128(std::span<const std::uint8_t, 16>(kOpc));
  }

  int run() {
    out_ << "iotboot keys demo: one subscriber through the bootstrapping key hierarchy\n"
         << "(keys are shown as their first 4 hex digits)\n\n";
    line("", "subscriber",
         "IMSI " + std::string(kImsi) + ", PLMN " + plmn_.to_string() + ", AMF " + to_hex(kAmf) + ", K " +
             masked_hex(k_) + ", OPc " + masked_hex(opc_));
    out_ << "\n";
    authenticate();
    out_ << "\nresynchronisation: the USIM has accepted SEQ 5000, the HSS is behind (an old backup restored)\n";
    UsimSqnState ahead;
    ahead.accept(Sqn::from_parts(5000, 8, ahead.policy().ind_bits));
    usim_ = ahead;
    authenticate();
    out_ << "\n"
         << (ok_ ? "result: UE and network agree on every key (KASME, Ks and each Ks_AS)\n"
                 : "result: DISAGREEMENT, see the lines marked above\n");
    return ok_ ? 0 : 1;
  }

 private:
  void line(const std::string& step, const std::string& who, const std::string& text) {
    out_ << std::left << std::setw(10) << step << std::setw(12) << who << text << "\n";
  }
  void check(const char* what, bool equal) {
    if (!equal) {
      ok_ = false;
      line("", "MISMATCH", what);
    }
  }

  // Steps 3-11 and 14 for one attach, with one resynchronisation round if the USIM asks.
  void authenticate() {
    const unsigned ind_bits = usim_.policy().ind_bits;
    for (int round = 0; round < 2; ++round) {
      sqn_he_ = next_sqn(sqn_he_, ind_bits);
      const Rand rand = next_rand();
      const AuthVector av = build_auth_vector(k_, opc_, rand, sqn_he_, kAmf, plmn_.encoded());
      line("3-5", "HSS", "SQN " + sqn_text(sqn_he_, ind_bits) + ", RAND " + to_hex(rand));
      line("", "",
           "XRES " + to_hex(av.xres) + "  AUTN " + to_hex(av.autn) + "  KASME " + masked_hex(av.kasme) + "  Ks " +
               masked_hex(av.ks));
      const UsimResponse r = usim_authenticate(k_, opc_, usim_, av.rand, av.autn);
      if (r.outcome == AkaOutcome::synch_failure) {
        line("6-8", "UE",
             std::string("USIM: MAC-A verified, SQN ") + describe(r.freshness) + " -> " + describe(r.outcome) +
                 ", AUTS " + to_hex(r.auts));
        const AutsCheck c = verify_auts(k_, opc_, av.rand, r.auts);
        check("MAC-S of the AUTS", c.mac_s_valid);
        sqn_he_ = sqn_after_resync(sqn_he_, c.sqn_ms, ind_bits);
        line("3", "HSS",
             std::string("AUTS: MAC-S ") + (c.mac_s_valid ? "valid" : "INVALID") + ", SQN_MS " +
                 sqn_text(c.sqn_ms, ind_bits) + " -> SQN_HE " + sqn_text(sqn_he_, ind_bits));
        continue;
      }
      if (r.outcome != AkaOutcome::success) {
        check(describe(r.outcome), false);
        return;
      }
      line("6-8", "UE", "USIM: MAC-A verified, SQN fresh, AMF separation bit set -> RES " + to_hex(r.res));
      const Key256 kasme = derive_kasme(r.ck, r.ik, plmn_.encoded(), r.sqn_xor_ak);
      line("", "", "CK " + masked_hex(r.ck) + "  IK " + masked_hex(r.ik) + "  KASME " + masked_hex(kasme));
      check("KASME", kasme == av.kasme);
      const bool res_ok = r.res == av.xres;
      line("9", "MME", std::string("RES == XRES: ") + (res_ok ? "yes" : "NO"));
      check("RES", res_ok);
      const Key256 ue_ks = derive_ks(r.ck, r.ik);
      check("Ks", ue_ks == av.ks);
      derived("11", "UE", ue_ks);
      derived("14", "SCEF", av.ks);
      for (const std::string& as_id : opts_.as_ids) {
        check(as_id.c_str(), derive_ks_as(ue_ks, as_id) == derive_ks_as(av.ks, as_id));
      }
      return;
    }
    check("authentication after resynchronisation", false);
  }

  Rand next_rand() {
    Rand r;
    if (!opts_.rand) {
      random_bytes(r);
      return r;
    }
    r = *opts_.rand;
    std::uint64_t carry = rands_++;
    for (std::size_t i = r.size(); i-- > 0 && carry != 0;) {
      carry += r[i];
      r[i] = static_cast<std::uint8_t>(carry);
      carry >>= 8;
    }
    return r;
  }

  void derived(const std::string& step, const std::string& who, const Key256& ks) {
    std::string text = "Ks " + masked_hex(ks);
    for (const std::string& as_id : opts_.as_ids)
      text += "  Ks_AS[" + as_id + "] " + masked_hex(derive_ks_as(ks, as_id));
    line(step, who, text);
  }

  std::ostream& out_;
  const DemoOptions& opts_;
  Plmn plmn_ = Plmn::parse("00101").value();
  Key128 k_;
  Key128 opc_;
  Sqn sqn_he_;
  UsimSqnState usim_;
  bool ok_ = true;
  std::uint64_t rands_ = 0;  // RANDs drawn so far
};

}  // namespace

int run_keys_demo(std::ostream& out, const DemoOptions& options) { return Walkthrough(out, options).run(); }

}  // namespace iotboot::cli
