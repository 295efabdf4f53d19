// Fuzzes the Diameter framer, validation and every typed decoder: never a crash or a read past
// the input; what decodes re-encodes to a message that decodes to the same value; every error
// answer is itself a valid message.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "diameter/answer.hpp"
#include "diameter/apps/applications.hpp"
#include "diameter/apps/s6a.hpp"
#include "diameter/apps/s6t.hpp"
#include "diameter/apps/t6a.hpp"
#include "diameter/base/peer_messages.hpp"
#include "diameter/framer.hpp"
#include "diameter/validate.hpp"
#include "require.hpp"

using iotboot::fuzz::require;

namespace {

using namespace iotboot;
using namespace iotboot::diameter;

template <typename T>
void try_decode(const MessageView& m) {
  auto decoded = T::decode(m);
  if (!decoded) return;
  std::vector<std::uint8_t> again;
  Writer w(again);
  decoded->encode(w, m.header().hop_by_hop, m.header().end_to_end);
  const MessageView view(again);
  require(view.header().length == again.size());
  auto twice = T::decode(view);
  require(twice.ok());
  require(twice.value() == decoded.value());
}

void check(ByteView bytes) {
  const MessageView m(bytes);
  if (auto err = validate(m)) {
    std::vector<std::uint8_t> answer;
    Writer w(answer);
    write_error_answer(w, m, LocalIdentity{"fuzz.iotboot.test", "iotboot.test"}, *err);
    require(!validate(MessageView(answer)).has_value() || err->failed_avp.size() > 0);
    return;
  }
  try_decode<s6a::Air>(m);
  try_decode<s6a::Aia>(m);
  try_decode<s6t::Rir>(m);
  try_decode<s6t::Ria>(m);
  try_decode<t6a::Rir>(m);
  try_decode<t6a::Cir>(m);
  try_decode<t6a::Cia>(m);
  try_decode<base::Cer>(m);
  try_decode<base::Cea>(m);
  try_decode<base::Dwr>(m);
  try_decode<base::Dpr>(m);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  iotboot::diameter::register_applications();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  // The first octet picks the chunk size the stream arrives in.
  const std::size_t chunk = 1 + data[0] % 64;
  Framer framer(4096);
  for (std::size_t at = 1; at < size; at += chunk) {
    framer.feed(ByteView(data + at, std::min(chunk, size - at)));
    ByteView message;
    Framer::Status s;
    while ((s = framer.next(message)) == Framer::Status::frame) check(message);
    if (s == Framer::Status::bad_length) return 0;
  }
  return 0;
}
