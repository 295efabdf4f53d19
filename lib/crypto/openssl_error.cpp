#include "crypto/openssl_error.hpp"

#include <openssl/err.h>

#include <string>

namespace iotboot::crypto {

void throw_openssl_error(const char* operation) {
  ERR_clear_error();
  throw CryptoError(std::string("OpenSSL: ") + operation + " failed");
}

}  // namespace iotboot::crypto
