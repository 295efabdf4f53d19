// Subscriber and temporary identities (TS 23.003): IMSI and GUTI, with the GUTI's binary form
// (10 octets: PLMN, MME Group ID, MME Code, M-TMSI) and its canonical text form
// "MCC-MNC-MMEGI-MMEC-MTMSI" (hex fields, e.g. 001-01-8001-01-c0ffee01) used in JSON, logs
// and as the DTLS PSK identity.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/bytes.hpp"
#include "core/plmn.hpp"
#include "core/result.hpp"

namespace iotboot::nas {

struct Guti {
  Bytes<3> plmn{};  // TS 24.008 encoding
  std::uint16_t mme_group_id = 0;
  std::uint8_t mme_code = 0;
  std::uint32_t m_tmsi = 0;

  Bytes<10> binary() const noexcept;
  static Guti from_binary(const Bytes<10>& b) noexcept;
  // Fails only when the PLMN octets are not BCD.
  Result<std::string> text() const;
  // Only the canonical text (lower-case hex, the PLMN's own MNC length): any other byte
  // string, however close, is refused. Errors never quote the input.
  static Result<Guti> parse(std::string_view text);
  // The longest canonical text (3-digit MNC).
  static constexpr std::size_t kMaxTextSize = 24;

  friend bool operator==(const Guti&, const Guti&) = default;
};

}  // namespace iotboot::nas
