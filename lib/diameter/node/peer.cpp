// The peer state machine of RFC 6733 §5.6, reduced to what TCP needs: capabilities exchange,
// election when both ends connect at once (§5.6.4), disconnection, reconnection with backoff.
#include <utility>

#include <spdlog/spdlog.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/log_event.hpp"
#include "diameter/base/peer_messages.hpp"
#include "diameter/dictionary.hpp"
#include "diameter/node/node_impl.hpp"
#include "diameter/result_codes.hpp"

namespace iotboot::diameter {
namespace {

// "peer X open", with the peer, its address and the transport as fields (JSON log).
void log_peer_open(const std::string& self, const Peer& p, const Connection& c, std::string_view who) {
  const std::string remote = c.remote();
  const std::string transport = c.tls() ? c.tls_version() : std::string("TCP");
  logs::event(spdlog::level::info, "peer.open", {{"peer", p.config.host}, {"remote", remote}, {"transport", transport}},
              "[{}] peer {} open ({}, {}, {})", self, p.config.host, who, remote, transport);
}

template <bool Request>
base::CapabilitiesExchange<Request> capabilities(const Node::Impl& node) {
  base::CapabilitiesExchange<Request> m;
  m.origin_host = node.self.origin_host;
  m.origin_realm = node.self.origin_realm;
  base::IpAddress ip;
  boost::system::error_code ec;
  const tcp::acceptor& listening = node.acceptor->is_open() ? *node.acceptor : *node.tls_acceptor;
  const auto local = listening.is_open() ? listening.local_endpoint(ec) : tcp::endpoint();
  if (!ec && local.address().is_v6() && !local.address().is_unspecified()) {
    ip.family = 2;
    const auto b = local.address().to_v6().to_bytes();
    std::copy(b.begin(), b.end(), ip.bytes.begin());
  } else {
    const auto v4 = (!ec && local.address().is_v4() && !local.address().is_unspecified())
                        ? local.address().to_v4()
                        : asio::ip::address_v4::loopback();
    const auto b = v4.to_bytes();
    std::copy(b.begin(), b.end(), ip.bytes.begin());
  }
  m.host_ip_addresses.push_back(ip);
  m.vendor_id = kVendorIotboot;
  m.product_name = node.config.product_name;
  m.origin_state_id = node.origin_state_id;
  m.supported_vendor_ids = {kVendor3gpp, kVendorIotboot};
  for (std::uint32_t app : node.applications()) {
    if (const std::uint32_t vendor = application_vendor(app); vendor != 0) {
      m.vendor_specific_application_ids.push_back({vendor, app, std::nullopt});
    } else {
      m.auth_application_ids.push_back(app);
    }
  }
  return m;
}

void send_cea(Node::Impl& node, Connection& c, const MessageView& cer, std::uint32_t result_code,
              std::string_view error_message = {}) {
  base::Cea cea = capabilities<false>(node);
  cea.result_code = result_code;
  if (!error_message.empty()) cea.error_message = error_message;
  Writer w(c.out());
  cea.encode(w, cer.header().hop_by_hop, cer.header().end_to_end);
}

bool common_application(const std::vector<std::uint32_t>& theirs, const std::vector<std::uint32_t>& ours) {
  for (std::uint32_t a : theirs) {
    if (a == app::kRelay) return true;
    for (std::uint32_t b : ours) {
      if (a == b) return true;
    }
  }
  return false;
}

}  // namespace

bool Peer::serves(std::uint32_t app) const noexcept {
  for (std::uint32_t a : applications) {
    if (a == app || a == app::kRelay) return true;
  }
  return false;
}

void Node::Impl::send_cer(Connection& c) {
  Writer w(c.out());
  capabilities<true>(*this).encode(w, c.next_hop_by_hop(), next_end_to_end++);
}

void Node::Impl::send_dwr(Connection& c) {
  base::Dwr dwr;
  dwr.origin_host = self.origin_host;
  dwr.origin_realm = self.origin_realm;
  dwr.origin_state_id = origin_state_id;
  const std::uint32_t hbh = c.next_hop_by_hop();
  Writer w(c.out());
  dwr.encode(w, hbh, next_end_to_end++);
  c.pending().add(hbh, nullptr, Clock::now() + config.watchdog_interval);
  ++stats.dwr_sent;
}

void Node::Impl::on_cer(Connection& c, const MessageView& m) {
  if (c.role() != Connection::Role::responder || c.state() != Connection::State::wait_cer) {
    return c.close("unexpected CER");
  }
  auto cer = base::Cer::decode(m);
  if (!cer) {
    Writer w(c.out());
    write_error_answer(w, m, self, cer.error());
    return c.close_after_flush("invalid CER: " + cer.error().message);
  }
  Peer* p = find_peer(cer->origin_host);
  if (p == nullptr || p->config.realm != cer->origin_realm) {
    ++stats.peers_refused;
    spdlog::warn("[{}] CER from unknown peer {} ({}) refused", self.origin_host, cer->origin_host, c.remote());
    send_cea(*this, c, m, result::kUnknownPeer, "unknown peer");
    return c.close_after_flush("unknown peer");
  }
  if (p->config.pin_address && !c.remote_is(p->config.address)) {
    ++stats.peers_refused;
    spdlog::warn("[{}] CER from {} at {} refused: the peer is pinned to {}", self.origin_host, cer->origin_host,
                 c.remote(), p->config.address);
    send_cea(*this, c, m, result::kUnknownPeer, "unknown peer");
    return c.close_after_flush("peer not at its pinned address");
  }
  if (!transport_admits(c, *p, cer->origin_host)) {
    send_cea(*this, c, m, result::kUnknownPeer, "unknown peer");
    return c.close_after_flush("transport or certificate refused");
  }
  const std::vector<std::uint32_t> apps = cer->applications();
  if (!common_application(apps, applications())) {
    send_cea(*this, c, m, result::kNoCommonApplication, "no common application");
    return c.close_after_flush("no common application");
  }
  if (p->is_open()) {
    send_cea(*this, c, m, result::kUnableToComply, "already connected");
    return c.close_after_flush("peer already connected");
  }
  if (p->connecting) {
    // Election (RFC 6733 §5.6.4): the node whose Origin-Host is higher keeps the connection the
    // other one initiated.
    if (self.origin_host > cer->origin_host) {
      ++stats.elections_won;
      p->connecting->close("election won: keeping the peer's connection");
      p->connecting.reset();
    } else {
      ++stats.elections_lost;
      send_cea(*this, c, m, result::kElectionLost, "election lost");
      return c.close_after_flush("election lost: keeping our connection");
    }
  }
  c.set_peer(p);
  c.set_state(Connection::State::open);
  for (auto it = unattached.begin(); it != unattached.end(); ++it) {
    if (it->get() == &c) {
      p->open = *it;
      unattached.erase(it);
      break;
    }
  }
  p->applications = apps;
  send_cea(*this, c, m, result::kSuccess);
  log_peer_open(self.origin_host, *p, c, "it connected");
  p->notify();
}

void Node::Impl::on_cea(Connection& c, const MessageView& m) {
  if (c.role() != Connection::Role::initiator || c.state() != Connection::State::wait_cea) {
    return c.close("unexpected CEA");
  }
  Peer* p = c.peer();
  auto cea = base::Cea::decode(m);
  if (!cea) return c.close("invalid CEA: " + cea.error().message);
  if (*cea->result_code != result::kSuccess) {
    spdlog::warn("[{}] peer {} answered CER with {}", self.origin_host, p->config.host, *cea->result_code);
    return c.close("CER refused");
  }
  if (cea->origin_host != p->config.host) return c.close("CEA from another host than configured");
  if (!transport_admits(c, *p, cea->origin_host)) return c.close("transport or certificate refused");
  if (p->is_open()) return c.close("peer already open on its own connection");
  p->open = p->connecting;
  p->connecting.reset();
  p->applications = cea->applications();
  c.set_state(Connection::State::open);
  log_peer_open(self.origin_host, *p, c, "we connected");
  p->notify();
}

bool Node::Impl::transport_admits(Connection& c, const Peer& p, std::string_view origin_host) {
  if (!c.tls()) {
    if (p.config.transport != Transport::tls) return true;
    ++stats.peers_refused;
    spdlog::warn("[{}] {} at {} refused: the peer is configured for TLS and came over plaintext", self.origin_host,
                 p.config.host, c.remote());
    return false;
  }
  if (c.certificate_names(origin_host)) return true;
  ++stats.peers_refused;
  // Both names come from the network: the Origin-Host is a validated DiameterIdentity (printable
  // ASCII), the certificate's names are made printable.
  spdlog::warn("[{}] {} at {} refused: its Origin-Host is {} but its certificate names {}", self.origin_host,
               p.config.host, c.remote(), origin_host, c.certificate_dns_names());
  return false;
}

void Node::Impl::on_dpr(Connection& c, const MessageView& m) {
  base::Dpa dpa;
  dpa.result_code = result::kSuccess;
  dpa.origin_host = self.origin_host;
  dpa.origin_realm = self.origin_realm;
  Writer w(c.out());
  dpa.encode(w, m.header().hop_by_hop, m.header().end_to_end);
  c.close_after_flush("DPR received");
}

void Node::Impl::on_closed(Connection& c) {
  if (Peer* p = c.peer()) {
    if (p->open.get() == &c) p->open.reset();
    if (p->connecting.get() == &c) p->connecting.reset();
    p->notify();
  }
  for (auto it = unattached.begin(); it != unattached.end(); ++it) {
    if (it->get() == &c) {
      unattached.erase(it);
      break;
    }
  }
}

asio::awaitable<void> Node::Impl::connect_loop(Peer& peer) {
  boost::system::error_code ec;
  auto sleep = [&](std::chrono::milliseconds d) -> asio::awaitable<void> {
    peer.backoff_timer.expires_after(d);
    co_await peer.backoff_timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  };
  while (!stopping) {
    if (peer.is_open() || peer.connecting) {
      co_await peer.event.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      continue;
    }
    tcp::socket socket(io);
    const auto address = asio::ip::make_address(peer.config.address, ec);
    if (!ec)
      co_await socket.async_connect(tcp::endpoint(address, peer.config.port),
                                    asio::redirect_error(asio::use_awaitable, ec));
    if (stopping) break;
    if (!ec && !peer.is_open()) {
      auto c = std::make_shared<Connection>(shared_from_this(), std::move(socket), Connection::Role::initiator, &peer,
                                            peer.config.transport == Transport::tls ? tls.get() : nullptr);
      peer.connecting = c;
      c->start();
      send_cer(*c);
      c->flush();
      while (peer.connecting == c && !stopping) {
        co_await peer.event.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      }
      if (peer.open == c) {
        peer.backoff = std::chrono::milliseconds(0);
        while (peer.open == c && !stopping)
          co_await peer.event.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        if (stopping) break;
        co_await sleep(config.reconnect_min);
        continue;
      }
    }
    if (peer.is_open()) continue;
    peer.backoff = std::clamp(peer.backoff * 2, config.reconnect_min, config.reconnect_max);
    co_await sleep(peer.backoff);
  }
}

void Node::Impl::accepted(tcp::socket socket, net::Admission::Slot slot, bool over_tls) {
  if (stopping) return;
  auto c = std::make_shared<Connection>(shared_from_this(), std::move(socket), Connection::Role::responder, nullptr,
                                        over_tls ? tls.get() : nullptr);
  c->hold(std::move(slot));
  unattached.insert(c);
  c->start();
}

}  // namespace iotboot::diameter
