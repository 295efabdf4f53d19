#include "net/listener.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cerrno>

namespace iotboot::net {

Admission::Slot::~Slot() {
  if (!owner_) return;
  --owner_->open_;
  auto it = owner_->per_address_.find(from_);
  if (it != owner_->per_address_.end() && --it->second == 0) owner_->per_address_.erase(it);
}

std::optional<Admission::Slot> Admission::admit(const asio::ip::address& from) {
  std::size_t& mine = per_address_[from];
  if (open_ >= limits_.total || mine >= limits_.per_address) {
    if (mine == 0) per_address_.erase(from);
    ++refused_;
    return std::nullopt;
  }
  ++mine;
  ++open_;
  return Slot(shared_from_this(), from);
}

namespace {

// A descriptor kept in reserve for the moment the process has none left.
class SpareDescriptor {
 public:
  SpareDescriptor() : fd_(::open("/dev/null", O_RDONLY | O_CLOEXEC)) {}
  ~SpareDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  // Frees the spare, accepts and closes one pending connection, takes the spare back. True when
  // a connection was shed.
  bool shed_one(int listening_fd) {
    if (fd_ < 0) fd_ = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) return false;
    ::close(fd_);
    const int c = ::accept4(listening_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (c >= 0) ::close(c);
    fd_ = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    return c >= 0;
  }

 private:
  int fd_;
};

bool out_of_descriptors(const boost::system::error_code& ec) {
  return ec.value() == EMFILE || ec.value() == ENFILE || ec.value() == ENOBUFS || ec.value() == ENOMEM;
}

}  // namespace

void listen_on(tcp::acceptor& acceptor, const std::string& address, std::uint16_t port) {
  const tcp::endpoint ep(asio::ip::make_address(address), port);
  acceptor.open(ep.protocol());
  acceptor.set_option(tcp::acceptor::reuse_address(true));
  acceptor.bind(ep);
  acceptor.listen();
}

namespace {

asio::awaitable<void> accept_connections(std::shared_ptr<tcp::acceptor> acceptor, std::shared_ptr<Admission> admission,
                                         AcceptHandler on_accept) {
  SpareDescriptor spare;
  asio::steady_timer pause(acceptor->get_executor());
  std::chrono::milliseconds backoff{0};
  while (acceptor->is_open()) {
    boost::system::error_code ec;
    tcp::socket socket = co_await acceptor->async_accept(asio::redirect_error(asio::use_awaitable, ec));
    if (!acceptor->is_open()) break;
    if (ec) {
      // Out of descriptors with connections waiting: refuse them one by one (each is told at
      // once); then, or on any other error, wait before trying again.
      if (out_of_descriptors(ec) && spare.shed_one(acceptor->native_handle())) continue;
      backoff = std::clamp(backoff * 2, std::chrono::milliseconds(10), std::chrono::milliseconds(1000));
      pause.expires_after(backoff);
      co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      continue;
    }
    backoff = std::chrono::milliseconds(0);
    const auto remote = socket.remote_endpoint(ec);
    if (ec) continue;  // already gone
    auto slot = admission->admit(remote.address());
    if (!slot) {
      socket.close(ec);  // over a limit: told at once
      continue;
    }
    on_accept(std::move(socket), std::move(*slot));
  }
}

}  // namespace

void start_accepting(std::shared_ptr<tcp::acceptor> acceptor, std::shared_ptr<Admission> admission,
                     AcceptHandler on_accept) {
  auto executor = acceptor->get_executor();
  asio::co_spawn(executor, accept_connections(std::move(acceptor), std::move(admission), std::move(on_accept)),
                 asio::detached);
}

}  // namespace iotboot::net
