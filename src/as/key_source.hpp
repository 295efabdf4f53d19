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
  bool cached = false;      // the key came from the AS's cache, not from the SCEF just now
};

class KeySource {
 public:
  virtual ~KeySource() = default;
  // client: the DTLS client's address (what a fetch limit counts by).
  virtual KeyLookup ks_as(const std::string& canonical_guti, std::string_view client) = 0;
  // A cached key for this GUTI did not finish a handshake: ask the SCEF next time. An MME
  // gives a released M-TMSI to another UE at random, so a GUTI can name a new UE, with a new
  // Ks, while the old UE's Ks_AS is still cached (about 23 times in a million attaches with
  // 100,000 cached GUTIs).
  virtual void stale(const std::string& canonical_guti) = 0;
};

}  // namespace iotboot::as
