// The `store:` key of the HSS's and SCEF's sections: sqlite:PATH or a postgresql:// URI.
#pragma once

#include "config/yaml.hpp"
#include "store/location.hpp"

namespace iotboot::config {

store::Location store_location(const Section& s, const char* key, const std::string& fallback);

}  // namespace iotboot::config
