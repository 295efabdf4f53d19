#include "crypto/key_wrap.hpp"

#include <openssl/evp.h>

#include <climits>
#include <string>

#include "crypto/cipher_context.hpp"
#include "crypto/openssl_error.hpp"
#include "crypto/random.hpp"

namespace iotboot::crypto {
namespace {

// One AES-256-GCM context per thread, created once (as AesEngine's): keyed for each value.
class GcmContext {
 public:
  static GcmContext& for_this_thread() {
    thread_local GcmContext context;
    return context;
  }
  GcmContext(const GcmContext&) = delete;
  GcmContext& operator=(const GcmContext&) = delete;

  // out = ciphertext ‖ tag.
  void seal(const Kek& kek, ByteView nonce, ByteView aad, ByteView plain, std::uint8_t* out) {
    int n = 0;
    if (EVP_EncryptInit_ex2(gcm_.ctx(), gcm_.cipher(), kek.data(), nonce.data(), nullptr) != 1 ||
        EVP_EncryptUpdate(gcm_.ctx(), nullptr, &n, aad.data(), static_cast<int>(aad.size())) != 1 ||
        EVP_EncryptUpdate(gcm_.ctx(), out, &n, plain.data(), static_cast<int>(plain.size())) != 1 ||
        EVP_EncryptFinal_ex(gcm_.ctx(), out + plain.size(), &n) != 1 ||
        EVP_CIPHER_CTX_ctrl(gcm_.ctx(), EVP_CTRL_AEAD_GET_TAG, kSealTagSize, out + plain.size()) != 1) {
      throw_openssl_error("AES-256-GCM seal");
    }
  }
  // in = ciphertext ‖ tag; false when the tag does not verify (out is then wiped).
  bool open(const Kek& kek, ByteView nonce, ByteView aad, ByteView in, std::uint8_t* out) {
    const std::size_t size = in.size() - kSealTagSize;
    int n = 0;
    if (EVP_DecryptInit_ex2(gcm_.ctx(), gcm_.cipher(), kek.data(), nonce.data(), nullptr) != 1 ||
        EVP_DecryptUpdate(gcm_.ctx(), nullptr, &n, aad.data(), static_cast<int>(aad.size())) != 1 ||
        EVP_DecryptUpdate(gcm_.ctx(), out, &n, in.data(), static_cast<int>(size)) != 1 ||
        EVP_CIPHER_CTX_ctrl(gcm_.ctx(), EVP_CTRL_AEAD_SET_TAG, kSealTagSize,
                            const_cast<std::uint8_t*>(in.data() + size)) != 1) {  // NOLINT: not written
      throw_openssl_error("AES-256-GCM open");
    }
    if (EVP_DecryptFinal_ex(gcm_.ctx(), out + size, &n) == 1) return true;
    secure_wipe(out, size);
    return false;
  }

 private:
  GcmContext() = default;
  CipherContext gcm_{"AES-256-GCM", "AES-256-GCM context setup"};
};

// label ‖ 0 ‖ purpose ‖ 0 ‖ KEK id (4 octets) ‖ IMSI ‖ 0 ‖ extra: the purpose and the IMSI hold
// no NUL, and the extra is last, so two different contexts never give the same octets.
struct Aad {
  Aad(std::uint32_t id, const SealContext& c) {
    static constexpr std::string_view kLabel = "iotboot key at rest v1";
    append(kLabel);
    bytes[size++] = 0;
    append(c.purpose);
    bytes[size++] = 0;
    for (int shift = 24; shift >= 0; shift -= 8) bytes[size++] = static_cast<std::uint8_t>(id >> shift);
    append(c.imsi);
    bytes[size++] = 0;
    append(std::string_view(reinterpret_cast<const char*>(c.extra.data()), c.extra.size()));
  }
  void append(std::string_view s) {
    if (size + s.size() + 1 > sizeof bytes) throw KeyWrapError("key at rest: associated data too long");
    for (char ch : s) bytes[size++] = static_cast<std::uint8_t>(ch);
  }
  ByteView view() const { return ByteView(bytes, size); }
  std::uint8_t bytes[192] = {};
  std::size_t size = 0;
};

}  // namespace

void KeyRing::add(std::uint32_t id, const Kek& kek) {
  if (id == 0 || id > 0x7fffffffu) throw KeyWrapError("KEK id " + std::to_string(id) + ": must be 1 to 2147483647");
  if (!keks_.emplace(id, kek).second) throw KeyWrapError("KEK id " + std::to_string(id) + ": given twice");
}

void KeyRing::set_current(std::uint32_t id) {
  if (!has(id)) throw KeyWrapError("current KEK id " + std::to_string(id) + ": no KEK with that id");
  current_ = id;
}

std::string KeyRing::describe(std::string_view what, std::uint32_t id, const SealContext& context) {
  return std::string(context.purpose) + " of " + std::string(context.imsi) + " sealed under KEK " + std::to_string(id) +
         " " + std::string(what);
}

const Kek& KeyRing::kek(std::uint32_t id, const SealContext& context) const {
  const auto at = keks_.find(id);
  if (at == keks_.end())
    throw KeyWrapError(describe("cannot be opened: no KEK with that id is configured", id, context));
  return at->second;
}

void KeyRing::seal(ByteView plain, const SealContext& context, MutableByteView out) const {
  if (current_ == 0) throw KeyWrapError("no current KEK to seal with");
  if (out.size() != plain.size() + kSealOverhead) throw KeyWrapError("sealed key buffer of the wrong size");
  random_bytes(out.first(kSealNonceSize));
  const Aad aad(current_, context);
  GcmContext::for_this_thread().seal(kek(current_, context), out.first(kSealNonceSize), aad.view(), plain,
                                     out.data() + kSealNonceSize);
}

void KeyRing::open(std::uint32_t id, ByteView sealed, const SealContext& context, MutableByteView out) const {
  if (sealed.size() != out.size() + kSealOverhead) throw KeyWrapError(describe("has the wrong length", id, context));
  const Aad aad(id, context);
  if (!GcmContext::for_this_thread().open(kek(id, context), sealed.first(kSealNonceSize), aad.view(),
                                          sealed.subspan(kSealNonceSize), out.data())) {
    throw KeyWrapError(describe("does not authenticate (another KEK, another row, or altered)", id, context));
  }
}

void KeyRing::seal_with_nonce(std::uint32_t id, ByteView nonce, ByteView aad, ByteView plain,
                              MutableByteView out) const {
  const SealContext none{"test", "", {}};
  if (nonce.size() != kSealNonceSize || out.size() != plain.size() + kSealOverhead) {
    throw KeyWrapError("sealed key buffer of the wrong size");
  }
  std::copy(nonce.begin(), nonce.end(), out.begin());
  GcmContext::for_this_thread().seal(kek(id, none), nonce, aad, plain, out.data() + kSealNonceSize);
}

}  // namespace iotboot::crypto
