#include "diameter/apps/applications.hpp"

#include <array>

#include "diameter/apps/avps_3gpp.hpp"
#include "diameter/apps/ids.hpp"
#include "diameter/apps/iot_avps.hpp"
#include "diameter/dictionary.hpp"

namespace iotboot::diameter {
namespace {

// All three carry the IMSI in 3GPP AVPs and the keys in iotboot's.
constexpr auto kAvps = [] {
  std::array<AvpInfo, avp::k3gppAvps.size() + avp::kIotbootAvps.size()> all{};
  auto out = std::copy(avp::k3gppAvps.begin(), avp::k3gppAvps.end(), all.begin());
  std::copy(avp::kIotbootAvps.begin(), avp::kIotbootAvps.end(), out);
  return all;
}();

constexpr std::array<CommandInfo, 1> kS6aCommands = {{{cmd::kAuthenticationInformation, "AIR", "AIA"}}};
constexpr std::array<CommandInfo, 1> kReportingCommands = {{{cmd::kReportingInformation, "RIR", "RIA"}}};
constexpr std::array<CommandInfo, 2> kT6aCommands = {{
    {cmd::kReportingInformation, "RIR", "RIA"},
    {cmd::kConfigurationInformation, "CIR", "CIA"},
}};

}  // namespace

void register_applications() {
  register_application({app::kS6a, "S6a", kVendor3gpp, kAvps, kS6aCommands});
  register_application({app::kS6t, "S6t", kVendor3gpp, kAvps, kReportingCommands});
  register_application({app::kT6a, "T6a", kVendor3gpp, kAvps, kT6aCommands});
}

}  // namespace iotboot::diameter
