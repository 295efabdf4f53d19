// iotboot's private AVPs (docs/diameter.md), vendor 32473: V bit set, M bit clear, so a peer that
// does not know them may ignore them.
#pragma once

#include <array>

#include "diameter/avp_def.hpp"

namespace iotboot::diameter::avp {

inline constexpr auto kIotKeySet = may<Grouped>(1, kVendorIotboot, "IoT-Key-Set");
inline constexpr auto kIotKs = may<OctetString>(2, kVendorIotboot, "IoT-Ks");
inline constexpr auto kIotNotifyScef = may<Grouped>(3, kVendorIotboot, "IoT-Notify-SCEF");
inline constexpr auto kIotAuthResult = may<Enumerated>(4, kVendorIotboot, "IoT-Auth-Result");
inline constexpr auto kIotGuti = may<OctetString>(5, kVendorIotboot, "IoT-GUTI");
inline constexpr auto kIotKeyLifetime = may<Unsigned32>(6, kVendorIotboot, "IoT-Key-Lifetime");

enum class IotAuthResult : std::uint32_t { success = 0, failure = 1 };

// All of the above, for the applications to register.
inline constexpr auto kIotbootAvps = std::to_array<AvpInfo>({
    kIotKeySet.info,
    kIotKs.info,
    kIotNotifyScef.info,
    kIotAuthResult.info,
    kIotGuti.info,
    kIotKeyLifetime.info,
});
}  // namespace iotboot::diameter::avp
