// What the Ua server asks of the Key API side: Ks_AS for a GUTI in its canonical text, or
// nothing when the SCEF has no key for it (or cannot be asked). Behind an interface so that the
// server's handling of whatever a source does (including throwing) is tested on its own.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/secret.hpp"

namespace iotboot::as {

class KeySource {
 public:
  virtual ~KeySource() = default;
  // client: the DTLS client's address (what a fetch limit counts by).
  virtual std::optional<Key256> ks_as(const std::string& canonical_guti, std::string_view client) = 0;
};

}  // namespace iotboot::as
