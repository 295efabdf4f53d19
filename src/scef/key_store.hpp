// The SCEF's bootstrapping data behind a small interface: KeySets
// {(IMSI, RAND) → Ks, expiry} pushed by the HSS (seed step 5.1) and authentication contexts
// {GUTI → IMSI, RAND, result, expiry} pushed by the MME (step 10.1).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
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

// An External-Identifier the operator gave a subscriber for one AS (`iotboot subscriber
// external-id`): what the Key API answers as that AS's deviceId for the subscriber's GUTIs.
struct ExternalIdRecord {
  std::string imsi;
  std::string as_id;
  std::string external_id;
};

// Step 14's question for one GUTI, asked by one AS (whose External-Identifier of the subscriber
// comes with the answer).
struct KeyQuery {
  Bytes<10> guti{};
  std::string as_id;
};

// What both engines store (migrations of each append; never edit a released one): key_sets
// (imsi, rand) → ks, expires_at; auth_contexts guti → imsi (unique: one context per IMSI),
// rand, success, expires_at; an index on each expiry for the purge; external_identifiers
// (imsi, as_id) → external_id, unique per AS.

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
  // the order asked, with the asking AS's External-Identifier of the subscriber. Every read goes
  // to the database, so what any SCEF instance committed is seen by all, and a superseded GUTI
  // is gone for all.
  virtual std::vector<std::optional<StoredKey>> find(std::span<const KeyQuery> queries) = 0;

  // External-Identifiers (provisioning, and pull mode's answers, whose IMSI comes from the MME).
  // set: one per (IMSI, AS), replacing the one before; StoreError when that AS already knows
  // another subscriber by it.
  virtual void set_external_id(const ExternalIdRecord& e) = 0;
  virtual bool remove_external_id(std::string_view imsi, std::string_view as_id) = 0;  // false: none
  virtual std::optional<std::string> external_id(std::string_view imsi, std::string_view as_id) = 0;
  virtual std::vector<ExternalIdRecord> external_ids_of(std::string_view imsi) = 0;  // by AS_ID

  // Deletes at most `limit` expired rows of each kind, in its own transaction, by the expiry
  // index (lookups never wait for it); returns how many rows went.
  virtual std::size_t purge(std::int64_t now, std::size_t limit) = 0;

  struct Counts {
    std::size_t key_sets = 0;
    std::size_t contexts = 0;
  };
  virtual Counts count() = 0;  // rows stored, expired or not
};

// set_external_id's refusal.
inline constexpr const char* kExternalIdTaken = "this AS already knows another subscriber by that External-Identifier";

// Whether the opener reads and writes Ks (an SCEF) or only the External-Identifiers (the
// provisioning command, which needs no KEK).
enum class KeyAccess { keys, external_ids_only };

// The store the configuration names, its schema migrated. With a KEK, Ks is sealed under its
// current key (a Ks still in plaintext is sealed now); without one, a store that holds a sealed
// Ks is refused (StoreError naming the setting), unless it is opened for its External-Identifiers
// only.
std::unique_ptr<KeyStore> open_key_store(const store::Location& where,
                                         store::Durability durability = store::Durability::full,
                                         std::shared_ptr<const crypto::KeyRing> kek = nullptr,
                                         KeyAccess access = KeyAccess::keys);

}  // namespace iotboot::scef
