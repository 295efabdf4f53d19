// RFC 6733 base protocol messages between peers: Capabilities-Exchange (§5.3),
// Device-Watchdog (§5.5) and Disconnect-Peer (§5.4).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "diameter/base/fields.hpp"
#include "diameter/dictionary.hpp"
#include "diameter/message_kind.hpp"

namespace iotboot::diameter::base {

struct IpAddress {
  std::uint16_t family = 1;  // 1 IPv4, 2 IPv6
  Bytes<16> bytes{};
  ByteView view() const noexcept { return ByteView(bytes.data(), family == 1 ? 4 : 16); }
  friend bool operator==(const IpAddress&, const IpAddress&) = default;
};

struct VendorSpecificApplicationId {
  std::uint32_t vendor_id = 0;
  std::optional<std::uint32_t> auth_application_id;
  std::optional<std::uint32_t> acct_application_id;
  friend bool operator==(const VendorSpecificApplicationId&, const VendorSpecificApplicationId&) = default;
};

// CER and CEA share their AVPs; a CEA adds Result-Code and maybe Error-Message and Failed-AVP.
template <bool Request>
struct CapabilitiesExchange : MessageKind<app::kBase, cmd::kCapabilitiesExchange, Request> {
  std::optional<std::uint32_t> result_code;  // CEA only
  std::string_view origin_host;
  std::string_view origin_realm;
  std::vector<IpAddress> host_ip_addresses;
  std::uint32_t vendor_id = 0;
  std::string_view product_name;
  std::optional<std::uint32_t> origin_state_id;
  std::vector<std::uint32_t> supported_vendor_ids;
  std::vector<std::uint32_t> auth_application_ids;
  std::vector<std::uint32_t> acct_application_ids;
  std::vector<VendorSpecificApplicationId> vendor_specific_application_ids;
  std::optional<std::uint32_t> firmware_revision;
  std::optional<std::string_view> error_message;  // CEA only
  std::vector<std::uint8_t> failed_avp;           // CEA only: the encoded AVP(s) inside Failed-AVP

  friend bool operator==(const CapabilitiesExchange&, const CapabilitiesExchange&) = default;

  // Every application this peer advertises, plain or vendor-specific (auth and acct).
  std::vector<std::uint32_t> applications() const;

  void encode(Writer& w, std::uint32_t hop_by_hop, std::uint32_t end_to_end) const;
  static Result<CapabilitiesExchange, DiameterError> decode(const MessageView& m);
};

using Cer = CapabilitiesExchange<true>;
using Cea = CapabilitiesExchange<false>;

// DWR/DWA: { Result-Code (DWA) } { Origin-Host } { Origin-Realm } [ Error-Message ] [ Origin-State-Id ]
template <bool Request>
struct DeviceWatchdog : MessageKind<app::kBase, cmd::kDeviceWatchdog, Request> {
  std::optional<std::uint32_t> result_code;
  std::string_view origin_host;
  std::string_view origin_realm;
  std::optional<std::string_view> error_message;
  std::optional<std::uint32_t> origin_state_id;

  friend bool operator==(const DeviceWatchdog&, const DeviceWatchdog&) = default;

  void encode(Writer& w, std::uint32_t hop_by_hop, std::uint32_t end_to_end) const;
  static Result<DeviceWatchdog, DiameterError> decode(const MessageView& m);
};

using Dwr = DeviceWatchdog<true>;
using Dwa = DeviceWatchdog<false>;

// DPR: { Origin-Host } { Origin-Realm } { Disconnect-Cause }; DPA: { Result-Code } { Origin-Host }
// { Origin-Realm } [ Error-Message ]
template <bool Request>
struct DisconnectPeer : MessageKind<app::kBase, cmd::kDisconnectPeer, Request> {
  std::optional<std::uint32_t> result_code;
  std::string_view origin_host;
  std::string_view origin_realm;
  std::optional<avp::DisconnectCause> disconnect_cause;  // DPR only
  std::optional<std::string_view> error_message;

  friend bool operator==(const DisconnectPeer&, const DisconnectPeer&) = default;

  void encode(Writer& w, std::uint32_t hop_by_hop, std::uint32_t end_to_end) const;
  static Result<DisconnectPeer, DiameterError> decode(const MessageView& m);
};

using Dpr = DisconnectPeer<true>;
using Dpa = DisconnectPeer<false>;

}  // namespace iotboot::diameter::base
