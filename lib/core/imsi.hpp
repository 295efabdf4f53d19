// The IMSI (TS 23.003 §2.2) as iotboot takes it from anywhere (a CSV, a flag, a Diameter
// User-Name, a NAS identity): 6 to 15 decimal digits and nothing else.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace iotboot {

// nullopt when valid; else why not (never quoting the text).
std::optional<std::string> check_imsi(std::string_view imsi);

}  // namespace iotboot
