#include "crypto/random.hpp"

#include <openssl/rand.h>

#include <climits>

#include "crypto/openssl_error.hpp"

namespace iotboot::crypto {

void random_bytes(MutableByteView out) {
  if (out.size() > INT_MAX || RAND_bytes(out.data(), static_cast<int>(out.size())) != 1) {
    throw_openssl_error("RAND_bytes");
  }
}

}  // namespace iotboot::crypto
