#include "core/plmn.hpp"

namespace iotboot {
namespace {

std::uint8_t digit(char c) noexcept { return static_cast<std::uint8_t>(c - '0'); }
char to_char(std::uint8_t d) noexcept { return static_cast<char>('0' + d); }

}  // namespace

Result<Plmn> Plmn::parse(std::string_view digits) {
  if (digits.size() != 5 && digits.size() != 6) {
    return Error{"expected 5 or 6 digits (MCC then a 2- or 3-digit MNC), got " + std::to_string(digits.size())};
  }
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (digits[i] < '0' || digits[i] > '9') return Error{"not a decimal digit at position " + std::to_string(i + 1)};
  }
  return Plmn(std::string(digits.substr(0, 3)), std::string(digits.substr(3)));
}

Bytes<3> Plmn::encoded() const noexcept {
  const std::uint8_t mnc3 = mnc_.size() == 3 ? digit(mnc_[2]) : 0x0f;
  return Bytes<3>{
      static_cast<std::uint8_t>(digit(mcc_[1]) << 4 | digit(mcc_[0])),
      static_cast<std::uint8_t>(mnc3 << 4 | digit(mcc_[2])),
      static_cast<std::uint8_t>(digit(mnc_[1]) << 4 | digit(mnc_[0])),
  };
}

Result<Plmn> Plmn::decode(const Bytes<3>& o) {
  const std::uint8_t d[6] = {
      static_cast<std::uint8_t>(o[0] & 0x0f), static_cast<std::uint8_t>(o[0] >> 4),
      static_cast<std::uint8_t>(o[1] & 0x0f), static_cast<std::uint8_t>(o[2] & 0x0f),
      static_cast<std::uint8_t>(o[2] >> 4),   static_cast<std::uint8_t>(o[1] >> 4),
  };
  for (int i = 0; i < 5; ++i) {
    if (d[i] > 9) return Error{"PLMN octets hold a non-decimal digit"};
  }
  if (d[5] != 0x0f && d[5] > 9) return Error{"PLMN octets hold a non-decimal third MNC digit"};
  std::string mcc{to_char(d[0]), to_char(d[1]), to_char(d[2])};
  std::string mnc{to_char(d[3]), to_char(d[4])};
  if (d[5] != 0x0f) mnc += to_char(d[5]);
  return Plmn(std::move(mcc), std::move(mnc));
}

}  // namespace iotboot
