// Keys at rest (K and OPc in the HSS's store, Ks in the SCEF's) sealed with AES-256-GCM under a
// key-encryption key (KEK). A sealed value is nonce (96 bits, random per value) ‖ ciphertext ‖
// tag (128 bits), stored next to the id of the KEK that sealed it. The associated data binds it
// to its row and column: a label, the purpose (which key of the row), the KEK id, the IMSI and,
// for a KeySet's Ks, the RAND. A value copied to another row or column does not open.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string_view>

#include "core/bytes.hpp"
#include "core/secret.hpp"

namespace iotboot::crypto {

using Kek = Key256;

// A sealed value that does not open (wrong KEK, wrong row, altered) or a KEK id not configured.
// The text names the purpose, the IMSI and the KEK id, never a key.
class KeyWrapError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// What a sealed value is bound to (the associated data).
struct SealContext {
  std::string_view purpose;  // "hss.k", "hss.opc", "scef.ks"
  std::string_view imsi;
  ByteView extra;  // a KeySet's RAND; empty otherwise
};

inline constexpr std::size_t kSealNonceSize = 12;
inline constexpr std::size_t kSealTagSize = 16;
inline constexpr std::size_t kSealOverhead = kSealNonceSize + kSealTagSize;

// The KEKs a process knows, by id (1..2^31-1); one of them is current: new values are sealed
// under it, and values under any known id open.
class KeyRing {
 public:
  void add(std::uint32_t id, const Kek& kek);  // KeyWrapError on id 0 or a duplicate
  void set_current(std::uint32_t id);          // KeyWrapError unless added
  std::uint32_t current() const noexcept { return current_; }
  bool empty() const noexcept { return keks_.empty(); }
  bool has(std::uint32_t id) const noexcept { return keks_.contains(id); }

  // Seals `plain` under the current KEK into `out` (plain.size() + kSealOverhead bytes).
  void seal(ByteView plain, const SealContext& context, MutableByteView out) const;
  // Opens a value sealed under KEK `id` into `out` (sealed.size() - kSealOverhead bytes).
  void open(std::uint32_t id, ByteView sealed, const SealContext& context, MutableByteView out) const;

  template <std::size_t N>
  Bytes<N + kSealOverhead> seal(const Secret<N>& key, const SealContext& context) const {
    Bytes<N + kSealOverhead> out{};
    seal(ByteView(key.data(), N), context, out);
    return out;
  }
  template <std::size_t N>
  Secret<N> open(std::uint32_t id, ByteView sealed, const SealContext& context) const {
    Secret<N> out;
    if (sealed.size() != N + kSealOverhead) throw KeyWrapError(describe("has the wrong length", id, context));
    open(id, sealed, context, MutableByteView(out.data(), N));
    return out;
  }

  // The same with an explicit nonce: for known-answer tests only.
  void seal_with_nonce(std::uint32_t id, ByteView nonce, ByteView aad, ByteView plain, MutableByteView out) const;

 private:
  static std::string describe(std::string_view what, std::uint32_t id, const SealContext& context);
  const Kek& kek(std::uint32_t id, const SealContext& context) const;
  std::map<std::uint32_t, Kek> keks_;
  std::uint32_t current_ = 0;
};

}  // namespace iotboot::crypto
