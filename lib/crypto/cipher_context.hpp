// A cipher fetched by name and one EVP context for it, created once and kept by their users (one
// per thread): fetching and allocating per call would cost more than the blocks encrypted.
// Freeing the context cleanses the key schedule it holds.
#pragma once

#include <openssl/types.h>

namespace iotboot::crypto {

class CipherContext {
 public:
  // Throws CryptoError ("OpenSSL: <operation> failed") when either cannot be created.
  CipherContext(const char* algorithm, const char* operation);
  ~CipherContext();
  CipherContext(const CipherContext&) = delete;
  CipherContext& operator=(const CipherContext&) = delete;

  EVP_CIPHER_CTX* ctx() const noexcept { return ctx_; }
  const EVP_CIPHER* cipher() const noexcept { return cipher_; }

 private:
  EVP_CIPHER* cipher_ = nullptr;
  EVP_CIPHER_CTX* ctx_ = nullptr;
};

}  // namespace iotboot::crypto
