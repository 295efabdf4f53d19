#include "flag_values.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <iostream>

#include "core/fqdn.hpp"
#include "core/private_file.hpp"

namespace iotboot::cli {

namespace {

SecretText first_line(SecretText text) {
  const auto end = text.find_first_of("\r\n");
  if (end != SecretText::npos) text.resize(end);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.pop_back();
  return text;
}

}  // namespace

SecretText secret_text_value(std::string_view flag, std::string_view text) {
  SecretText out = secret_text(128);
  if (text.empty() || text[0] != '@') {
    out.append(text);
    return out;
  }
  const std::string path(text.substr(1));
  if (path == "-") {
    if (!std::getline(std::cin, out)) throw UsageError(std::string(flag), "no line on standard input");
    return first_line(std::move(out));
  }
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw UsageError(std::string(flag), "cannot read " + path);
  if (auto note = restrict_to_owner(fd, path)) std::cerr << "iotboot: " << *note << "\n";
  char chunk[256];
  for (;;) {
    const ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0 || out.size() > 4096) break;
    out.append(chunk, static_cast<std::size_t>(n));
  }
  secure_wipe(chunk, sizeof chunk);
  ::close(fd);
  return first_line(std::move(out));
}

crypto::Sqn sqn_value(std::string_view flag, std::string_view text) {
  return crypto::Sqn::from_bytes(hex_value<6>(flag, text));
}

Plmn plmn_value(std::string_view flag, std::string_view text) {
  auto plmn = Plmn::parse(text);
  if (!plmn) throw UsageError(std::string(flag), plmn.error().reason);
  return plmn.value();
}

std::string fqdn_value(std::string_view flag, std::string_view text) {
  if (auto why = check_fqdn(text)) throw UsageError(std::string(flag), "not a valid FQDN: " + *why);
  return std::string(text);
}

provisioning::BootstrapMode bootstrap_mode_value(std::string_view flag, std::string_view text) {
  auto mode = provisioning::parse_bootstrap_mode(text);
  if (!mode) throw UsageError(std::string(flag), "must be off, push, pull or default");
  return *mode;
}

std::shared_ptr<const crypto::KeyRing> kek_file_value(std::string_view text) {
  if (text.empty()) return crypto::key_ring_from_environment();
  return crypto::load_key_ring(crypto::parse_kek_file_list(text, "--kek-file"));
}

}  // namespace iotboot::cli
