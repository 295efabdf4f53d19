#include "crypto/nas_security.hpp"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <algorithm>
#include <climits>
#include <stdexcept>

#include "crypto/cipher_context.hpp"
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

constexpr std::uint8_t kZeroKey[16] = {};

// This thread's CMAC context, its cipher chosen once (fetching AES-128-CBC by name is costly),
// and keyed with zeros between uses.
EVP_MAC_CTX* thread_cmac() {
  struct Context {
    EVP_MAC* mac = EVP_MAC_fetch(nullptr, "CMAC", nullptr);
    EVP_MAC_CTX* ctx = nullptr;
    Context() {
      if (mac == nullptr) return;
      ctx = EVP_MAC_CTX_new(mac);
      char cipher[] = "AES-128-CBC";
      const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER, cipher, 0),
                                   OSSL_PARAM_construct_end()};
      if (ctx != nullptr && EVP_MAC_init(ctx, kZeroKey, sizeof kZeroKey, params) != 1) {
        EVP_MAC_CTX_free(ctx);
        ctx = nullptr;
      }
    }
    ~Context() {
      EVP_MAC_CTX_free(ctx);
      EVP_MAC_free(mac);
    }
  };
  thread_local Context t;
  if (t.ctx == nullptr) throw_openssl_error("128-EIA2 context");
  return t.ctx;
}

// This thread's AES-128-CTR context, likewise.
EVP_CIPHER_CTX* thread_ctr() {
  struct Context {
    CipherContext ctr{"AES-128-CTR", "128-EEA2 context"};
    Context() {
      if (EVP_EncryptInit_ex2(ctr.ctx(), ctr.cipher(), kZeroKey, nullptr, nullptr) != 1) {
        throw_openssl_error("128-EEA2 context");
      }
    }
  };
  thread_local Context t;
  return t.ctr.ctx();
}

}  // namespace

Bytes<4> Eia2::mac(std::uint32_t count, std::uint8_t bearer, Direction direction, ByteView message) const {
  const Bytes<8> p = prefix(count, bearer, direction);
  EVP_MAC_CTX* ctx = thread_cmac();
  std::uint8_t full[16];
  std::size_t len = 0;
  const bool ok = EVP_MAC_init(ctx, key_.data(), key_.size(), nullptr) == 1 &&
                  EVP_MAC_update(ctx, p.data(), p.size()) == 1 &&
                  EVP_MAC_update(ctx, message.data(), message.size()) == 1 &&
                  EVP_MAC_final(ctx, full, &len, sizeof full) == 1 && len == sizeof full;
  const bool wiped = EVP_MAC_init(ctx, kZeroKey, sizeof kZeroKey, nullptr) == 1;  // no key schedule left behind
  if (!ok || !wiped) throw_openssl_error("128-EIA2");
  return Bytes<4>{full[0], full[1], full[2], full[3]};
}

void Eea2::apply(std::uint32_t count, std::uint8_t bearer, Direction direction, MutableByteView data) const {
  const Bytes<8> p = prefix(count, bearer, direction);
  std::uint8_t iv[16] = {};
  std::copy(p.begin(), p.end(), iv);
  EVP_CIPHER_CTX* ctx = thread_ctr();
  int out_len = 0;
  const bool ok = data.size() <= INT_MAX && EVP_EncryptInit_ex2(ctx, nullptr, key_.data(), iv, nullptr) == 1 &&
                  EVP_EncryptUpdate(ctx, data.data(), &out_len, data.data(), static_cast<int>(data.size())) == 1;
  const bool wiped = EVP_EncryptInit_ex2(ctx, nullptr, kZeroKey, nullptr, nullptr) == 1;
  if (!ok || !wiped) throw_openssl_error("128-EEA2");
}

void Eea2::apply_bits(std::uint32_t count, std::uint8_t bearer, Direction direction, MutableByteView data,
                      std::size_t bits) const {
  if (data.size() != (bits + 7) / 8) throw std::invalid_argument("128-EEA2: data size does not match bit length");
  apply(count, bearer, direction, data);
  if (bits % 8 != 0) data.back() &= static_cast<std::uint8_t>(0xff << (8 - bits % 8));
}

}  // namespace iotboot::crypto
