#include "crypto/kdf.hpp"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <cstring>

#include "crypto/openssl_error.hpp"

namespace iotboot::crypto {
namespace {

// This thread's HMAC-SHA-256 context, created once.
class HmacEngine {
 public:
  static HmacEngine& for_this_thread() {
    thread_local HmacEngine engine;
    return engine;
  }

  void init(ByteView key) {
    if (EVP_MAC_init(ctx_, key.data(), key.size(), nullptr) != 1) throw_openssl_error("HMAC-SHA-256 key setup");
  }
  // Restarts with the key of the last init (its pads are kept).
  void restart() {
    if (EVP_MAC_init(ctx_, nullptr, 0, nullptr) != 1) throw_openssl_error("HMAC-SHA-256 restart");
  }
  void update(const std::uint8_t* p, std::size_t n) {
    if (EVP_MAC_update(ctx_, p, n) != 1) throw_openssl_error("HMAC-SHA-256 update");
  }
  void final(std::uint8_t out[32]) {
    std::size_t len = 0;
    if (EVP_MAC_final(ctx_, out, &len, 32) != 1 || len != 32) throw_openssl_error("HMAC-SHA-256 final");
  }
  void scrub() noexcept {
    static constexpr std::uint8_t kZero[32] = {};
    (void)EVP_MAC_init(ctx_, kZero, sizeof kZero, nullptr);
  }

  ~HmacEngine() {
    EVP_MAC_CTX_free(ctx_);
    EVP_MAC_free(mac_);
  }

 private:
  HmacEngine() {
    mac_ = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    ctx_ = mac_ ? EVP_MAC_CTX_new(mac_) : nullptr;
    char digest[] = "SHA256";
    const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                                 OSSL_PARAM_construct_end()};
    if (ctx_ == nullptr || EVP_MAC_CTX_set_params(ctx_, params) != 1) {
      EVP_MAC_CTX_free(ctx_);
      EVP_MAC_free(mac_);
      throw_openssl_error("HMAC-SHA-256 context setup");
    }
  }
  EVP_MAC* mac_ = nullptr;
  EVP_MAC_CTX* ctx_ = nullptr;
};

// Builds S in a stack buffer, handing it to the MAC in as few updates as possible.
class Message {
 public:
  explicit Message(HmacEngine& mac) : mac_(mac) {}
  ~Message() { secure_wipe(buf_, sizeof buf_); }
  void put(const std::uint8_t* p, std::size_t n) {
    while (n > 0) {
      if (used_ == sizeof buf_) flush();
      const std::size_t take = std::min(n, sizeof buf_ - used_);
      std::memcpy(buf_ + used_, p, take);
      used_ += take;
      p += take;
      n -= take;
    }
  }
  void flush() {
    mac_.update(buf_, used_);
    used_ = 0;
  }

 private:
  HmacEngine& mac_;
  std::uint8_t buf_[256];
  std::size_t used_ = 0;
};

void put_s(HmacEngine& mac, std::uint8_t fc, std::initializer_list<ByteView> params) {
  Message s(mac);
  s.put(&fc, 1);
  for (ByteView p : params) {
    if (p.size() > 0xffff) throw CryptoError("KDF parameter longer than 65535 octets");
    s.put(p.data(), p.size());
    const std::uint8_t len[2] = {static_cast<std::uint8_t>(p.size() >> 8), static_cast<std::uint8_t>(p.size())};
    s.put(len, 2);
  }
  s.flush();
}

}  // namespace

Kdf::Kdf(ByteView key) { HmacEngine::for_this_thread().init(key); }

Kdf::~Kdf() { HmacEngine::for_this_thread().scrub(); }

Key256 Kdf::derive(std::uint8_t fc, std::initializer_list<ByteView> params) {
  HmacEngine& mac = HmacEngine::for_this_thread();
  if (!first_) mac.restart();
  first_ = false;
  put_s(mac, fc, params);
  Key256 out;
  mac.final(out.data());
  return out;
}

Key256 kdf(ByteView key, std::uint8_t fc, std::initializer_list<ByteView> params) {
  return Kdf(key).derive(fc, params);
}

}  // namespace iotboot::crypto
