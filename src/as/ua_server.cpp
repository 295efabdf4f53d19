#include "as/ua_server.hpp"

#include <arpa/inet.h>
#include <coap3/coap.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <spdlog/spdlog.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include <cstring>
#include <optional>
#include <stdexcept>
#include <vector>

#include "as/coap_http_mapping.hpp"
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
      case COAP_EVENT_DTLS_ERROR: self->handshake_done(session, false); break;
      case COAP_EVENT_SERVER_SESSION_DEL:
        self->handshake_done(session, false);
        self->session_closed(session);
        break;
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

void on_forward(coap_resource_t* r, coap_session_t* session, const coap_pdu_t* request, const coap_string_t* query,
                coap_pdu_t* response) {
  c_callback("[as] gateway request", [&] {
    coap_pdu_set_code(response, COAP_RESPONSE_CODE_INTERNAL_ERROR);  // unless the handler gets through
    static_cast<UaServer*>(coap_resource_get_userdata(r))->forward(r, session, request, query, response);
  });
}

void release_body(coap_session_t*, void* body) { delete static_cast<std::string*>(body); }

// The values of every option `number` of a request, in order.
std::vector<std::string> option_values(const coap_pdu_t* pdu, std::uint16_t number) {
  std::vector<std::string> out;
  coap_opt_filter_t filter;
  coap_option_filter_clear(&filter);
  coap_option_filter_set(&filter, number);
  coap_opt_iterator_t it;
  coap_option_iterator_init(pdu, &it, &filter);
  while (coap_opt_t* opt = coap_option_next(&it)) {
    out.emplace_back(reinterpret_cast<const char*>(coap_opt_value(opt)), coap_opt_length(opt));
  }
  return out;
}

std::optional<unsigned> uint_option(const coap_pdu_t* pdu, std::uint16_t number) {
  coap_opt_iterator_t it;
  const coap_opt_t* opt = coap_check_option(pdu, number, &it);
  if (!opt) return std::nullopt;
  return coap_decode_var_bytes(coap_opt_value(opt), coap_opt_length(opt));
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
  coap_set_log_level(std::getenv("IOTBOOT_COAP_DEBUG") ? LOG_DEBUG : LOG_WARNING);
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
  // Bodies larger than one datagram travel block-wise (RFC 7959): libcoap reassembles a
  // request before the handler sees it, and splits a large response.
  coap_context_set_block_mode(coap_->ctx, COAP_BLOCK_USE_LIBCOAP | COAP_BLOCK_SINGLE_BODY);
  if (config.upstream) {
    // Every path and method goes to the backend (/.well-known/core stays libcoap's own).
    upstream_ = std::make_unique<UpstreamClient>(*config.upstream);
    wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (wake_fd_ < 0) throw std::runtime_error("eventfd: " + std::string(std::strerror(errno)));
    coap_resource_t* any = coap_resource_unknown_init2(on_forward, 0);
    for (coap_request_t m : {COAP_REQUEST_GET, COAP_REQUEST_POST, COAP_REQUEST_DELETE, COAP_REQUEST_FETCH,
                             COAP_REQUEST_PATCH, COAP_REQUEST_IPATCH}) {
      coap_register_request_handler(any, m, on_forward);
    }
    coap_resource_set_userdata(any, this);
    coap_add_resource(coap_->ctx, any);
    return;
  }
  coap_resource_t* app = coap_resource_init(coap_make_str_const("app"), 0);
  coap_register_handler(app, COAP_REQUEST_POST, on_post_app);
  coap_resource_set_userdata(app, this);
  coap_add_resource(coap_->ctx, app);
}

UaServer::~UaServer() {
  stop();
  upstream_.reset();  // its thread ends: no answer arrives after this
  if (wake_fd_ >= 0) ::close(wake_fd_);
}

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
  pending_[session] = Pending{now, now + config_.handshake_timeout, guti, found.cached};
  peers_[session] = Peer{guti, found.device};
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

void UaServer::session_closed(coap_session_t* session) { peers_.erase(session); }

// One device request waiting for the backend's answer: what the answer needs to be sent
// piggybacked on the request's ACK (its message id and token), and what libcoap needs to
// serve the later blocks of a long answer (a request with the same method and options).
struct UaServer::Forward {
  coap_session_t* session = nullptr;  // referenced until the answer is sent
  coap_resource_t* resource = nullptr;
  coap_pdu_t* request = nullptr;  // ours: method, token and Block2 of the device's request
  coap_pdu_type_t type = COAP_MESSAGE_CON;
  coap_mid_t mid = 0;
  std::string token, query, guti;
  CoapMethod method = CoapMethod::get;
  ~Forward() {
    if (request) coap_delete_pdu(request);
    if (session) coap_session_release(session);
  }
};

// The device's request waits for the backend without an empty ACK: the answer goes back
// piggybacked on the ACK (or, should the backend take longer than the device's ACK_TIMEOUT, on
// the ACK of its retransmission, which is dropped meanwhile). A separate response would do for
// a short answer, but libcoap's clients before 4.3.5 ask for no second block after one (libcoap
// issue 1595), so long answers would stop at their first block.
void UaServer::forward(coap_resource_t* resource, coap_session_t* session, const coap_pdu_t* request,
                       const coap_string_t* query, coap_pdu_t* response) {
  const coap_bin_const_t token = coap_pdu_get_token(request);
  const std::string token_text(reinterpret_cast<const char*>(token.s), token.length);
  const auto peer = peers_.find(session);
  const std::string guti = peer != peers_.end() ? peer->second.guti : std::string();
  std::size_t of_device = 0;  // its requests waiting, over all its sessions
  for (const auto& [id, f] : forwards_) {
    if (f->session == session && f->token == token_text) {  // a retransmission while waiting
      coap_pdu_set_code(response, COAP_EMPTY_CODE);
      coap_pdu_set_type(response, COAP_MESSAGE_NON);  // nothing is sent
      return;
    }
    of_device += f->guti == guti;
  }
  ++requests_;
  // Bounded work for the backend: a device (or all of them) past its share waits and retries.
  if (of_device >= config_.upstream->max_pending_per_device || forwards_.size() >= config_.upstream->max_pending) {
    ++forwards_refused_;
    logs::event(spdlog::level::debug, "gateway.busy", {{"guti", guti}},
                "[as {}] {} requests of {} wait for the backend ({} in all): 5.03", config_.id, of_device, guti,
                forwards_.size());
    coap_pdu_set_code(response, COAP_RESPONSE_CODE_SERVICE_UNAVAILABLE);
    return;
  }
  const auto method = static_cast<CoapMethod>(coap_pdu_get_code(request));
  const std::optional<std::string_view> verb = http_method(method);
  if (!verb) {
    coap_pdu_set_code(response, COAP_RESPONSE_CODE_NOT_ALLOWED);
    return;
  }
  std::size_t length = 0, offset = 0, total = 0;
  const std::uint8_t* data = nullptr;
  coap_get_data_large(request, &length, &data, &offset, &total);
  if (length > config_.upstream->max_body) {
    coap_pdu_set_code(response, COAP_RESPONSE_CODE_REQUEST_TOO_LARGE);
    return;
  }
  UpstreamRequest req;
  req.method = std::string(*verb);
  req.target = http_target(config_.upstream->url.base_path, option_values(request, COAP_OPTION_URI_PATH),
                           option_values(request, COAP_OPTION_URI_QUERY));
  if (const auto f = uint_option(request, COAP_OPTION_CONTENT_FORMAT)) {
    req.content_type = std::string(media_type(*f).value_or("application/octet-stream"));
  } else if (length > 0) {
    req.content_type = "application/octet-stream";
  }
  if (const auto f = uint_option(request, COAP_OPTION_ACCEPT)) {
    req.accept = std::string(media_type(*f).value_or("*/*"));
  }
  if (data) req.body.assign(reinterpret_cast<const char*>(data), length);
  // Who is asking: checked when the session's key was fetched, so safe in a header.
  req.headers.emplace_back("Iotboot-As-Id", config_.id);
  if (peer != peers_.end()) {
    req.headers.emplace_back("Iotboot-Guti", peer->second.guti);
    if (!peer->second.device.id.empty()) {
      req.headers.emplace_back("Iotboot-Device-Id", peer->second.device.id);
      req.headers.emplace_back("Iotboot-Device-Id-Type", peer->second.device.type);
    }
  }
  req.headers.emplace_back("Forwarded", "for=\"" + client_address(session) + "\";proto=coaps");

  auto f = std::make_unique<Forward>();
  f->type = coap_pdu_get_type(request);
  f->mid = coap_pdu_get_mid(request);
  f->token = token_text;
  f->guti = guti;
  f->query = query ? std::string(reinterpret_cast<const char*>(query->s), query->length) : std::string();
  f->method = method;
  f->resource = resource;
  f->request = coap_pdu_init(COAP_MESSAGE_CON, coap_pdu_get_code(request), f->mid, coap_session_max_pdu_size(session));
  if (!f->request || !coap_add_token(f->request, token.length, token.s)) {
    coap_pdu_set_code(response, COAP_RESPONSE_CODE_SERVICE_UNAVAILABLE);
    return;
  }
  f->session = coap_session_reference(session);
  const std::uint64_t id = ++next_forward_;
  forwards_.emplace(id, std::move(f));
  coap_pdu_set_code(response, COAP_EMPTY_CODE);
  coap_pdu_set_type(response, COAP_MESSAGE_NON);  // no empty ACK: the answer comes piggybacked
  upstream_->send(std::move(req), [this, id](UpstreamResponse r) {
    {
      std::lock_guard lock(answers_mutex_);
      answers_.emplace_back(id, std::move(r));
    }
    const std::uint64_t one = 1;
    [[maybe_unused]] const ssize_t n = ::write(wake_fd_, &one, sizeof one);
  });
}

void UaServer::answer(Forward& f, UpstreamResponse& a) {
  std::uint8_t code = 0;
  switch (a.failure) {
    case UpstreamResponse::Failure::none: code = coap_code(a.status, f.method); break;
    case UpstreamResponse::Failure::timeout: code = COAP_RESPONSE_CODE(504); break;
    default: code = COAP_RESPONSE_CODE(502); break;
  }
  const std::string guti = session_guti(f.session);
  if (a.failure != UpstreamResponse::Failure::none) {
    logs::event(spdlog::level::warn, "gateway.failed", {{"guti", guti}, {"why", a.why}},
                "[as {}] upstream: {} for {}: {}", config_.id, coap_code_text(code), guti, a.why);
  }
  const bool confirmable = f.type == COAP_MESSAGE_CON;
  coap_pdu_t* pdu =
      coap_pdu_init(confirmable ? COAP_MESSAGE_ACK : COAP_MESSAGE_NON, static_cast<coap_pdu_code_t>(code),
                    confirmable ? f.mid : coap_new_message_id(f.session), coap_session_max_pdu_size(f.session));
  if (!pdu) return;
  coap_add_token(pdu, f.token.size(), reinterpret_cast<const std::uint8_t*>(f.token.data()));
  if (!a.body.empty()) {
    // libcoap keeps the body for the later blocks and frees it with release_body (also when it
    // fails); a long answer goes block-wise (RFC 7959).
    const unsigned format = content_format(a.content_type).value_or(42);  // application/octet-stream
    auto* body = new std::string(std::move(a.body));
    coap_string_t query{f.query.size(), reinterpret_cast<std::uint8_t*>(f.query.data())};
    if (!coap_add_data_large_response(f.resource, f.session, f.request, pdu, f.query.empty() ? nullptr : &query,
                                      static_cast<std::uint16_t>(format), -1, 0, body->size(),
                                      reinterpret_cast<const std::uint8_t*>(body->data()), release_body, body)) {
      coap_pdu_set_code(pdu, COAP_RESPONSE_CODE_INTERNAL_ERROR);
    }
  }
  coap_send(f.session, pdu);  // takes the PDU
  ++forwarded_;
}

void UaServer::deliver_upstream_answers() {
  std::uint64_t count = 0;
  [[maybe_unused]] const ssize_t n = ::read(wake_fd_, &count, sizeof count);
  std::vector<std::pair<std::uint64_t, UpstreamResponse>> ready;
  {
    std::lock_guard lock(answers_mutex_);
    ready.swap(answers_);
  }
  for (auto& [id, a] : ready) {
    const auto it = forwards_.find(id);
    if (it == forwards_.end()) continue;
    answer(*it->second, a);
    forwards_.erase(it);
  }
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
    // A cached key may be an earlier UE's under a GUTI given again: the client's next
    // handshake gets the SCEF's key.
    if (it->second.cached_key) keys_.stale(it->second.guti);
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
  // Gateway: libcoap's epoll descriptor and the upstream answers' eventfd, watched together.
  pollfd watched[2] = {{coap_context_get_coap_fd(coap_->ctx), POLLIN, 0}, {wake_fd_, POLLIN, 0}};
  while (!stopping_) {
    if (upstream_) {
      poll(watched, 2, 100);
      if (watched[1].revents & POLLIN) deliver_upstream_answers();
      coap_io_process(coap_->ctx, COAP_IO_NO_WAIT);
    } else {
      coap_io_process(coap_->ctx, 100);
    }
    secure_wipe(coap_->psk.data(), coap_->psk.size());  // libcoap copied it
    if (!pending_.empty()) drop_stalled_handshakes();
    if (ban_.lift_expired(std::chrono::steady_clock::now())) {
      spdlog::info("[as {}] bans run out: {} addresses still banned", config_.id, ban_.banned().size());
      apply_bans();
    }
  }
}

}  // namespace iotboot::as
