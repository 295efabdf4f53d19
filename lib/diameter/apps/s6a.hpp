// S6a (TS 29.272): Authentication-Information-Request/Answer, seed steps 3 and 5. Typed
// messages only; the HSS and MME logic that uses them lives in src/hss and src/mme.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/secret.hpp"
#include "diameter/apps/ids.hpp"
#include "diameter/apps/user_identifier.hpp"
#include "diameter/dictionary.hpp"
#include "diameter/message_kind.hpp"

namespace iotboot::diameter::s6a {

inline constexpr std::uint32_t kApplication = app::kS6a;

// Requested-EUTRAN-Authentication-Info (TS 29.272 §7.3.11).
struct RequestedEutranAuthInfo {
  std::optional<std::uint32_t> number_of_requested_vectors;
  std::optional<std::uint32_t> immediate_response_preferred;
  std::optional<Bytes<30>> resynchronization_info;  // RAND ‖ AUTS
  friend bool operator==(const RequestedEutranAuthInfo&, const RequestedEutranAuthInfo&) = default;
};

// TS 29.272 §7.2.5
struct AuthenticationInformationRequest : MessageKind<kApplication, cmd::kAuthenticationInformation, true> {
  RequestRouting routing;
  std::string_view user_name;  // IMSI
  Bytes<3> visited_plmn_id{};
  std::optional<RequestedEutranAuthInfo> eutran;

  friend bool operator==(const AuthenticationInformationRequest&, const AuthenticationInformationRequest&) = default;

  void encode(Writer& w, std::uint32_t hop_by_hop, std::uint32_t end_to_end) const;
  static Result<AuthenticationInformationRequest, DiameterError> decode(const MessageView& m);
};

// XRES: 4 to 16 octets (TS 33.102 §6.3.2); Milenage's f2 gives 8.
struct Xres {
  Bytes<16> bytes{};
  std::uint8_t size = 0;
  ByteView view() const noexcept { return ByteView(bytes.data(), size); }
  friend bool operator==(const Xres&, const Xres&) = default;
};

// E-UTRAN-Vector (TS 29.272 §7.3.18), and iotboot's IoT-Ks and IoT-Key-Lifetime in it: the
// vector's Ks when the subscriber bootstraps by pull (solution #11: the MME keeps it for the SCEF
// to fetch), valid for that long from the authentication that uses the vector. Both have the M
// bit clear, so an MME that does not know them takes the vector without them.
struct EutranVector {
  std::optional<std::uint32_t> item_number;
  Bytes<16> rand{};
  Xres xres;
  Bytes<16> autn{};
  Key256 kasme;
  std::optional<Key256> ks;
  std::optional<std::uint32_t> ks_lifetime_s;
  friend bool operator==(const EutranVector& a, const EutranVector& b) {
    return a.item_number == b.item_number && a.rand == b.rand && a.xres == b.xres && a.autn == b.autn &&
           a.kasme == b.kasme && a.ks == b.ks && a.ks_lifetime_s == b.ks_lifetime_s;
  }
};

// IoT-Notify-SCEF (docs/diameter.md): the HSS tells the MME which SCEF to notify (seed step 5).
// The SCEF to notify over T6a: a host of the realm, or (no SCEF-ID) any SCEF of the realm.
struct IotNotifyScef {
  std::optional<std::string_view> scef_id;
  std::optional<std::string_view> destination_realm;
  friend bool operator==(const IotNotifyScef&, const IotNotifyScef&) = default;
};

// TS 29.272 §7.2.6
struct AuthenticationInformationAnswer : MessageKind<kApplication, cmd::kAuthenticationInformation, false> {
  AnswerOrigin origin;
  std::vector<EutranVector> vectors;  // Authentication-Info
  std::optional<IotNotifyScef> notify_scef;

  friend bool operator==(const AuthenticationInformationAnswer&, const AuthenticationInformationAnswer&) = default;

  void encode(Writer& w, std::uint32_t hop_by_hop, std::uint32_t end_to_end) const;
  static Result<AuthenticationInformationAnswer, DiameterError> decode(const MessageView& m);
};

using Air = AuthenticationInformationRequest;
using Aia = AuthenticationInformationAnswer;

}  // namespace iotboot::diameter::s6a
