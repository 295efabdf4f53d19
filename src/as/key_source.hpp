// What the Ua server asks of the Key API side: Ks_AS for a GUTI in its canonical text, or
// nothing when the SCEF has no key for it (or cannot be asked). Behind an interface so that the
// server's handling of whatever a source does (including throwing) is tested on its own.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "as/key_answer.hpp"
#include "core/secret.hpp"

namespace iotboot::as {

// The key, or why there is none: the client's doing (a GUTI the SCEF does not know, a client
// over its fetch limit), which a source ban counts, or the SCEF's (unreachable, 5xx), which it
// must not: devices behind one address would be banned for an outage.
struct KeyLookup {
  enum class Miss { none, unknown, limited, unavailable };
  std::optional<Key256> key;
  Miss miss = Miss::none;
  DeviceIdentity device{};  // with a key: the device's identity for this AS, if the SCEF gave one
};

class KeySource {
 public:
  virtual ~KeySource() = default;
  // client: the DTLS client's address (what a fetch limit counts by).
  virtual KeyLookup ks_as(const std::string& canonical_guti, std::string_view client) = 0;
};

}  // namespace iotboot::as
