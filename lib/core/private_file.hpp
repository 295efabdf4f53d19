// Files that hold key material (K and OPc in subscriber CSVs and the HSS database, Ks in the
// SCEF database, private keys, the lab key log) are readable by their owner only: created with
// mode 0600, never written through a symbolic link, and an existing one that group or others
// may access is narrowed to 0600, with a note for the operator saying so.
#pragma once

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace iotboot {

// Names the path and what went wrong; never the file's content.
class PrivateFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class PrivateFile {
 public:
  enum class Mode { truncate, append };
  // Opens `path` for writing, creating it 0600. Refuses (PrivateFileError) a symbolic link or
  // anything but a regular file.
  PrivateFile(const std::filesystem::path& path, Mode mode);
  ~PrivateFile();
  PrivateFile(const PrivateFile&) = delete;
  PrivateFile& operator=(const PrivateFile&) = delete;

  void write(std::string_view bytes);  // all of it, or PrivateFileError
  // Set when an existing file had wider permissions and was narrowed.
  const std::optional<std::string>& note() const noexcept { return note_; }

 private:
  std::filesystem::path path_;
  int fd_ = -1;
  std::optional<std::string> note_;
};

// If group or others may access the file, narrows it to 0600. Returns what was done ("<path>:
// mode 0644 narrowed to 0600"), or nullopt when nothing had to be (or it does not exist).
std::optional<std::string> restrict_to_owner(const std::filesystem::path& path);
// The same for an open descriptor (e.g. standard output redirected to a file); only regular
// files are touched.
std::optional<std::string> restrict_to_owner(int fd, std::string_view name);

// Creates `dir` (and parents) if missing, the last one with mode 0700.
void create_private_directory(const std::filesystem::path& dir);

}  // namespace iotboot
