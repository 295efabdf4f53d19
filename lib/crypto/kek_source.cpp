#include "crypto/kek_source.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "core/hex.hpp"
#include "core/secret_text.hpp"
#include "crypto/random.hpp"

namespace iotboot::crypto {
namespace {

[[noreturn]] void refuse(std::string_view kind, const std::filesystem::path& path, const std::string& why) {
  throw KekError(std::string(kind) + " " + path.string() + ": " + why);
}

Kek kek_from_hex(std::string_view text, const std::string& where) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  Kek kek;
  if (text.size() != 64 || parse_hex_exact(text, MutableByteView(kek.data(), kek.size()))) {
    throw KekError(where + ": must hold 64 hex digits (a 256-bit key)");
  }
  return kek;
}

}  // namespace

KekSettings parse_kek_file_list(std::string_view list, std::string origin) {
  KekSettings s;
  s.origin = std::move(origin);
  if (list.find('=') == std::string_view::npos) {
    if (list.empty()) throw KekError(s.origin + ": empty");
    s.files.push_back({1, std::filesystem::path(list)});
    return s;
  }
  while (!list.empty()) {
    const std::size_t comma = list.find(',');
    const std::string_view item = list.substr(0, comma);
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    const std::size_t eq = item.find('=');
    const std::string id_text(item.substr(0, eq));
    char* end = nullptr;
    const unsigned long id = std::strtoul(id_text.c_str(), &end, 10);
    if (eq == std::string_view::npos || id_text.empty() || *end != '\0' || id == 0 || id > 0x7fffffffUL ||
        eq + 1 == item.size()) {
      throw KekError(s.origin + ": must be PATH or ID=PATH,ID=PATH,... (ids 1 to 2147483647)");
    }
    s.files.push_back({static_cast<std::uint32_t>(id), std::filesystem::path(item.substr(eq + 1))});
  }
  s.current = s.files.front().id;
  return s;
}

Kek read_kek_file(const std::filesystem::path& path) { return read_key_file(path, "KEK file"); }

Key256 read_key_file(const std::filesystem::path& path, std::string_view kind) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) refuse(kind, path, errno == ELOOP ? "is a symbolic link: refused" : std::strerror(errno));
  struct stat st {};
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    refuse(kind, path, "not a regular file: refused");
  }
  if ((st.st_mode & 077) != 0) {
    ::close(fd);
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 0777));
    refuse(kind, path, std::string("mode ") + mode + ": group or others may read it: refused (chmod 600)");
  }
  SecretText text = secret_text(128);
  text.resize(100);
  const ssize_t n = ::read(fd, text.data(), text.size());
  ::close(fd);
  if (n < 0) refuse(kind, path, std::strerror(errno));
  text.resize(static_cast<std::size_t>(n));
  return kek_from_hex(text, std::string(kind) + " " + path.string());
}

std::shared_ptr<const KeyRing> load_key_ring(const KekSettings& settings) {
  auto ring = std::make_shared<KeyRing>();
  try {
    for (const KekFile& f : settings.files) ring->add(f.id, read_kek_file(f.path));
    ring->set_current(settings.current);
  } catch (const KeyWrapError& e) {
    throw KekError(settings.origin + ": " + e.what());
  }
  return ring;
}

std::shared_ptr<const KeyRing> key_ring_from_environment() {
  const char* files = std::getenv("IOTBOOT_KEK_FILE");
  const char* hex = std::getenv("IOTBOOT_KEK");
  if (files != nullptr && hex != nullptr) throw KekError("IOTBOOT_KEK and IOTBOOT_KEK_FILE: set one, not both");
  if (files != nullptr) return load_key_ring(parse_kek_file_list(files, "IOTBOOT_KEK_FILE"));
  if (hex == nullptr) return nullptr;
  auto ring = std::make_shared<KeyRing>();
  ring->add(1, kek_from_hex(hex, "IOTBOOT_KEK"));
  ring->set_current(1);
  secure_wipe(const_cast<char*>(hex), std::strlen(hex));  // NOLINT: the environment's own copy
  ::unsetenv("IOTBOOT_KEK");
  return ring;
}

std::shared_ptr<const KeyRing> key_ring_for(const std::optional<KekSettings>& configured) {
  return configured ? load_key_ring(*configured) : key_ring_from_environment();
}

void write_new_kek_file(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0)
    refuse("KEK file", path,
           errno == EEXIST ? "exists already: refused (a KEK is never overwritten)" : std::strerror(errno));
  Kek kek;
  random_bytes(MutableByteView(kek.data(), kek.size()));
  SecretText text = secret_text(80);
  append_revealed_hex(text, kek);
  text.push_back('\n');
  const ssize_t n = ::write(fd, text.data(), text.size());
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (n != static_cast<ssize_t>(text.size()) || !synced) refuse("KEK file", path, "could not be written");
}

}  // namespace iotboot::crypto
