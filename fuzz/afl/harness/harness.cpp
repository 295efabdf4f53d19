#include "harness/harness.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include <spdlog/spdlog.h>

namespace iotboot::afl {

int harness_main(int argc, char** argv, void (*write_seeds)(const std::filesystem::path&), int (*run)(ByteView)) {
  silence_logs();
  if (auto dir = seeds_dir(argc, argv)) {
    write_seeds(*dir);
    return 0;
  }
  const std::vector<std::uint8_t> input = read_input(argc, argv);
  return run(input);
}

std::vector<std::uint8_t> read_input(int argc, char** argv, std::size_t max_bytes) {
  std::FILE* f = stdin;
  if (argc > 1 && argv[1][0] != '-') f = std::fopen(argv[1], "rb");
  if (!f) throw std::runtime_error("cannot open the input");
  std::vector<std::uint8_t> input(max_bytes);
  const std::size_t n = std::fread(input.data(), 1, input.size(), f);
  if (f != stdin) std::fclose(f);
  input.resize(n);
  return input;
}

std::optional<std::filesystem::path> seeds_dir(int argc, char** argv) {
  for (int i = 1; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], "--seeds") == 0) return std::filesystem::path(argv[i + 1]);
  return std::nullopt;
}

void write_seed(const std::filesystem::path& dir, const std::string& name, const std::vector<std::uint8_t>& bytes) {
  std::filesystem::create_directories(dir);
  std::ofstream out(dir / name, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write seed " + name);
}

std::vector<Record> records_of(ByteView input, std::size_t max_records) {
  std::vector<Record> out;
  std::size_t at = 0;
  while (at + 3 <= input.size() && out.size() < max_records) {
    const std::size_t length = std::size_t{input[at + 1]} << 8 | input[at + 2];
    const std::size_t take = std::min(length, input.size() - at - 3);
    out.push_back({input[at], input.subspan(at + 3, take)});
    at += 3 + take;
  }
  return out;
}

void append_record(std::vector<std::uint8_t>& out, std::uint8_t op, ByteView body) {
  const std::size_t n = std::min<std::size_t>(body.size(), 0xffff);
  out.push_back(op);
  out.push_back(static_cast<std::uint8_t>(n >> 8));
  out.push_back(static_cast<std::uint8_t>(n));
  out.insert(out.end(), body.begin(), body.begin() + static_cast<std::ptrdiff_t>(n));
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "iotboot-afl-XXXXXX").string();
  if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

LoopbackSocket::LoopbackSocket(Kind kind, std::uint16_t port) {
  fd_ = ::socket(AF_INET, kind == Kind::tcp ? SOCK_STREAM : SOCK_DGRAM, 0);
  if (fd_ < 0) throw std::runtime_error("socket failed");
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<const sockaddr*>(&to), sizeof to) != 0) {
    ::close(fd_);
    throw std::runtime_error("connect failed");
  }
}

LoopbackSocket::~LoopbackSocket() { ::close(fd_); }

bool LoopbackSocket::send(ByteView bytes) {
  std::size_t at = 0;
  while (at < bytes.size()) {
    const ssize_t n = ::send(fd_, bytes.data() + at, bytes.size() - at, MSG_NOSIGNAL);
    if (n <= 0) return false;
    at += static_cast<std::size_t>(n);
  }
  return true;
}

std::optional<std::vector<std::uint8_t>> LoopbackSocket::receive(std::chrono::milliseconds wait) {
  pollfd p{fd_, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(wait.count())) == 0) return std::nullopt;
  std::vector<std::uint8_t> out(1 << 16);
  const ssize_t n = ::recv(fd_, out.data(), out.size(), 0);
  out.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
  return out;
}

void LoopbackSocket::shutdown_write() { ::shutdown(fd_, SHUT_WR); }

void trace(const std::string& line) {
  static const bool on = std::getenv("IOTBOOT_AFL_TRACE") != nullptr;
  if (on) std::fprintf(stderr, "%s\n", line.c_str());
}

void silence_logs() { spdlog::set_level(spdlog::level::off); }

}  // namespace iotboot::afl
