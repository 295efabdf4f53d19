// EPS mobility management messages (TS 24.301 §8.2) as typed values, with their exact
// encodings (plain NAS messages: protocol discriminator 7, security header 0). Security
// protection is nas/security.hpp's job.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/bytes.hpp"
#include "core/result.hpp"
#include "nas/identities.hpp"

namespace iotboot::nas {

enum class MessageType : std::uint8_t {
  attach_request = 0x41,
  attach_accept = 0x42,
  attach_complete = 0x43,
  attach_reject = 0x44,
  detach_request = 0x45,
  detach_accept = 0x46,
  authentication_request = 0x52,
  authentication_response = 0x53,
  authentication_reject = 0x54,
  identity_request = 0x55,
  identity_response = 0x56,
  authentication_failure = 0x5c,
  security_mode_command = 0x5d,
  security_mode_complete = 0x5e,
  security_mode_reject = 0x5f,
  emm_status = 0x60,
};

inline constexpr std::uint8_t kNoKeyAvailable = 7;  // NAS key set identifier "no key is available"

// EPS mobile identity (§9.9.3.12): an IMSI (digits) or a GUTI.
using EpsMobileIdentity = std::variant<std::string, Guti>;

// The ESM message an NB-IoT UE attaching without PDN connectivity carries (§8.3.12A).
std::vector<std::uint8_t> esm_dummy_message();

struct AttachRequest {
  std::uint8_t attach_type = 1;  // EPS attach
  std::uint8_t ksi = kNoKeyAvailable;
  EpsMobileIdentity identity;
  std::vector<std::uint8_t> ue_network_capability = {0xa0, 0x20};  // EEA0, 128-EEA2; 128-EIA2
  std::vector<std::uint8_t> esm_container = esm_dummy_message();
  friend bool operator==(const AttachRequest&, const AttachRequest&) = default;
};

struct AttachAccept {
  std::uint8_t result = 1;    // EPS only
  std::uint8_t t3412 = 0x49;  // GPRS timer: 9 deci-hours (54 min)
  std::vector<std::uint8_t> tai_list;
  std::vector<std::uint8_t> esm_container = esm_dummy_message();
  std::optional<Guti> guti;
  friend bool operator==(const AttachAccept&, const AttachAccept&) = default;
};

struct AttachComplete {
  std::vector<std::uint8_t> esm_container = esm_dummy_message();
  friend bool operator==(const AttachComplete&, const AttachComplete&) = default;
};

struct AttachReject {
  std::uint8_t cause = 0;
  // T3346 value (GPRS timer 2): with #22 congestion, how long the UE waits before trying again.
  std::optional<std::chrono::seconds> t3346;
  friend bool operator==(const AttachReject&, const AttachReject&) = default;
};

struct AuthenticationRequest {
  std::uint8_t ksi = 0;
  Bytes<16> rand{};
  Bytes<16> autn{};
  friend bool operator==(const AuthenticationRequest&, const AuthenticationRequest&) = default;
};

struct AuthenticationResponse {
  std::vector<std::uint8_t> res;  // 4 to 16 octets
  friend bool operator==(const AuthenticationResponse&, const AuthenticationResponse&) = default;
};

struct AuthenticationFailure {
  std::uint8_t cause = 0;
  std::optional<Bytes<14>> auts;  // with synch failure
  friend bool operator==(const AuthenticationFailure&, const AuthenticationFailure&) = default;
};

struct AuthenticationReject {
  friend bool operator==(const AuthenticationReject&, const AuthenticationReject&) = default;
};

struct IdentityRequest {
  std::uint8_t identity_type = 1;  // IMSI
  friend bool operator==(const IdentityRequest&, const IdentityRequest&) = default;
};

struct IdentityResponse {
  std::string imsi;
  friend bool operator==(const IdentityResponse&, const IdentityResponse&) = default;
};

struct SecurityModeCommand {
  std::uint8_t ciphering = 2;  // 128-EEA2
  std::uint8_t integrity = 2;  // 128-EIA2
  std::uint8_t ksi = 0;
  std::vector<std::uint8_t> replayed_ue_capabilities = {0xa0, 0x20};
  friend bool operator==(const SecurityModeCommand&, const SecurityModeCommand&) = default;
};

struct SecurityModeComplete {
  friend bool operator==(const SecurityModeComplete&, const SecurityModeComplete&) = default;
};

struct SecurityModeReject {
  std::uint8_t cause = 0;
  friend bool operator==(const SecurityModeReject&, const SecurityModeReject&) = default;
};

// UE originating (§8.2.11.1).
struct DetachRequest {
  bool switch_off = false;
  std::uint8_t detach_type = 1;  // EPS detach
  std::uint8_t ksi = kNoKeyAvailable;
  EpsMobileIdentity identity;
  friend bool operator==(const DetachRequest&, const DetachRequest&) = default;
};

struct DetachAccept {
  friend bool operator==(const DetachAccept&, const DetachAccept&) = default;
};

struct EmmStatus {
  std::uint8_t cause = 0;
  friend bool operator==(const EmmStatus&, const EmmStatus&) = default;
};

using EmmMessage =
    std::variant<AttachRequest, AttachAccept, AttachComplete, AttachReject, AuthenticationRequest,
                 AuthenticationResponse, AuthenticationFailure, AuthenticationReject, IdentityRequest, IdentityResponse,
                 SecurityModeCommand, SecurityModeComplete, SecurityModeReject, DetachRequest, DetachAccept, EmmStatus>;

// A plain NAS message: 07 <type> <IEs>.
std::vector<std::uint8_t> encode(const EmmMessage& m);
void encode(const EmmMessage& m, std::vector<std::uint8_t>& out);

// Why a message did not decode, as the EMM cause to answer with (§7: 96, 97, 99, 111).
struct DecodeError {
  std::uint8_t cause = 0;
  std::string what;
};
Result<EmmMessage, DecodeError> decode(ByteView plain_message);

// A TAI list (§9.9.3.33) of one TAI.
std::vector<std::uint8_t> tai_list(const Bytes<3>& plmn, std::uint16_t tac);

}  // namespace iotboot::nas
