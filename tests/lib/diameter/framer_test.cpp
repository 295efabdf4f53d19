// The framer fed a stream of several messages in every split: chunks of 1..N octets.
#include "diameter/framer.hpp"

#include <gtest/gtest.h>

#include "diameter/message.hpp"
#include "wire.hpp"

namespace iotboot::diameter {
namespace {

using namespace wire;

std::vector<wire::Octets> sample_messages() {
  return {
      message(0x80, 280, 0, 1, 1, cat({AVP(264, M, text("a.example")), AVP(296, M, text("example"))})),
      message(0xc0, 318, 16777251, 2, 2, cat({AVP(263, M, text("a.example;1;1")), AVP(1, M, text("001010000000001"))})),
      message(0x40, 318, 16777251, 3, 3, AVP(268, M, be32(2001))),
      message(0x80, 280, 0, 4, 4, {}),
  };
}

TEST(Framer, EverySplitYieldsTheSameMessages) {
  const auto messages = sample_messages();
  wire::Octets stream;
  for (const auto& m : messages) stream.insert(stream.end(), m.begin(), m.end());
  for (std::size_t chunk = 1; chunk <= stream.size(); ++chunk) {
    Framer f;
    std::vector<wire::Octets> got;
    for (std::size_t at = 0; at < stream.size(); at += chunk) {
      f.feed(ByteView(stream).subspan(at, std::min(chunk, stream.size() - at)));
      ByteView m;
      Framer::Status s;
      while ((s = f.next(m)) == Framer::Status::frame) got.emplace_back(m.begin(), m.end());
      ASSERT_EQ(s, Framer::Status::need_more);
    }
    ASSERT_EQ(got, messages) << "chunk " << chunk;
    EXPECT_EQ(f.buffered(), 0u);
  }
}

TEST(Framer, RejectsLengthBelowHeader) {
  Framer f;
  wire::Octets bad = {1, 0, 0, 19, 0x80, 0, 1, 24};
  f.feed(bad);
  ByteView m;
  EXPECT_EQ(f.next(m), Framer::Status::bad_length);
}

TEST(Framer, RejectsLengthAboveLimit) {
  Framer f(4096);
  wire::Octets bad = {1, 0, 0x10, 0x04, 0x80, 0, 1, 24};  // 4100 octets announced
  f.feed(bad);
  ByteView m;
  EXPECT_EQ(f.next(m), Framer::Status::bad_length);
}

TEST(Framer, WaitsForTheWholeMessage) {
  Framer f;
  const auto m = sample_messages()[1];
  f.feed(ByteView(m).first(m.size() - 1));
  ByteView out;
  EXPECT_EQ(f.next(out), Framer::Status::need_more);
  f.feed(ByteView(m).last(1));
  EXPECT_EQ(f.next(out), Framer::Status::frame);
  EXPECT_EQ(wire::Octets(out.begin(), out.end()), m);
}

TEST(Framer, ReadsIntoItsBufferWithoutCopies) {
  Framer f;
  const auto m = sample_messages()[0];
  MutableByteView dst = f.prepare(m.size());
  std::copy(m.begin(), m.end(), dst.begin());
  f.commit(m.size());
  ByteView out;
  ASSERT_EQ(f.next(out), Framer::Status::frame);
  EXPECT_EQ(out.data(), dst.data());
}

}  // namespace
}  // namespace iotboot::diameter
