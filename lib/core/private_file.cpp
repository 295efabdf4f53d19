#include "core/private_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace iotboot {
namespace {

constexpr mode_t kOwnerOnly = S_IRUSR | S_IWUSR;
constexpr mode_t kOthers = S_IRWXG | S_IRWXO;

std::string octal(mode_t m) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(m & 07777));
  return buf;
}

[[noreturn]] void fail(const std::filesystem::path& p, const std::string& what) {
  throw PrivateFileError(p.string() + ": " + what);
}

// Narrows an open regular file; the note names it as `name`.
std::optional<std::string> narrow(int fd, std::string_view name) {
  struct stat st {};
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (st.st_mode & kOthers) == 0) return std::nullopt;
  if (fchmod(fd, kOwnerOnly) != 0) {
    return std::string(name) + ": readable by others (mode " + octal(st.st_mode) +
           ") and cannot be narrowed: " + std::strerror(errno);
  }
  return std::string(name) + ": mode " + octal(st.st_mode) + " narrowed to 0600 (it holds key material)";
}

}  // namespace

PrivateFile::PrivateFile(const std::filesystem::path& path, Mode mode) : path_(path) {
  const int flags = O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC | (mode == Mode::append ? O_APPEND : O_TRUNC);
  // O_TRUNC is applied only once the file is known to be a regular one.
  fd_ = ::open(path.c_str(), flags & ~O_TRUNC, kOwnerOnly);
  if (fd_ < 0) {
    if (errno == ELOOP) fail(path, "is a symbolic link: refused (key material is never written through one)");
    fail(path, std::string("cannot open for writing: ") + std::strerror(errno));
  }
  struct stat st {};
  if (fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd_);
    fd_ = -1;
    fail(path, "not a regular file: refused");
  }
  note_ = narrow(fd_, path.string());
  if ((flags & O_TRUNC) && ftruncate(fd_, 0) != 0) {
    ::close(fd_);
    fd_ = -1;
    fail(path, std::string("cannot truncate: ") + std::strerror(errno));
  }
}

PrivateFile::~PrivateFile() {
  if (fd_ >= 0) ::close(fd_);
}

void PrivateFile::write(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      fail(path_, std::string("write failed: ") + std::strerror(errno));
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

std::optional<std::string> restrict_to_owner(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
  if (fd < 0) return std::nullopt;
  auto note = narrow(fd, path.string());
  ::close(fd);
  return note;
}

std::optional<std::string> restrict_to_owner(int fd, std::string_view name) { return narrow(fd, name); }

void create_private_directory(const std::filesystem::path& dir) {
  if (!dir.parent_path().empty()) std::filesystem::create_directories(dir.parent_path());
  if (::mkdir(dir.c_str(), S_IRWXU) != 0 && errno != EEXIST)
    fail(dir, std::string("cannot create: ") + std::strerror(errno));
  struct stat st {};
  if (::lstat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) fail(dir, "not a directory: refused");
  if ((st.st_mode & kOthers) != 0 && ::chmod(dir.c_str(), S_IRWXU) != 0) {
    fail(dir, std::string("cannot narrow to 0700: ") + std::strerror(errno));
  }
}

}  // namespace iotboot
