// PLMN identity (MCC + MNC) and its 3-octet encoding (TS 24.008 §10.5.1.3), which is also the
// serving network id of the KASME derivation (TS 33.401 A.2) and the S6a Visited-PLMN-Id.
#pragma once

#include <string>
#include <string_view>

#include "core/bytes.hpp"
#include "core/result.hpp"

namespace iotboot {

class Plmn {
 public:
  // "00101" (MNC of 2 digits) or "001001" (MNC of 3 digits).
  static Result<Plmn> parse(std::string_view digits);
  // Inverse of encoded(); fails on a non-BCD nibble or a filler where a digit must be.
  static Result<Plmn> decode(const Bytes<3>& octets);

  const std::string& mcc() const noexcept { return mcc_; }
  const std::string& mnc() const noexcept { return mnc_; }
  Bytes<3> encoded() const noexcept;
  std::string to_string() const { return mcc_ + "-" + mnc_; }  // "001-01"

  friend bool operator==(const Plmn&, const Plmn&) = default;

 private:
  Plmn(std::string mcc, std::string mnc) : mcc_(std::move(mcc)), mnc_(std::move(mnc)) {}
  std::string mcc_;
  std::string mnc_;
};

}  // namespace iotboot
