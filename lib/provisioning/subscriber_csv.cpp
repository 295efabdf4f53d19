#include "provisioning/subscriber_csv.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "core/hex.hpp"
#include "core/imsi.hpp"
#include "core/private_file.hpp"
#include "core/secret_text.hpp"
#include "crypto/milenage.hpp"
#include "crypto/random.hpp"

namespace iotboot::provisioning {
namespace {

using Field = std::string_view;

Field trim(Field f) {
  const auto b = f.find_first_not_of(" \t\r");
  if (b == Field::npos) return {};
  const auto e = f.find_last_not_of(" \t\r");
  return f.substr(b, e - b + 1);
}

// Views into the line: no copy of a key is made.
std::vector<Field> split_fields(Field line) {
  std::vector<Field> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= line.size(); ++i) {
    if (i == line.size() || line[i] == ',') {
      out.push_back(trim(line.substr(start, i - start)));
      start = i + 1;
    }
  }
  if (line.empty()) out.clear();
  return out;
}

void line_of(const SubscriberCredentials& s, SecretText& buf) {
  buf.clear();
  buf.append(s.imsi).append(",");
  std::string k = reveal_hex(s.k), opc = reveal_hex(s.opc);
  buf.append(k).append(",").append(opc).append(",");
  secure_wipe(k.data(), k.size());
  secure_wipe(opc.data(), opc.size());
  buf.append(to_hex(s.amf)).append(",").append(to_hex(s.sqn.bytes())).append(",");
  buf.append(to_string(s.bootstrap)).append("\n");
}

}  // namespace

Result<std::vector<SubscriberCredentials>> read_subscribers(std::string_view csv) {
  std::vector<SubscriberCredentials> out;
  std::size_t number = 0;
  bool op_column = false;
  while (!csv.empty()) {
    const auto nl = csv.find('\n');
    const std::string_view line = csv.substr(0, nl);
    csv.remove_prefix(nl == std::string_view::npos ? csv.size() : nl + 1);
    ++number;
    if (line.empty() || line[0] == '#' || line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
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
    s.imsi = std::string(f[0]);
    if (auto why = parse_hex_exact(f[1], MutableByteView(s.k.data(), 16))) return Error{where + "k: " + *why};
    Key128 third;
    if (auto why = parse_hex_exact(f[2], MutableByteView(third.data(), 16))) {
      return Error{where + (op_column ? "op: " : "opc: ") + *why};
    }
    s.opc = op_column ? crypto::derive_opc(s.k, third) : third;
    if (auto why = parse_hex_exact(f[3], s.amf)) return Error{where + "amf: " + *why};
    if (!crypto::has_separation_bit(s.amf)) {
      return Error{where + "amf: " + std::string(crypto::kAmfWithoutSeparationBit)};
    }
    Bytes<6> sqn;
    if (auto why = parse_hex_exact(f[4], sqn)) return Error{where + "sqn: " + *why};
    s.sqn = crypto::Sqn::from_bytes(sqn);
    if (f[5] == "1" || f[5] == "true") {
      s.bootstrap = BootstrapMode::push;
    } else if (f[5] == "0" || f[5] == "false") {
      s.bootstrap = BootstrapMode::off;
    } else if (auto mode = parse_bootstrap_mode(f[5])) {
      s.bootstrap = *mode;
    } else {
      return Error{where + "bootstrap: expected off, push, pull or default (or 0, 1, false, true)"};
    }
    out.push_back(std::move(s));
  }
  return out;
}

Result<std::vector<SubscriberCredentials>> read_subscribers(std::istream& in) {
  SecretText text = secret_text(1 << 16);
  char chunk[4096];
  while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
    text.append(chunk, static_cast<std::size_t>(in.gcount()));
    if (in.eof()) break;
  }
  secure_wipe(chunk, sizeof chunk);
  return read_subscribers(std::string_view(text));
}

Result<std::vector<SubscriberCredentials>> read_subscribers_file(const std::filesystem::path& path,
                                                                 std::optional<std::string>* note) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Error{path.string() + ": cannot read the file"};
  if (note) *note = restrict_to_owner(fd, path.string());
  SecretText text = secret_text(1 << 16);
  char chunk[4096];
  for (;;) {
    const ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    text.append(chunk, static_cast<std::size_t>(n));
  }
  secure_wipe(chunk, sizeof chunk);
  ::close(fd);
  return read_subscribers(std::string_view(text));
}

void write_subscribers(std::ostream& out, const std::vector<SubscriberCredentials>& subscribers) {
  out << "imsi,k,opc,amf,sqn,bootstrap\n";
  SecretText line = secret_text(128);
  for (const SubscriberCredentials& s : subscribers) {
    line_of(s, line);
    out.write(line.data(), static_cast<std::streamsize>(line.size()));
  }
  out.flush();
}

std::optional<std::string> write_subscribers_file(const std::filesystem::path& path,
                                                  const std::vector<SubscriberCredentials>& subscribers) {
  PrivateFile file(path, PrivateFile::Mode::truncate);
  SecretText text = secret_text(64 + subscribers.size() * 96);
  text.append("imsi,k,opc,amf,sqn,bootstrap\n");
  SecretText line = secret_text(128);
  for (const SubscriberCredentials& s : subscribers) {
    line_of(s, line);
    text.append(line);
  }
  file.write(text);
  return file.note();
}

std::vector<SubscriberCredentials> generate_subscribers(const std::string& first_imsi, std::size_t count,
                                                        BootstrapMode bootstrap) {
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
