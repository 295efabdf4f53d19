// Fully qualified domain names (RFC 1035 §2.3.1 preferred syntax, RFC 1123 digits-first labels):
// the form of an AS_ID and of Diameter identities.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace iotboot {

// nullopt when name is a valid FQDN (1..253 characters, labels of 1..63 letters, digits and
// inner hyphens, separated by single dots, no trailing dot); otherwise the reason.
std::optional<std::string> check_fqdn(std::string_view name);

}  // namespace iotboot
