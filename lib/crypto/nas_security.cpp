#include "crypto/nas_security.hpp"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <algorithm>
#include <climits>
#include <stdexcept>
#include <utility>

#include "crypto/openssl_error.hpp"

namespace iotboot::crypto {
namespace {

// COUNT ‖ BEARER ‖ DIRECTION ‖ 0^26, the common 64-bit prefix of both algorithms' inputs.
Bytes<8> prefix(std::uint32_t count, std::uint8_t bearer, Direction direction) {
  if (bearer > 0x1f) throw std::invalid_argument("BEARER is 5 bits");
  return Bytes<8>{static_cast<std::uint8_t>(count >> 24),
                  static_cast<std::uint8_t>(count >> 16),
                  static_cast<std::uint8_t>(count >> 8),
                  static_cast<std::uint8_t>(count),
                  static_cast<std::uint8_t>(bearer << 3 | static_cast<std::uint8_t>(direction) << 2),
                  0,
                  0,
                  0};
}

// A CMAC context with its cipher already chosen, made once per thread: a new Eia2 duplicates
// it rather than fetching AES-128-CBC by name again.
EVP_MAC_CTX* cmac_template() {
  struct Template {
    EVP_MAC* mac = EVP_MAC_fetch(nullptr, "CMAC", nullptr);
    EVP_MAC_CTX* ctx = nullptr;
    Template() {
      if (mac == nullptr) return;
      ctx = EVP_MAC_CTX_new(mac);
      char cipher[] = "AES-128-CBC";
      const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER, cipher, 0),
                                   OSSL_PARAM_construct_end()};
      // Keyed (with zeros) because OpenSSL only duplicates an initialised CMAC context.
      static constexpr std::uint8_t kZero[16] = {};
      if (ctx != nullptr && EVP_MAC_init(ctx, kZero, sizeof kZero, params) != 1) {
        EVP_MAC_CTX_free(ctx);
        ctx = nullptr;
      }
    }
    ~Template() {
      EVP_MAC_CTX_free(ctx);
      EVP_MAC_free(mac);
    }
  };
  thread_local Template t;
  return t.ctx;
}

const EVP_CIPHER* aes_ctr() {
  static EVP_CIPHER* cipher = EVP_CIPHER_fetch(nullptr, "AES-128-CTR", nullptr);
  return cipher;
}

}  // namespace

Eia2::Eia2(const Key128& key) {
  EVP_MAC_CTX* tmpl = cmac_template();
  ctx_ = tmpl ? EVP_MAC_CTX_dup(tmpl) : nullptr;
  if (ctx_ == nullptr || EVP_MAC_init(ctx_, key.data(), key.size(), nullptr) != 1) {
    EVP_MAC_CTX_free(ctx_);
    throw_openssl_error("128-EIA2 key setup");
  }
}

Eia2::~Eia2() { EVP_MAC_CTX_free(ctx_); }
Eia2::Eia2(Eia2&& o) noexcept : ctx_(std::exchange(o.ctx_, nullptr)) {}
Eia2& Eia2::operator=(Eia2&& o) noexcept {
  std::swap(ctx_, o.ctx_);
  return *this;
}

Bytes<4> Eia2::mac(std::uint32_t count, std::uint8_t bearer, Direction direction, ByteView message) {
  const Bytes<8> p = prefix(count, bearer, direction);
  std::uint8_t full[16];
  std::size_t len = 0;
  if (EVP_MAC_init(ctx_, nullptr, 0, nullptr) != 1 || EVP_MAC_update(ctx_, p.data(), p.size()) != 1 ||
      EVP_MAC_update(ctx_, message.data(), message.size()) != 1 || EVP_MAC_final(ctx_, full, &len, sizeof full) != 1 ||
      len != sizeof full) {
    throw_openssl_error("128-EIA2");
  }
  return Bytes<4>{full[0], full[1], full[2], full[3]};
}

Eea2::Eea2(const Key128& key) {
  ctx_ = EVP_CIPHER_CTX_new();
  if (ctx_ == nullptr || aes_ctr() == nullptr ||
      EVP_EncryptInit_ex2(ctx_, aes_ctr(), key.data(), nullptr, nullptr) != 1) {
    EVP_CIPHER_CTX_free(ctx_);
    throw_openssl_error("128-EEA2 key setup");
  }
}

Eea2::~Eea2() { EVP_CIPHER_CTX_free(ctx_); }
Eea2::Eea2(Eea2&& o) noexcept : ctx_(std::exchange(o.ctx_, nullptr)) {}
Eea2& Eea2::operator=(Eea2&& o) noexcept {
  std::swap(ctx_, o.ctx_);
  return *this;
}

void Eea2::apply(std::uint32_t count, std::uint8_t bearer, Direction direction, MutableByteView data) {
  const Bytes<8> p = prefix(count, bearer, direction);
  std::uint8_t iv[16] = {};
  std::copy(p.begin(), p.end(), iv);
  int out_len = 0;
  if (data.size() > INT_MAX || EVP_EncryptInit_ex2(ctx_, nullptr, nullptr, iv, nullptr) != 1 ||
      EVP_EncryptUpdate(ctx_, data.data(), &out_len, data.data(), static_cast<int>(data.size())) != 1) {
    throw_openssl_error("128-EEA2");
  }
}

void Eea2::apply_bits(std::uint32_t count, std::uint8_t bearer, Direction direction, MutableByteView data,
                      std::size_t bits) {
  if (data.size() != (bits + 7) / 8) throw std::invalid_argument("128-EEA2: data size does not match bit length");
  apply(count, bearer, direction, data);
  if (bits % 8 != 0) data.back() &= static_cast<std::uint8_t>(0xff << (8 - bits % 8));
}

}  // namespace iotboot::crypto
