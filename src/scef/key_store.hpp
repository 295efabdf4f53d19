// The SCEF's bootstrapping data behind a small interface: KeySets
// {(IMSI, RAND) → Ks, expiry} pushed by the HSS (seed step 5.1) and authentication contexts
// {GUTI → IMSI, RAND, result, expiry} pushed by the MME (step 10.1).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "core/secret.hpp"
#include "crypto/key_wrap.hpp"
#include "scef/key_lookup.hpp"
#include "store/durability.hpp"
#include "store/location.hpp"

namespace iotboot::scef {

struct KeySetRecord {
  std::string imsi;
  Bytes<16> rand{};
  Key256 ks;
  std::int64_t expires_at = 0;  // Unix seconds
};

struct AuthContextRecord {
  Bytes<10> guti{};
  std::string imsi;
  Bytes<16> rand{};
  bool success = false;
  std::int64_t expires_at = 0;
};

// What both engines store (migrations of each append; never edit a released one): key_sets
// (imsi, rand) → ks, expires_at; auth_contexts guti → imsi (unique: one context per IMSI),
// rand, success, expires_at; an index on each expiry for the purge.

// Every method may throw store::StoreError.
class KeyStore {
 public:
  virtual ~KeyStore() = default;

  class Transaction {
   public:
    virtual ~Transaction() = default;
    virtual void commit() = 0;
  };
  virtual std::unique_ptr<Transaction> begin() = 0;

  virtual void put_key_set(const KeySetRecord& k) = 0;
  // A successful authentication's context replaces every other context of the same IMSI: the
  // newest authentication wins. A failed one (success false, no GUTI) removes only what that
  // authentication concerns: the KeySet and any context of its (IMSI, RAND). Knowing an IMSI
  // and failing an authentication must never end the UE's current context.
  virtual void put_context(const AuthContextRecord& c) = 0;

  // Step 14's read for a batch of GUTIs (outside any transaction): what is stored for each, in
  // the order asked. Every read goes to the database, so what any SCEF instance committed is
  // seen by all, and a superseded GUTI is gone for all.
  virtual std::vector<std::optional<StoredKey>> find(std::span<const Bytes<10>> gutis) = 0;

  // Deletes at most `limit` expired rows of each kind, in its own transaction, by the expiry
  // index (lookups never wait for it); returns how many rows went.
  virtual std::size_t purge(std::int64_t now, std::size_t limit) = 0;

  struct Counts {
    std::size_t key_sets = 0;
    std::size_t contexts = 0;
  };
  virtual Counts count() = 0;  // rows stored, expired or not
};

// The store the configuration names, its schema migrated. With a KEK, Ks is sealed under its
// current key (a Ks still in plaintext is sealed now); without one, a store that holds a sealed
// Ks is refused (StoreError naming the setting).
std::unique_ptr<KeyStore> open_key_store(const store::Location& where,
                                         store::Durability durability = store::Durability::full,
                                         std::shared_ptr<const crypto::KeyRing> kek = nullptr);

}  // namespace iotboot::scef
