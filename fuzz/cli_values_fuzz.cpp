// Fuzzes the command line's value parsers (hex of every fixed size the CLI takes, SQN, PLMN,
// FQDN): never a crash, and whatever parses round-trips; whatever fails says why without
// quoting the input.
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/fqdn.hpp"
#include "flag_values.hpp"
#include "require.hpp"

using iotboot::fuzz::require;

namespace {

using namespace iotboot;

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// A value that looks like key material (8 or more hex digits) never appears in an error.
void no_echo(const std::string& why, std::string_view input) {
  if (input.size() < 8) return;
  for (char c : input) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return;
  }
  require(why.find(input) == std::string::npos);
}

template <std::size_t N>
void hex_case(std::string_view text) {
  try {
    const Bytes<N> b = cli::hex_value<N>("--x", text);
    require(to_hex(b) == lower(text));
  } catch (const cli::UsageError& e) {
    no_echo(e.what(), text);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  switch (data[0] % 8) {
    case 0: hex_case<16>(text); break;
    case 1: hex_case<2>(text); break;
    case 2: hex_case<14>(text); break;
    case 3: hex_case<32>(text); break;
    case 4:
      try {
        const crypto::Sqn s = cli::sqn_value("--sqn", text);
        require(to_hex(s.bytes()) == lower(text));
      } catch (const cli::UsageError& e) {
        no_echo(e.what(), text);
      }
      break;
    case 5:
      try {
        const Plmn p = cli::plmn_value("--plmn", text);
        const auto back = Plmn::decode(p.encoded());
        require(back.ok() && back.value() == p);
        require(p.mcc() + p.mnc() == text);
      } catch (const cli::UsageError& e) {
        no_echo(e.what(), text);
      }
      break;
    case 6: try { require(cli::fqdn_value("--as-id", text) == text);
      } catch (const cli::UsageError& e) {
        no_echo(e.what(), text);
      }
      break;
    case 7: {
      // PLMN decoding of arbitrary octets: either fails or re-encodes to the same octets.
      if (size < 4) break;
      const Bytes<3> o = {data[1], data[2], data[3]};
      const auto p = Plmn::decode(o);
      if (p) require(p.value().encoded() == o || (o[1] >> 4) == 0x0f);
      break;
    }
  }
  return 0;
}
