// The SCEF's bootstrapping data behind a small interface: KeySets
// {(IMSI, RAND) → Ks, expiry} pushed by the HSS (seed step 5.1) and authentication contexts
// {GUTI → IMSI, RAND, result, expiry} pushed by the MME (step 10.1).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "core/secret.hpp"

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
  virtual std::vector<KeySetRecord> key_sets(std::int64_t now) = 0;
  virtual std::vector<AuthContextRecord> contexts(std::int64_t now) = 0;
  // Deletes what expired; returns how many rows went.
  virtual std::size_t purge(std::int64_t now) = 0;
};

}  // namespace iotboot::scef
