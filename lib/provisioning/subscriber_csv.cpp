#include "provisioning/subscriber_csv.hpp"

#include <sstream>

#include "core/hex.hpp"
#include "crypto/milenage.hpp"
#include "crypto/random.hpp"

namespace iotboot::provisioning {
namespace {

std::vector<std::string> split_fields(const std::string& line) {
  std::vector<std::string> out;
  std::string field;
  std::istringstream in(line);
  while (std::getline(in, field, ',')) {
    const auto b = field.find_first_not_of(" \t\r");
    const auto e = field.find_last_not_of(" \t\r");
    out.push_back(b == std::string::npos ? std::string() : field.substr(b, e - b + 1));
  }
  if (!line.empty() && line.back() == ',') out.emplace_back();
  return out;
}

}  // namespace

std::optional<std::string> check_imsi(std::string_view imsi) {
  if (imsi.size() < 6 || imsi.size() > 15) return "expected 6 to 15 digits, got " + std::to_string(imsi.size());
  for (std::size_t i = 0; i < imsi.size(); ++i) {
    if (imsi[i] < '0' || imsi[i] > '9') return "not a decimal digit at position " + std::to_string(i + 1);
  }
  return std::nullopt;
}

Result<std::vector<SubscriberCredentials>> read_subscribers(std::istream& in) {
  std::vector<SubscriberCredentials> out;
  std::string line;
  std::size_t number = 0;
  bool op_column = false;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#' || line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const auto f = split_fields(line);
    const std::string where = "line " + std::to_string(number) + ": ";
    if (out.empty() && !f.empty() && f[0] == "imsi") {
      if (f.size() != 6 || (f[2] != "opc" && f[2] != "op")) {
        return Error{where + "header must be imsi,k,opc,amf,sqn,bootstrap (or op for opc)"};
      }
      op_column = f[2] == "op";
      continue;
    }
    if (f.size() != 6) return Error{where + "expected 6 fields, got " + std::to_string(f.size())};
    SubscriberCredentials s;
    if (auto why = check_imsi(f[0])) return Error{where + "imsi: " + *why};
    s.imsi = f[0];
    if (auto why = parse_hex_exact(f[1], MutableByteView(s.k.data(), 16))) return Error{where + "k: " + *why};
    Key128 third;
    if (auto why = parse_hex_exact(f[2], MutableByteView(third.data(), 16))) {
      return Error{where + (op_column ? "op: " : "opc: ") + *why};
    }
    s.opc = op_column ? crypto::derive_opc(s.k, third) : third;
    if (auto why = parse_hex_exact(f[3], s.amf)) return Error{where + "amf: " + *why};
    Bytes<6> sqn;
    if (auto why = parse_hex_exact(f[4], sqn)) return Error{where + "sqn: " + *why};
    s.sqn = crypto::Sqn::from_bytes(sqn);
    if (f[5] == "1" || f[5] == "true") {
      s.bootstrap = true;
    } else if (f[5] != "0" && f[5] != "false") {
      return Error{where + "bootstrap: expected 0, 1, true or false"};
    }
    out.push_back(std::move(s));
  }
  return out;
}

void write_subscribers(std::ostream& out, const std::vector<SubscriberCredentials>& subscribers) {
  out << "imsi,k,opc,amf,sqn,bootstrap\n";
  for (const SubscriberCredentials& s : subscribers) {
    out << s.imsi << ',' << reveal_hex(s.k) << ',' << reveal_hex(s.opc) << ',' << to_hex(s.amf) << ','
        << to_hex(s.sqn.bytes()) << ',' << (s.bootstrap ? 1 : 0) << '\n';
  }
}

std::vector<SubscriberCredentials> generate_subscribers(const std::string& first_imsi, std::size_t count,
                                                        bool bootstrap) {
  std::vector<SubscriberCredentials> out;
  out.reserve(count);
  const std::size_t width = first_imsi.size();
  std::uint64_t n = std::stoull(first_imsi);
  for (std::size_t i = 0; i < count; ++i, ++n) {
    SubscriberCredentials s;
    std::string digits = std::to_string(n);
    s.imsi = std::string(width > digits.size() ? width - digits.size() : 0, '0') + digits;
    crypto::random_bytes(MutableByteView(s.k.data(), 16));
    crypto::random_bytes(MutableByteView(s.opc.data(), 16));
    s.bootstrap = bootstrap;
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace iotboot::provisioning
