#pragma once

#include <stdexcept>

namespace iotboot::crypto {

// An OpenSSL call failed. The text names the operation only, never an input.
class CryptoError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Clears OpenSSL's error queue and throws CryptoError("OpenSSL: <operation> failed").
[[noreturn]] void throw_openssl_error(const char* operation);

}  // namespace iotboot::crypto
