#include "crypto/device_id.hpp"

#include "core/hex.hpp"
#include "crypto/fc.hpp"
#include "crypto/kdf.hpp"

namespace iotboot::crypto {
namespace {

ByteView text_octets(std::string_view s) { return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()}; }

}  // namespace

std::string device_pseudonym(const Key256& secret, std::string_view imsi, std::string_view as_id) {
  const Key256 derived = kdf(secret.span(), fc::kDeviceId, {text_octets(imsi), text_octets(as_id)});
  // An identifier, not a key: what leaves is a truncation of one-way output of the secret.
  return to_hex(ByteView(derived.data(), kDevicePseudonymOctets));
}

}  // namespace iotboot::crypto
