#include "ue/ua_client.hpp"

#include <arpa/inet.h>
#include <coap3/coap.h>
#include <poll.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <optional>
#include <stdexcept>

#include "core/c_callback.hpp"

namespace iotboot::ue {
namespace {

using Clock = std::chrono::steady_clock;

double ms_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

// One exchange in flight: what libcoap's callbacks report, and the timer its coroutine waits on.
struct Exchange {
  explicit Exchange(asio::io_context& io) : signal(io) {}
  asio::steady_timer signal;
  Clock::time_point started, connected;
  bool done = false;
  UaResult result;

  void finish(bool ok, std::string failure = {}) {
    if (done) return;
    done = true;
    result.ok = ok;
    result.failure = std::move(failure);
    signal.cancel();
  }
};

Exchange* exchange_of(coap_session_t* session) { return static_cast<Exchange*>(coap_session_get_app_data(session)); }

int on_event(coap_session_t* session, const coap_event_t event) {
  return c_callback("[ue] session event", 0, [&] {
    Exchange* ex = exchange_of(session);
    if (!ex) return 0;
    switch (event) {
      case COAP_EVENT_DTLS_CONNECTED:
        ex->connected = Clock::now();
        ex->result.handshake_ms = ms_between(ex->started, ex->connected);
        break;
      case COAP_EVENT_DTLS_CLOSED:
      case COAP_EVENT_DTLS_ERROR:
      case COAP_EVENT_SESSION_FAILED:
        ex->finish(false, ex->connected == Clock::time_point{} ? "DTLS handshake failed" : "DTLS session closed");
        break;
      default: break;
    }
    return 0;
  });
}

coap_response_t on_response(coap_session_t* session, const coap_pdu_t*, const coap_pdu_t* received, const coap_mid_t) {
  return c_callback("[ue] CoAP response", COAP_RESPONSE_OK, [&] {
    Exchange* ex = exchange_of(session);
    if (!ex || ex->done) return COAP_RESPONSE_OK;
    std::size_t len = 0;
    const std::uint8_t* data = nullptr;
    if (coap_get_data(received, &len, &data) && data)
      ex->result.response.assign(reinterpret_cast<const char*>(data), len);
    ex->result.exchange_ms = ms_between(ex->connected, Clock::now());
    const coap_pdu_code_t code = coap_pdu_get_code(received);
    if (code == COAP_RESPONSE_CODE_CHANGED) {
      ex->finish(true);
    } else {
      const unsigned c = static_cast<unsigned>(code);
      ex->finish(false, "CoAP " + std::to_string(c >> 5) + "." + (c % 32 < 10 ? "0" : "") + std::to_string(c % 32));
    }
    return COAP_RESPONSE_OK;
  });
}

void on_nack(coap_session_t* session, const coap_pdu_t*, const coap_nack_reason_t reason, const coap_mid_t) {
  c_callback("[ue] CoAP nack", [&] {
    Exchange* ex = exchange_of(session);
    if (!ex) return;
    switch (reason) {
      case COAP_NACK_TLS_FAILED: ex->finish(false, "DTLS handshake failed"); break;
      case COAP_NACK_TOO_MANY_RETRIES: ex->finish(false, "no CoAP answer"); break;
      case COAP_NACK_RST: ex->finish(false, "CoAP reset"); break;
      default: ex->finish(false, "CoAP request not delivered"); break;
    }
  });
}

}  // namespace

struct UaClient::Impl {
  Impl(asio::io_context& context, UaSettings s) : io(context), settings(std::move(s)), epoll(context), tick(context) {}
  ~Impl() {
    epoll.release();  // libcoap owns the descriptor
    if (ctx) coap_free_context(ctx);
  }
  asio::io_context& io;
  const UaSettings settings;
  std::optional<coap_address_t> source;  // the local address of every session, when configured
  coap_context_t* ctx = nullptr;
  asio::posix::stream_descriptor epoll;
  asio::steady_timer tick;
  bool stopping = false;
};

namespace {

// libcoap handles at most a few events per call; Asio watches descriptors edge-triggered, so
// keep processing until libcoap's epoll descriptor has nothing ready, or no edge would come.
void drain(UaClient::Impl& impl) {
  pollfd p{impl.epoll.native_handle(), POLLIN, 0};
  for (int i = 0; i < 4096; ++i) {
    coap_io_process(impl.ctx, COAP_IO_NO_WAIT);
    if (poll(&p, 1, 0) <= 0) break;
  }
}

// libcoap's sockets and timers all feed its epoll descriptor: process whenever it is readable.
asio::awaitable<void> pump(std::shared_ptr<UaClient::Impl> impl) {
  while (!impl->stopping) {
    boost::system::error_code ec;
    co_await impl->epoll.async_wait(asio::posix::stream_descriptor::wait_read,
                                    asio::redirect_error(asio::use_awaitable, ec));
    if (impl->stopping) break;
    drain(*impl);
  }
}

// A backstop for libcoap's retransmission timers.
asio::awaitable<void> ticker(std::shared_ptr<UaClient::Impl> impl) {
  while (!impl->stopping) {
    impl->tick.expires_after(std::chrono::milliseconds(100));
    boost::system::error_code ec;
    co_await impl->tick.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    if (impl->stopping) break;
    drain(*impl);
  }
}

}  // namespace

UaClient::UaClient(asio::io_context& io, UaSettings settings) : impl_(std::make_shared<Impl>(io, std::move(settings))) {
  const std::string& source_address = impl_->settings.source_address;
  if (!source_address.empty()) {
    coap_address_t& a = impl_->source.emplace();
    coap_address_init(&a);
    a.addr.sin.sin_family = AF_INET;
    if (inet_pton(AF_INET, source_address.c_str(), &a.addr.sin.sin_addr) != 1) {
      throw std::runtime_error("not an IPv4 address: " + source_address);
    }
    a.size = sizeof(a.addr.sin);
  }
  coap_startup();
  coap_set_log_level(LOG_EMERG);  // failures are reported per exchange, not by libcoap's logger
  coap_dtls_set_log_level(LOG_EMERG);
  if (!coap_dtls_is_supported()) throw std::runtime_error("libcoap without DTLS");
  impl_->ctx = coap_new_context(nullptr);
  if (!impl_->ctx) throw std::runtime_error("libcoap context");
  const int fd = coap_context_get_coap_fd(impl_->ctx);
  if (fd < 0) throw std::runtime_error("libcoap without epoll");
  impl_->epoll.assign(fd);
  coap_register_event_handler(impl_->ctx, on_event);
  coap_register_response_handler(impl_->ctx, on_response);
  coap_register_nack_handler(impl_->ctx, on_nack);
  asio::co_spawn(io, pump(impl_), asio::detached);
  asio::co_spawn(io, ticker(impl_), asio::detached);
}

UaClient::~UaClient() {
  impl_->stopping = true;
  boost::system::error_code ec;
  impl_->epoll.cancel(ec);
  impl_->tick.cancel();
}

const UaSettings& UaClient::settings() const { return impl_->settings; }

asio::awaitable<UaResult> UaClient::exchange(const AsEndpoint& as, const std::string& guti, const Key256& ks_as,
                                             std::string_view payload) {
  const std::shared_ptr<Impl> impl = impl_;
  Exchange ex(impl->io);
  ex.started = Clock::now();

  coap_address_t dst;
  coap_address_init(&dst);
  dst.addr.sin.sin_family = AF_INET;
  dst.addr.sin.sin_port = htons(as.port);
  if (inet_pton(AF_INET, as.address.c_str(), &dst.addr.sin.sin_addr) != 1) {
    ex.result.failure = "not an IPv4 address: " + as.address;
    co_return ex.result;
  }
  dst.size = sizeof(dst.addr.sin);

  // Seed step 12: identity = GUTI, key = Ks_AS (libcoap copies both).
  coap_dtls_cpsk_t setup{};
  setup.version = COAP_DTLS_CPSK_SETUP_VERSION;
  setup.psk_info.identity.s = reinterpret_cast<const std::uint8_t*>(guti.data());
  setup.psk_info.identity.length = guti.size();
  setup.psk_info.key.s = ks_as.data();
  setup.psk_info.key.length = ks_as.size();
  coap_session_t* session =
      coap_new_client_session_psk2(impl->ctx, impl->source ? &*impl->source : nullptr, &dst, COAP_PROTO_DTLS, &setup);
  if (!session) {
    ex.result.failure = "cannot open a DTLS session";
    co_return ex.result;
  }
  coap_session_set_app_data(session, &ex);

  // Seed step 16: the Application Request, sent once the handshake is done.
  coap_pdu_t* pdu = coap_new_pdu(COAP_MESSAGE_CON, COAP_REQUEST_CODE_POST, session);
  if (pdu) {
    std::uint8_t token[8];
    std::size_t token_len = 0;
    coap_session_new_token(session, &token_len, token);
    coap_add_token(pdu, token_len, token);
    coap_add_option(pdu, COAP_OPTION_URI_PATH, 3, reinterpret_cast<const std::uint8_t*>("app"));
    coap_add_data(pdu, payload.size(), reinterpret_cast<const std::uint8_t*>(payload.data()));
    if (coap_send(session, pdu) == COAP_INVALID_MID) ex.finish(false, "cannot send the CoAP request");
  } else {
    ex.finish(false, "cannot build the CoAP request");
  }

  const auto deadline = ex.started + impl->settings.timeout;
  while (!ex.done) {
    if (Clock::now() >= deadline) {
      ex.finish(false, ex.connected == Clock::time_point{} ? "DTLS handshake timeout" : "no CoAP answer");
      break;
    }
    ex.signal.expires_at(deadline);
    boost::system::error_code ec;
    co_await ex.signal.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }
  coap_session_set_app_data(session, nullptr);
  coap_session_release(session);  // sends close_notify when established
  co_return ex.result;
}

}  // namespace iotboot::ue
