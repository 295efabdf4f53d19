#include "scef/mme_directory.hpp"

namespace iotboot::scef {

std::uint64_t MmeDirectory::key(const Bytes<3>& plmn, std::uint16_t group, std::uint8_t code) noexcept {
  return static_cast<std::uint64_t>(plmn[0]) << 40 | static_cast<std::uint64_t>(plmn[1]) << 32 |
         static_cast<std::uint64_t>(plmn[2]) << 24 | static_cast<std::uint64_t>(group) << 8 | code;
}

bool MmeDirectory::add(MmeRoute route) {
  const std::uint64_t k = key(route.plmn, route.mme_group_id, route.mme_code);
  return routes_.emplace(k, std::move(route)).second;
}

const MmeRoute* MmeDirectory::find(const nas::Guti& guti) const {
  auto it = routes_.find(key(guti.plmn, guti.mme_group_id, guti.mme_code));
  return it == routes_.end() ? nullptr : &it->second;
}

}  // namespace iotboot::scef
