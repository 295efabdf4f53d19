#pragma once

#include "core/bytes.hpp"

namespace iotboot::crypto {

// Fills out from OpenSSL's CSPRNG (RAND values, M-TMSIs). Throws CryptoError on failure.
void random_bytes(MutableByteView out);

}  // namespace iotboot::crypto
