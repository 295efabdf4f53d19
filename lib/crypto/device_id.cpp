#include "crypto/device_id.hpp"

#include "core/hex.hpp"
#include "crypto/fc.hpp"
#include "crypto/kdf.hpp"

namespace iotboot::crypto {
std::string device_pseudonym(const Key256& secret, std::string_view imsi, std::string_view as_id) {
  const Key256 derived = kdf(secret.span(), fc::kDeviceId, {bytes_of(imsi), bytes_of(as_id)});
  // An identifier, not a key: what leaves is a truncation of one-way output of the secret.
  return to_hex(ByteView(derived.data(), kDevicePseudonymOctets));
}

}  // namespace iotboot::crypto
