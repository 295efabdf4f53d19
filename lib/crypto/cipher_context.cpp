#include "crypto/cipher_context.hpp"

#include <openssl/evp.h>

#include "crypto/openssl_error.hpp"

namespace iotboot::crypto {

CipherContext::CipherContext(const char* algorithm, const char* operation)
    : cipher_(EVP_CIPHER_fetch(nullptr, algorithm, nullptr)), ctx_(EVP_CIPHER_CTX_new()) {
  if (cipher_ == nullptr || ctx_ == nullptr) {
    EVP_CIPHER_CTX_free(ctx_);
    EVP_CIPHER_free(cipher_);
    throw_openssl_error(operation);
  }
}

CipherContext::~CipherContext() {
  EVP_CIPHER_CTX_free(ctx_);
  EVP_CIPHER_free(cipher_);
}

}  // namespace iotboot::crypto
