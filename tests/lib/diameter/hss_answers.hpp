// How the tests' stand-in HSSs answer an AIR (DIAMETER_ERROR_USER_UNKNOWN, 5001, for
// kUnknownImsi, else success with the given vector), and what such an answer looks like.
#pragma once

#include <gtest/gtest.h>

#include <string_view>

#include "diameter/apps/s6a.hpp"
#include "diameter/node/node.hpp"
#include "diameter/result_codes.hpp"

namespace iotboot::test {

inline constexpr std::string_view kUnknownImsi = "001019999999999";

inline diameter::s6a::Aia aia_for(const diameter::s6a::Air& air, diameter::Reply& reply,
                                  const diameter::s6a::EutranVector& vector) {
  diameter::s6a::Aia aia;
  aia.origin = reply.success_origin();
  if (air.user_name == kUnknownImsi) {
    aia.origin.result_code.reset();
    aia.origin.experimental_result =
        diameter::ExperimentalResult{diameter::kVendor3gpp, diameter::result::kErrorUserUnknown};
  } else {
    aia.vectors.push_back(vector);
  }
  return aia;
}

// The AIA of an unknown subscriber: Experimental-Result 10415/5001, no vectors.
inline void expect_user_unknown(const diameter::s6a::Aia& aia) {
  ASSERT_TRUE(aia.origin.experimental_result);
  EXPECT_EQ(aia.origin.experimental_result->vendor_id, diameter::kVendor3gpp);
  EXPECT_EQ(aia.origin.experimental_result->code, diameter::result::kErrorUserUnknown);
  EXPECT_TRUE(aia.vectors.empty());
}

}  // namespace iotboot::test
