// External-Identifier (TS 23.003 §19.7.2): "<Local Identifier>@<Domain Identifier>", how an
// application outside the operator's network names a subscriber (TS 23.682). iotboot gives one
// to an application server as the device's deviceId when the operator has provisioned it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace iotboot {

inline constexpr std::size_t kMaxLocalIdentifier = 64;

// nullopt when `id` is an External-Identifier iotboot accepts: a local identifier of 1..64
// letters, digits and "-._~!$&'*+=", an '@', and a domain identifier that is an FQDN;
// otherwise the reason (which never quotes the input: it may be anything).
std::optional<std::string> check_external_identifier(std::string_view id);

}  // namespace iotboot
