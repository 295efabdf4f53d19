// AFL++ harness: the AS's Ua server (CoAP over DTLS-PSK) and its gateway. The input's first
// octet sets the scene: bit 0 makes the device present a GUTI the key source does not know
// (the handshake is refused), bit 1 gives the AS an upstream HTTP backend (every request is
// then forwarded); the rest is records (harness/harness.hpp), each body one CoAP message the
// device sends in its DTLS session. The harness is the device: it completes the handshake with
// Ks_AS, sends each message and reads what comes back, waiting for a confirmable one's answer.
// The key source gives the one device's key (the Key API client has its own fuzzing); the
// backend is a small HTTP/1.1 server on a thread of the harness that answers 200 with what it
// was sent.
#include <utility>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <thread>

#include "as/as_config.hpp"
#include "as/key_source.hpp"
#include "as/ua_server.hpp"
#include "harness/harness.hpp"

namespace iotboot::afl {
namespace {

using namespace std::chrono_literals;

constexpr const char* kGuti = "001-01-8001-01-c0ffee01";
constexpr const char* kUnknownGuti = "001-01-8001-01-0badc0de";
constexpr std::uint8_t kKeyOctet = 0x5a;

struct OneDeviceKeys final : as::KeySource {
  as::KeyLookup ks_as(const std::string& guti, std::string_view) override {
    if (guti != kGuti) return {std::nullopt, as::KeyLookup::Miss::unknown};
    Key256 k;
    std::memset(k.data(), kKeyOctet, 32);
    as::KeyLookup found{k};
    found.device.id = "device-17@iot.example.com";
    found.device.type = "EXTERNAL_ID";
    return found;
  }
  void stale(const std::string&) override {}
};

int loopback_socket(int type, std::uint16_t port, bool listen_too) {
  const int fd = ::socket(AF_INET, type, 0);
  sockaddr_in at{};
  at.sin_family = AF_INET;
  at.sin_port = htons(port);
  at.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || ::bind(fd, reinterpret_cast<const sockaddr*>(&at), sizeof at) != 0 ||
      (listen_too && ::listen(fd, 16) != 0))
    throw std::runtime_error("cannot bind a loopback socket");
  return fd;
}

std::uint16_t port_of(int fd) {
  sockaddr_in at{};
  socklen_t n = sizeof at;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&at), &n);
  return ntohs(at.sin_port);
}

// The backend: HTTP/1.1 with keep-alive, one connection at a time, 200 with the request's body.
class EchoBackend {
 public:
  EchoBackend() : fd_(loopback_socket(SOCK_STREAM, 0, true)), thread_([this] { serve(); }) {}
  ~EchoBackend() {
    stopping_ = true;
    thread_.join();
    ::close(fd_);
  }
  std::uint16_t port() const { return port_of(fd_); }

 private:
  bool readable(int fd) {
    pollfd p{fd, POLLIN, 0};
    return ::poll(&p, 1, 20) > 0;
  }
  void serve() {
    while (!stopping_) {
      if (!readable(fd_)) continue;
      const int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0) continue;
      std::string in;
      char buffer[4096];
      while (!stopping_) {
        if (!readable(c)) continue;
        const ssize_t n = ::recv(c, buffer, sizeof buffer, 0);
        if (n <= 0) break;
        in.append(buffer, static_cast<std::size_t>(n));
        const std::size_t end = in.find("\r\n\r\n");
        if (end == std::string::npos) continue;
        std::size_t length = 0;
        if (const std::size_t at = in.find("Content-Length: "); at != std::string::npos && at < end)
          length = std::strtoul(in.c_str() + at + 16, nullptr, 10);
        if (in.size() < end + 4 + length) continue;
        const std::string body = in.substr(end + 4, length);
        in.erase(0, end + 4 + length);
        const std::string out =
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + std::to_string(body.size()) +
            "\r\n\r\n" + body;
        if (::send(c, out.data(), out.size(), MSG_NOSIGNAL) < 0) break;
      }
      ::close(c);
    }
  }

  int fd_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

// The device's end of the DTLS session.
class Device {
 public:
  Device(std::uint16_t port, bool known) : fd_(loopback_socket(SOCK_DGRAM, 0, false)) {
    identity_ = known ? kGuti : kUnknownGuti;
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(port);
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::connect(fd_, reinterpret_cast<const sockaddr*>(&to), sizeof to);
    ctx_ = SSL_CTX_new(DTLS_client_method());
    SSL_CTX_set_cipher_list(ctx_, "PSK");
    SSL_CTX_set_psk_client_callback(ctx_, &Device::psk);
    ssl_ = SSL_new(ctx_);
    SSL_set_app_data(ssl_, this);
    BIO* bio = BIO_new_dgram(fd_, BIO_NOCLOSE);
    timeval wait{1, 0};
    BIO_ctrl(bio, BIO_CTRL_DGRAM_SET_RECV_TIMEOUT, 0, &wait);
    BIO_ctrl(bio, BIO_CTRL_DGRAM_SET_CONNECTED, 0, &to);
    SSL_set_bio(ssl_, bio, bio);
  }
  ~Device() {
    if (connected_) SSL_shutdown(ssl_);
    SSL_free(ssl_);
    SSL_CTX_free(ctx_);
    ::close(fd_);
  }
  bool handshake() { return connected_ = SSL_connect(ssl_) == 1; }
  bool send(ByteView message) {
    return !message.empty() && SSL_write(ssl_, message.data(), static_cast<int>(message.size())) > 0;
  }
  // Reads what the AS sends for up to `wait` for the first datagram, then what is there.
  void receive(std::chrono::milliseconds wait) {
    std::uint8_t buffer[2048];
    for (;;) {
      pollfd p{fd_, POLLIN, 0};
      if (SSL_pending(ssl_) == 0 && ::poll(&p, 1, static_cast<int>(wait.count())) <= 0) return;
      const int n = SSL_read(ssl_, buffer, sizeof buffer);
      if (n <= 0) return;
      trace("received CoAP code " + std::to_string(n >= 2 ? buffer[1] : 0));
      wait = 0ms;
    }
  }

 private:
  static unsigned psk(SSL* ssl, const char*, char* identity, unsigned max_identity, unsigned char* key,
                      unsigned max_key) {
    const Device* d = static_cast<const Device*>(SSL_get_app_data(ssl));
    if (d->identity_.size() + 1 > max_identity || max_key < 32) return 0;
    std::memcpy(identity, d->identity_.c_str(), d->identity_.size() + 1);
    std::memset(key, kKeyOctet, 32);
    return 32;
  }

  int fd_;
  std::string identity_;
  SSL_CTX* ctx_ = nullptr;
  SSL* ssl_ = nullptr;
  bool connected_ = false;
};

std::vector<std::uint8_t> coap(std::uint8_t type, std::uint8_t code, std::uint16_t id, const std::string& path,
                               const std::string& payload) {
  std::vector<std::uint8_t> m{static_cast<std::uint8_t>(0x40 | type << 4 | 1), code, static_cast<std::uint8_t>(id >> 8),
                              static_cast<std::uint8_t>(id), 0x7a};
  // Uri-Path (option 11), short length.
  m.push_back(static_cast<std::uint8_t>(0xb0 | path.size()));
  m.insert(m.end(), path.begin(), path.end());
  if (!payload.empty()) {
    m.push_back(0xff);
    m.insert(m.end(), payload.begin(), payload.end());
  }
  return m;
}

void write_seeds(const std::filesystem::path& dir) {
  auto seed = [&](const std::string& name, std::uint8_t scene, std::vector<std::vector<std::uint8_t>> messages) {
    std::vector<std::uint8_t> bytes{scene};
    for (const auto& m : messages) append_record(bytes, 0, m);
    write_seed(dir, name, bytes);
  };
  seed("post_app", 0, {coap(0, 0x02, 1, "app", "ping")});
  seed("get_app_non", 0, {coap(1, 0x01, 2, "app", ""), coap(0, 0x02, 3, "app", "again")});
  seed("unknown_guti", 1, {coap(0, 0x02, 1, "app", "ping")});
  seed("gateway_post_get", 2, {coap(0, 0x02, 1, "data", "temperature=21"), coap(0, 0x01, 2, "data", "")});
  seed("gateway_fetch_ipatch", 2, {coap(0, 0x05, 1, "data", "{}"), coap(0, 0x07, 2, "data", "{}")});
}

int run(ByteView input) {
  if (input.empty()) return 0;
  const bool known = !(input[0] & 0x01);
  const bool gateway = input[0] & 0x02;
  std::optional<EchoBackend> backend;
  as::AsConfig c;
  {
    const int probe = loopback_socket(SOCK_DGRAM, 0, false);
    c.coap_port = port_of(probe);
    ::close(probe);
  }
  c.handshake_timeout = 1000ms;
  if (gateway) {
    backend.emplace();
    as::UpstreamConfig u;
    u.url = as::parse_upstream_url("http://127.0.0.1:" + std::to_string(backend->port()) + "/api").value();
    u.address = "127.0.0.1";
    u.timeout = 1000ms;
    u.max_body = 4096;
    u.max_pending_per_device = 2;
    c.upstream = u;
  }
  OneDeviceKeys keys;
  as::UaServer server(c, keys);
  server.start();
  {
    Device device(c.coap_port, known);
    if (device.handshake()) {
      const auto cut = std::chrono::steady_clock::now() + kScriptBudget;
      for (const Record& r : records_of(input.subspan(1))) {
        if (std::chrono::steady_clock::now() > cut || !device.send(r.body)) break;
        const bool confirmable = r.body.size() >= 1 && ((r.body[0] >> 4) & 0x03) == 0;
        device.receive(confirmable ? kReplyWait : 20ms);
      }
    }
  }
  server.stop();
  return 0;
}

}  // namespace
}  // namespace iotboot::afl

int main(int argc, char** argv) {
  return iotboot::afl::harness_main(argc, argv, iotboot::afl::write_seeds, iotboot::afl::run);
}
