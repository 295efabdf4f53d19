#include "as/ua_server.hpp"

#include <arpa/inet.h>
#include <coap3/coap.h>
#include <openssl/ssl.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <cstring>
#include <optional>
#include <stdexcept>
#include <vector>

#include "core/c_callback.hpp"
#include "core/log_event.hpp"
#include "nas/identities.hpp"
#include "net/source_filter.hpp"

namespace iotboot::as {

struct UaServer::Coap {
  coap_context_t* ctx = nullptr;
  // The key handed to libcoap during the callback (it copies it): wiped right after.
  Key256 psk;
  coap_bin_const_t psk_bin{};
  UaServer* owner = nullptr;
  ~Coap() {
    if (ctx) coap_free_context(ctx);
  }
};

namespace {

// The client's IP address, without its port (a client may use many): what a fetch limit counts.
std::string client_address(coap_session_t* session) {
  const coap_address_t* a = coap_session_get_addr_remote(session);
  char text[INET6_ADDRSTRLEN] = "?";
  if (a && a->addr.sa.sa_family == AF_INET) inet_ntop(AF_INET, &a->addr.sin.sin_addr, text, sizeof text);
  if (a && a->addr.sa.sa_family == AF_INET6) inet_ntop(AF_INET6, &a->addr.sin6.sin6_addr, text, sizeof text);
  return text;
}

// The client's IPv4 address in host order (what a source ban filters), or nullopt.
std::optional<std::uint32_t> client_ipv4(coap_session_t* session) {
  const coap_address_t* a = coap_session_get_addr_remote(session);
  if (!a || a->addr.sa.sa_family != AF_INET) return std::nullopt;
  return ntohl(a->addr.sin.sin_addr.s_addr);
}

const coap_bin_const_t* validate_identity(coap_bin_const_t* identity, coap_session_t* session, void* arg) {
  return c_callback("[as] PSK identity", static_cast<const coap_bin_const_t*>(nullptr), [&] {
    auto* c = static_cast<UaServer::Coap*>(arg);
    return c->owner->lookup(identity ? ByteView(identity->s, identity->length) : ByteView(), session);
  });
}

int on_event(coap_session_t* session, const coap_event_t event) {
  return c_callback("[as] session event", 0, [&] {
    auto* self = static_cast<UaServer*>(coap_get_app_data(coap_session_get_context(session)));
    switch (event) {
      case COAP_EVENT_SERVER_SESSION_NEW: self->handshake_started(session); break;
      case COAP_EVENT_DTLS_CONNECTED: self->handshake_done(session, true); break;
      case COAP_EVENT_DTLS_CLOSED:
      case COAP_EVENT_DTLS_ERROR:
      case COAP_EVENT_SERVER_SESSION_DEL: self->handshake_done(session, false); break;
      default: break;
    }
    return 0;
  });
}

void on_post_app(coap_resource_t* r, coap_session_t* session, const coap_pdu_t* request, const coap_string_t*,
                 coap_pdu_t* response) {
  c_callback("[as] POST /app", [&] {
    coap_pdu_set_code(response, COAP_RESPONSE_CODE_INTERNAL_ERROR);  // unless the handler gets through
    static_cast<UaServer*>(coap_resource_get_userdata(r))->handle_app(session, request, response);
  });
}

// The session's PSK identity once the handshake has passed lookup(): a canonical GUTI text.
std::string session_guti(coap_session_t* session) {
  const coap_bin_const_t* id = coap_session_get_psk_identity(session);
  if (!id) return "?";
  const std::string_view text(reinterpret_cast<const char*>(id->s), id->length);
  return nas::Guti::parse(text) ? std::string(text) : std::string("?");
}

}  // namespace

UaServer::UaServer(const AsConfig& config, KeySource& keys)
    : config_(config), keys_(keys), coap_(std::make_unique<Coap>()), ban_(config.source_ban), metrics_(config.id) {
  coap_startup();
  coap_set_log_level(LOG_WARNING);
  if (!coap_dtls_is_supported()) throw std::runtime_error("libcoap without DTLS");
  coap_->owner = this;
  coap_->ctx = coap_new_context(nullptr);
  if (!coap_->ctx) throw std::runtime_error("libcoap context");
  coap_set_app_data(coap_->ctx, this);
  coap_register_event_handler(coap_->ctx, on_event);
  coap_context_set_max_handshake_sessions(coap_->ctx, config.max_handshakes);
  coap_context_set_session_timeout(coap_->ctx, static_cast<unsigned>(config.session_idle.count()));
  coap_dtls_spsk_t psk{};
  psk.version = COAP_DTLS_SPSK_SETUP_VERSION;
  psk.validate_id_call_back = validate_identity;
  psk.id_call_back_arg = coap_.get();
  if (!coap_context_set_psk2(coap_->ctx, &psk)) throw std::runtime_error("libcoap PSK setup");
  coap_address_t addr;
  coap_address_init(&addr);
  addr.addr.sin.sin_family = AF_INET;
  addr.addr.sin.sin_port = htons(config.coap_port);
  if (inet_pton(AF_INET, config.coap_address.c_str(), &addr.addr.sin.sin_addr) != 1) {
    throw std::runtime_error("as.coap.address: not an IPv4 address");
  }
  addr.size = sizeof(addr.addr.sin);
  coap_endpoint_t* ep = coap_new_endpoint(coap_->ctx, &addr, COAP_PROTO_DTLS);
  if (!ep)
    throw std::runtime_error("cannot listen on UDP " + config.coap_address + ":" + std::to_string(config.coap_port));
  port_ = config.coap_port;
  // A receive buffer for bursts of handshakes: the default drops datagrams while this thread
  // is busy with a key fetch, and the UEs then wait for DTLS retransmissions.
  endpoint_fd_ = net::bound_udp_socket(port_);
  if (endpoint_fd_ < 0)
    throw std::runtime_error("libcoap's UDP socket on port " + std::to_string(port_) + " not found");
  const int receive_buffer = 4 << 20;
  setsockopt(endpoint_fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof(receive_buffer));
  coap_resource_t* app = coap_resource_init(coap_make_str_const("app"), 0);
  coap_register_handler(app, COAP_REQUEST_POST, on_post_app);
  coap_resource_set_userdata(app, this);
  coap_add_resource(coap_->ctx, app);
}

UaServer::~UaServer() { stop(); }

const coap_bin_const_t* UaServer::lookup(ByteView identity, coap_session_t* session) {
  // Anything a client sends arrives here: only a canonical GUTI text goes further. The raw
  // identity is neither logged nor passed on (it may be any bytes, of any length).
  const std::string_view text(reinterpret_cast<const char*>(identity.data()), identity.size());
  if (identity.size() > nas::Guti::kMaxTextSize || !nas::Guti::parse(text)) {
    logs::event(spdlog::level::debug, "handshake.refused",
                {{"identity_bytes", identity.size()}, {"peer", client_address(session)}},
                "[as {}] DTLS PSK identity of {} bytes is not a canonical GUTI: refused", config_.id, identity.size());
    metrics_.refused_identity();
    count_refusal(session, true);
    return nullptr;
  }
  const std::string guti(text);
  // Seed step 13: the GUTI is the PSK identity; the SCEF gives Ks_AS for it.
  KeyLookup found = keys_.ks_as(guti, client_address(session));
  if (!found.key) {  // unknown to the SCEF, over the fetch limit, or no SCEF: the handshake fails with an alert
    metrics_.no_key();
    count_refusal(session, found.miss != KeyLookup::Miss::unavailable);
    return nullptr;
  }
  const auto now = std::chrono::steady_clock::now();
  pending_[session] = Pending{now, now + config_.handshake_timeout, guti};
  if (!session_cache_off_) {
    // Every UE handshakes once with a fresh PSK: OpenSSL's session cache would only grow and
    // be swept (a walk of every cached session each 255 handshakes).
    coap_tls_library_t lib{};
    if (auto* ssl = static_cast<SSL*>(coap_session_get_tls(session, &lib)); ssl && lib == COAP_TLS_LIBRARY_OPENSSL) {
      SSL_CTX_set_session_cache_mode(SSL_get_SSL_CTX(ssl), SSL_SESS_CACHE_OFF);
      session_cache_off_ = true;
    }
  }
  coap_->psk = *found.key;
  coap_->psk_bin.s = coap_->psk.data();
  coap_->psk_bin.length = coap_->psk.size();
  return &coap_->psk_bin;
}

void UaServer::count_refusal(coap_session_t* session, bool clients_doing) {
  ++refused_identities_;
  if (!clients_doing) return;  // an outage of the SCEF bans nobody
  const std::optional<std::uint32_t> ipv4 = client_ipv4(session);
  if (!ipv4 || !ban_.refused(*ipv4, std::chrono::steady_clock::now())) return;
  banned(
      session, "refusals",
      fmt::format("refused {} handshakes within {} s", config_.source_ban.refusals, config_.source_ban.window.count()));
}

void UaServer::banned(coap_session_t* session, std::string_view reason, const std::string& why) {
  ++source_bans_;
  const std::string peer = client_address(session);
  logs::event(spdlog::level::warn, "source.banned", {{"peer", peer}, {"reason", reason}},
              "[as {}] {} {}: its datagrams are dropped for {} s", config_.id, peer, why,
              config_.source_ban.ban.count());
  apply_bans();
}

void UaServer::apply_bans() {
  const std::vector<std::uint32_t> banned = ban_.banned();
  if (const std::string error = net::drop_sources(endpoint_fd_, banned); !error.empty()) {
    spdlog::error("[as {}] cannot filter {} banned addresses: {}", config_.id, banned.size(), error);
  }
}

void UaServer::handle_app(coap_session_t* session, const coap_pdu_t* request, coap_pdu_t* response) {
  ++requests_;
  std::size_t len = 0;
  const std::uint8_t* data = nullptr;
  coap_get_data(request, &len, &data);
  const std::string guti = session_guti(session);
  // Seed step 16: the Application Response, inside the session keyed with Ks_AS.
  std::string body = "as=" + config_.id + " guti=" + guti + " received=";
  body.append(reinterpret_cast<const char*>(data ? data : reinterpret_cast<const std::uint8_t*>("")), len);
  spdlog::debug("[as {}] POST /app from {} ({} bytes)", config_.id, guti, len);
  coap_pdu_set_code(response, COAP_RESPONSE_CODE_CHANGED);
  coap_add_data(response, body.size(), reinterpret_cast<const std::uint8_t*>(body.data()));
}

void UaServer::handshake_started(coap_session_t* session) {
  const std::optional<std::uint32_t> ipv4 = client_ipv4(session);
  if (!ipv4 || !ban_.handshake_started(session, *ipv4, std::chrono::steady_clock::now())) return;
  banned(session, "handshakes_in_progress",
         fmt::format("holds more than {} handshakes in progress", config_.source_ban.handshakes_in_progress));
}

void UaServer::handshake_done(coap_session_t* session, bool connected) {
  ban_.handshake_ended(session);
  const auto it = pending_.find(session);
  if (it == pending_.end()) return;
  logs::event(spdlog::level::debug, connected ? "handshake.done" : "handshake.failed",
              {{"guti", it->second.guti}, {"peer", client_address(session)}}, "[as {}] DTLS handshake for {} {}",
              config_.id, it->second.guti, connected ? "done" : "failed");
  if (connected) {
    ++handshakes_;
    metrics_.completed(std::chrono::duration<double>(std::chrono::steady_clock::now() - it->second.began).count());
  } else {
    ++failed_handshakes_;
    metrics_.failed();
  }
  pending_.erase(it);
}

void UaServer::drop_stalled_handshakes() {
  const auto now = std::chrono::steady_clock::now();
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (it->second.deadline > now) {
      ++it;
      continue;
    }
    coap_session_t* session = it->first;
    logs::event(spdlog::level::warn, "handshake.timeout",
                {{"guti", it->second.guti}, {"peer", client_address(session)}},
                "[as {}] DTLS handshake for {} not finished within {} ms (wrong key?): dropped", config_.id,
                it->second.guti, config_.handshake_timeout.count());
    it = pending_.erase(it);
    ++failed_handshakes_;
    metrics_.timed_out();
    coap_session_disconnected(session, COAP_NACK_TLS_FAILED);  // freed by libcoap's next pass
  }
}

void UaServer::start() {
  thread_ = std::thread([this] { run(); });
}

void UaServer::stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

void UaServer::run() {
  while (!stopping_) {
    coap_io_process(coap_->ctx, 100);
    secure_wipe(coap_->psk.data(), coap_->psk.size());  // libcoap copied it
    if (!pending_.empty()) drop_stalled_handshakes();
    if (ban_.lift_expired(std::chrono::steady_clock::now())) {
      spdlog::info("[as {}] bans run out: {} addresses still banned", config_.id, ban_.banned().size());
      apply_bans();
    }
  }
}

}  // namespace iotboot::as
