// How the tests' stand-in HSSs answer an AIR (DIAMETER_ERROR_USER_UNKNOWN, 5001, for
// kUnknownImsi, else success with the given vector), what such an answer looks like, and the
// AIR their MMEs send.
#pragma once

#include <utility>

#include <gtest/gtest.h>

#include <boost/asio/awaitable.hpp>
#include <string>
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

// A stand-in HSS: every AIR gets one vector (its RAND's first octet the IMSI's last digit), or
// 5001 for kUnknownImsi.
inline void serve_one_vector(diameter::Node& hss) {
  hss.serve<diameter::s6a::Air>([](const diameter::s6a::Air& air, diameter::Reply& reply) {
    diameter::s6a::EutranVector v;
    v.item_number = 1;
    v.rand[0] = static_cast<std::uint8_t>(air.user_name.back());
    v.xres.size = 8;
    reply.send(aia_for(air, reply, v));
  });
}

// An AIR for one vector of `imsi`, from `mme` to any HSS of `realm`.
inline boost::asio::awaitable<diameter::RequestResult> send_air(diameter::Node& mme, std::string imsi,
                                                                std::string realm) {
  const std::string sid = mme.new_session_id();
  diameter::s6a::Air air;
  air.routing = mme.routing(sid, realm);
  air.user_name = imsi;
  air.visited_plmn_id = {0x00, 0xf1, 0x10};
  air.eutran = diameter::s6a::RequestedEutranAuthInfo{1, std::nullopt, std::nullopt};
  co_return co_await mme.request(air);
}

// The AIA of an unknown subscriber: Experimental-Result 10415/5001, no vectors.
inline void expect_user_unknown(const diameter::s6a::Aia& aia) {
  ASSERT_TRUE(aia.origin.experimental_result);
  EXPECT_EQ(aia.origin.experimental_result->vendor_id, diameter::kVendor3gpp);
  EXPECT_EQ(aia.origin.experimental_result->code, diameter::result::kErrorUserUnknown);
  EXPECT_TRUE(aia.vectors.empty());
}

}  // namespace iotboot::test
