#include "net/s1lite.hpp"

#include <gtest/gtest.h>

namespace iotboot::net {
namespace {

TEST(S1lite, FramesSurviveEverySplit) {
  std::vector<std::uint8_t> stream;
  const std::vector<std::vector<std::uint8_t>> pdus = {{0x07, 0x41, 0x71}, {}, {0x27, 1, 2, 3, 4, 5, 6, 7, 8}};
  for (std::size_t i = 0; i < pdus.size(); ++i) append_s1lite_frame(stream, static_cast<std::uint32_t>(i + 7), pdus[i]);
  EXPECT_EQ(std::vector<std::uint8_t>(stream.begin(), stream.begin() + 11),
            (std::vector<std::uint8_t>{0, 0, 0, 7, 0, 0, 0, 7, 0x07, 0x41, 0x71}));
  for (std::size_t chunk = 1; chunk <= stream.size(); ++chunk) {
    S1liteFramer f;
    std::vector<std::pair<std::uint32_t, std::vector<std::uint8_t>>> got;
    for (std::size_t at = 0; at < stream.size(); at += chunk) {
      f.feed(ByteView(stream).subspan(at, std::min(chunk, stream.size() - at)));
      std::uint32_t id;
      ByteView pdu;
      while (f.next(id, pdu) == S1liteFramer::Status::frame)
        got.emplace_back(id, std::vector<std::uint8_t>(pdu.begin(), pdu.end()));
    }
    ASSERT_EQ(got.size(), 3u) << chunk;
    for (std::size_t i = 0; i < 3; ++i) {
      EXPECT_EQ(got[i].first, i + 7);
      EXPECT_EQ(got[i].second, pdus[i]);
    }
  }
}

TEST(S1lite, RejectsBadLengths) {
  for (std::vector<std::uint8_t> bad : {std::vector<std::uint8_t>{0, 0, 0, 3}, std::vector<std::uint8_t>{0, 1, 0, 5}}) {
    S1liteFramer f;
    f.feed(bad);
    std::uint32_t id;
    ByteView pdu;
    EXPECT_EQ(f.next(id, pdu), S1liteFramer::Status::bad_length);
  }
}

}  // namespace
}  // namespace iotboot::net
