// Pull mode (solution #11): which MME to ask for a GUTI's Ks. A GUTI names the MME that
// allocated it by its GUMMEI (PLMN, MME group, MME code; TS 23.003 §2.8), and the SCEF's
// configuration maps each GUMMEI to that MME's Diameter identity, so that every MME of a pool
// is asked for its own GUTIs.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>

#include "core/bytes.hpp"
#include "nas/identities.hpp"

namespace iotboot::scef {

struct MmeRoute {
  Bytes<3> plmn{};  // TS 24.008 encoding, as in the GUTI
  std::uint16_t mme_group_id = 0;
  std::uint8_t mme_code = 0;
  std::string host;   // Destination-Host of the CIR
  std::string realm;  // Destination-Realm
};

class MmeDirectory {
 public:
  // false when the GUMMEI is there already.
  bool add(MmeRoute route);
  // The MME that allocated `guti`, or null when none is configured for its GUMMEI.
  const MmeRoute* find(const nas::Guti& guti) const;
  bool empty() const noexcept { return routes_.empty(); }

 private:
  static std::uint64_t key(const Bytes<3>& plmn, std::uint16_t group, std::uint8_t code) noexcept;
  std::unordered_map<std::uint64_t, MmeRoute> routes_;
};

}  // namespace iotboot::scef
