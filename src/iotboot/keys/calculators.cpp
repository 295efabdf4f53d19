#include "keys/calculators.hpp"

#include <nlohmann/json.hpp>

#include "core/hex.hpp"
#include "crypto/auth_vector.hpp"
#include "crypto/auts.hpp"
#include "crypto/bootstrap_keys.hpp"
#include "crypto/milenage.hpp"

namespace iotboot::cli {
namespace {

using Json = nlohmann::ordered_json;

void emit(std::ostream& out, const Json& j) { out << j.dump(2) << '\n'; }

}  // namespace

void print_milenage(std::ostream& out, const Key128& k, const Key128& opc, const crypto::Rand& rand, crypto::Sqn sqn,
                    const crypto::Amf& amf) {
  crypto::Milenage m(k, opc, rand);
  const crypto::MilenageOutputs o = m.all(sqn, amf);
  emit(out, Json{{"opc", reveal_hex(opc)},
                 {"f1", to_hex(o.f1)},
                 {"f1star", to_hex(o.f1star)},
                 {"f2", to_hex(o.f2)},
                 {"f3", reveal_hex(o.f3)},
                 {"f4", reveal_hex(o.f4)},
                 {"f5", to_hex(o.f5)},
                 {"f5star", to_hex(o.f5star)}});
}

void print_auth_vector(std::ostream& out, const Key128& k, const Key128& opc, const crypto::Rand& rand, crypto::Sqn sqn,
                       const crypto::Amf& amf, const Plmn& plmn, const std::optional<std::string>& as_id) {
  const crypto::AuthVector av = crypto::build_auth_vector(k, opc, rand, sqn, amf, plmn.encoded());
  Json j{{"rand", to_hex(av.rand)},       {"xres", to_hex(av.xres)}, {"autn", to_hex(av.autn)},
         {"ck", reveal_hex(av.ck)},       {"ik", reveal_hex(av.ik)}, {"ak", to_hex(av.ak)},
         {"kasme", reveal_hex(av.kasme)}, {"ks", reveal_hex(av.ks)}};
  if (as_id) j["ks_as"] = reveal_hex(crypto::derive_ks_as(av.ks, *as_id));
  emit(out, j);
}

void print_auts(std::ostream& out, const Key128& k, const Key128& opc, const crypto::Rand& rand, crypto::Sqn sqn_ms) {
  emit(out, Json{{"auts", to_hex(crypto::build_auts(k, opc, rand, sqn_ms))}});
}

void print_resync(std::ostream& out, const Key128& k, const Key128& opc, const crypto::Rand& rand,
                  const crypto::Auts& auts) {
  const crypto::AutsCheck c = crypto::verify_auts(k, opc, rand, auts);
  emit(out, Json{{"sqn_ms", to_hex(c.sqn_ms.bytes())}, {"mac_s_valid", c.mac_s_valid}});
}

void print_ks_as(std::ostream& out, const Key256& ks, const std::string& as_id) {
  emit(out, Json{{"ks_as", reveal_hex(crypto::derive_ks_as(ks, as_id))}});
}

}  // namespace iotboot::cli
