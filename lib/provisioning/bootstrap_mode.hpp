// How a subscriber's authentications feed bootstrapping (docs/solutions.md): the seed's
// solution #12 (push: the HSS sends the KeySets to the SCEF over S6t, the MME reports the result
// over T6a), solution #11 (pull: the Ks travel in the S6a vectors to the MME, and the SCEF asks
// the MME for them over T6a), none, or whatever the HSS is configured with.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace iotboot::provisioning {

// The values are what the stores hold (0 and 1 were the earlier off/on flag).
enum class BootstrapMode : std::uint8_t { off = 0, push = 1, pull = 2, hss_default = 3 };

// "off", "push", "pull", "default".
std::string_view to_string(BootstrapMode m) noexcept;
// The names above; nullopt for anything else.
std::optional<BootstrapMode> parse_bootstrap_mode(std::string_view text) noexcept;
// A stored value; nullopt when out of range.
std::optional<BootstrapMode> bootstrap_mode_from(std::int64_t stored) noexcept;

}  // namespace iotboot::provisioning
