// Fuzzes the NAS decoder and the unprotection of security-protected PDUs: never a crash or a
// read past the input; what decodes re-encodes to bytes that decode to the same message.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "nas/emm.hpp"
#include "nas/security.hpp"
#include "require.hpp"

using iotboot::fuzz::require;

namespace {

using namespace iotboot;

const Key256& kasme() {
  static const Key256 k = [] {
    Key256 x;
    for (std::size_t i = 0; i < 32; ++i) x[i] = static_cast<std::uint8_t>(i * 7);
    return x;
  }();
  return k;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ByteView input(data, size);
  auto decoded = nas::decode(input);
  if (decoded) {
    const auto again = nas::encode(decoded.value());
    auto twice = nas::decode(again);
    require(twice.ok());
    require(twice.value() == decoded.value());
  }
  nas::SecurityContext ue(1, kasme(), crypto::CipheringAlgorithm::eea2, crypto::IntegrityAlgorithm::eia2, true);
  auto opened = ue.unprotect(input);
  if (opened) (void)nas::decode(opened.value());
  return 0;
}
