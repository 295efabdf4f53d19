#include "topology/network.hpp"

#include <fstream>
#include <optional>
#include <stdexcept>

#include "net/free_port.hpp"

namespace iotboot::topology {
namespace {

// "hss.iotboot.test", then "hss2.iotboot.test", ...
std::string numbered(const std::string& name, std::size_t n, const std::string& domain) {
  return name + (n == 0 ? "" : std::to_string(n + 1)) + "." + domain;
}

YAML::Node flow_list(const std::vector<std::string>& items) {
  YAML::Node list(YAML::NodeType::Sequence);
  for (const std::string& s : items) list.push_back(s);
  list.SetStyle(YAML::EmitterStyle::Flow);
  return list;
}

YAML::Node peer(const std::string& host, const std::string& realm, const std::string& address) {
  YAML::Node p;
  p["host"] = host;
  p["realm"] = realm;
  p["address"] = address;
  return p;
}

// A peer that connects to us: accepted from its address only, for these requests only.
YAML::Node accepted_peer(const std::string& host, const std::string& realm, const std::string& address,
                         const std::vector<std::string>& requests) {
  YAML::Node p = peer(host, realm, address);
  p["connect"] = false;
  p["pin_address"] = true;
  p["requests"] = flow_list(requests);
  return p;
}

YAML::Node connected_peer(const std::string& host, const std::string& realm, const std::string& address,
                          std::uint16_t port, const std::vector<std::string>& requests = {}) {
  YAML::Node p = peer(host, realm, address);
  p["port"] = port;
  if (!requests.empty()) p["requests"] = flow_list(requests);
  return p;
}

// The document's `diameter:` section: the node's identity and, unless it only connects, where
// it listens.
YAML::Node diameter_node(YAML::Node& doc, const std::string& host, const std::string& realm, const std::string& address,
                         std::optional<std::uint16_t> listen_port) {
  YAML::Node d = doc["diameter"];
  d["origin_host"] = host;
  d["origin_realm"] = realm;
  if (listen_port) {
    d["listen"]["address"] = address;
    d["listen"]["port"] = *listen_port;
  }
  return d;
}

// Diameter over TLS for the `diameter:` section d of the node `host`: its certificate, its
// listener on the same port for TLS, every peer reached and accepted over TLS only.
void use_diameter_tls(YAML::Node d, const std::string& host, const std::filesystem::path& certs) {
  d["tls"]["certificate"] = (certs / (host + ".pem")).string();
  d["tls"]["private_key"] = (certs / (host + ".key")).string();
  d["tls"]["ca"] = (certs / "ca.pem").string();
  if (d["listen"]) {
    d["listen"]["tls_port"] = d["listen"]["port"].as<std::uint16_t>();
    d["listen"].remove("port");
  }
  for (YAML::Node p : d["peers"]) p["transport"] = "tls";
}

// The `log:` section; the format only when it is not the default (config/*.yaml say text by
// omitting it).
YAML::Node with_log(const std::string& level, const std::string& format = "text") {
  YAML::Node doc;
  doc["log"]["level"] = level;
  if (format != "text") doc["log"]["format"] = format;
  return doc;
}

// The NF's operations listener (/metrics, /healthz, /readyz).
void with_metrics(YAML::Node& doc, const std::string& address, std::uint16_t port) {
  doc["metrics"]["address"] = address;
  doc["metrics"]["port"] = port;
}

template <typename T>
const T& at(const std::vector<T>& nodes, std::size_t i, const char* what) {
  if (i >= nodes.size())
    throw std::out_of_range(std::string("the lab network has no ") + what + " #" + std::to_string(i + 1));
  return nodes[i];
}

}  // namespace

Network::PortSource Network::standard_ports() {
  return [](Protocol, std::uint16_t standard) { return standard; };
}

Network::PortSource Network::free_ports() {
  return [](Protocol p, std::uint16_t) { return p == Protocol::udp ? net::free_udp_port() : net::free_tcp_port(); };
}

Network::Network(std::filesystem::path d, PortSource ports) : dir(std::move(d)), ports_(std::move(ports)) {}

Network Network::standard(std::filesystem::path dir, PortSource ports) {
  Network n(std::move(dir), std::move(ports));
  n.add_hss();
  n.add_scef();
  n.add_mme();
  n.add_as();
  n.add_as();
  return n;
}

void Network::add_pools(std::size_t hss_count, std::size_t scef_count, std::size_t mme_count, std::size_t as_count,
                        std::size_t as_instances) {
  for (std::size_t i = 0; i < hss_count; ++i) add_hss();
  for (std::size_t i = 0; i < scef_count; ++i) add_scef();
  for (std::size_t i = 0; i < mme_count; ++i) add_mme();
  for (std::size_t i = 0; i < as_count; ++i) add_as();
  for (std::size_t k = 1; k < as_instances; ++k) {
    for (std::size_t i = 0; i < as_count; ++i) add_as_instance(i);
  }
}

HssNode& Network::add_hss() {
  const std::size_t i = hss.size();
  hss.push_back({numbered("hss", i, realm), ports_(Protocol::tcp, static_cast<std::uint16_t>(3868 + 2 * i)),
                 i == 0 ? "hss.db" : "hss" + std::to_string(i + 1) + ".db",
                 ports_(Protocol::tcp, static_cast<std::uint16_t>(9110 + i))});
  return hss.back();
}

ScefNode& Network::add_scef() {
  const std::size_t i = scef.size();
  scef.push_back({numbered("scef", i, realm), ports_(Protocol::tcp, static_cast<std::uint16_t>(3869 + 2 * i)),
                  ports_(Protocol::tcp, static_cast<std::uint16_t>(8443 + i)),
                  i == 0 ? "scef.db" : "scef" + std::to_string(i + 1) + ".db",
                  ports_(Protocol::tcp, static_cast<std::uint16_t>(9120 + i))});
  return scef.back();
}

MmeNode& Network::add_mme() {
  const std::size_t i = mme.size();
  mme.push_back({numbered("mme", i, realm), ports_(Protocol::tcp, static_cast<std::uint16_t>(36412 + i)),
                 ports_(Protocol::tcp, static_cast<std::uint16_t>(9130 + i))});
  return mme.back();
}

AsNode& Network::add_as() {
  std::size_t ids = 0;
  for (const AsNode& a : as) ids += a.instance == 0;
  as.push_back({"as" + std::to_string(ids + 1) + ".example.com",
                ports_(Protocol::udp, static_cast<std::uint16_t>(5684 + as.size())), 0,
                ports_(Protocol::tcp, static_cast<std::uint16_t>(9140 + as.size()))});
  return as.back();
}

AsNode& Network::add_as_instance(std::size_t of) {
  const AsNode first = at(as, of, "AS");
  std::size_t instances = 0;
  for (const AsNode& a : as) instances += a.id == first.id;
  as.push_back({first.id, ports_(Protocol::udp, static_cast<std::uint16_t>(5684 + as.size())), instances,
                ports_(Protocol::tcp, static_cast<std::uint16_t>(9140 + as.size()))});
  return as.back();
}

std::vector<std::string> Network::as_ids() const {
  std::vector<std::string> ids;
  for (const AsNode& a : as) {
    if (a.instance == 0) ids.push_back(a.id);
  }
  return ids;
}

std::vector<std::string> Network::diameter_ids() const {
  std::vector<std::string> ids;
  for (const HssNode& h : hss) ids.push_back(h.host);
  for (const ScefNode& s : scef) ids.push_back(s.host);
  for (const MmeNode& m : mme) ids.push_back(m.host);
  return ids;
}

std::string Network::store(const std::string& file) const {
  return postgres.empty() ? "sqlite:" + db(file).string() : postgres;
}

std::string Network::hss_store(std::size_t i) const { return store(at(hss, i, "HSS").db); }

YAML::Node Network::hss_config(std::size_t i) const {
  const HssNode& h = at(hss, i, "HSS");
  YAML::Node doc = with_log(log_level, log_format);
  with_metrics(doc, address, h.metrics_port);
  doc["hss"]["store"] = store(h.db);
  doc["hss"]["durability"] = durability;
  if (!kek_file.empty()) doc["hss"]["key_encryption"]["kek_file"] = kek_file.string();
  // One SCEF by its name; a pool by its realm (any open SCEF of it: they share one store).
  if (scef.size() == 1) doc["hss"]["bootstrap"]["scef_id"] = scef.front().host;
  if (!scef.empty()) doc["hss"]["bootstrap"]["scef_realm"] = realm;
  YAML::Node d = diameter_node(doc, h.host, realm, address, h.port);
  for (const MmeNode& m : mme) d["peers"].push_back(accepted_peer(m.host, realm, address, {"s6a"}));
  for (const ScefNode& s : scef) d["peers"].push_back(connected_peer(s.host, realm, address, s.port));
  if (diameter_tls) use_diameter_tls(d, h.host, certs());
  return doc;
}

YAML::Node Network::scef_config(std::size_t i) const {
  const ScefNode& s = at(scef, i, "SCEF");
  YAML::Node doc = with_log(log_level, log_format);
  with_metrics(doc, address, s.metrics_port);
  doc["scef"]["store"] = store(s.db);
  doc["scef"]["durability"] = durability;
  if (!kek_file.empty()) doc["scef"]["key_encryption"]["kek_file"] = kek_file.string();
  YAML::Node api = doc["scef"]["key_api"];
  api["address"] = address;
  api["port"] = s.key_api_port;
  api["certificate"] = (certs() / "scef.pem").string();
  api["private_key"] = (certs() / "scef.key").string();
  api["ca"] = (certs() / "ca.pem").string();
  api["allowed_as"] = flow_list(as_ids());
  if (!device_id_secret_file.empty()) api["device_id_secret_file"] = device_id_secret_file.string();
  // Pull mode: each MME by the GUMMEI its GUTIs carry (mme_config() numbers the codes).
  for (std::size_t m = 0; m < mme.size(); ++m) {
    YAML::Node route;
    route["plmn"] = "00101";
    route["mme_group_id"] = 0x8001;
    route["mme_code"] = m + 1;
    route["host"] = mme[m].host;
    route.SetStyle(YAML::EmitterStyle::Flow);
    doc["scef"]["mmes"].push_back(route);
  }
  YAML::Node d = diameter_node(doc, s.host, realm, address, s.port);
  for (const HssNode& h : hss) d["peers"].push_back(accepted_peer(h.host, realm, address, {"s6t"}));
  for (const MmeNode& m : mme) d["peers"].push_back(accepted_peer(m.host, realm, address, {"t6a"}));
  if (diameter_tls) use_diameter_tls(d, s.host, certs());
  return doc;
}

YAML::Node Network::mme_config(std::size_t i) const {
  const MmeNode& m = at(mme, i, "MME");
  YAML::Node doc = with_log(log_level, log_format);
  with_metrics(doc, address, m.metrics_port);
  doc["mme"]["mme_code"] = i + 1;
  doc["mme"]["s1"]["address"] = address;
  doc["mme"]["s1"]["port"] = m.s1_port;
  YAML::Node d = diameter_node(doc, m.host, realm, address, std::nullopt);
  for (const HssNode& h : hss) d["peers"].push_back(connected_peer(h.host, realm, address, h.port));
  // Pull mode: the SCEF asks this MME for Ks over the connection the MME opened.
  for (const ScefNode& s : scef) d["peers"].push_back(connected_peer(s.host, realm, address, s.port, {"t6a:cir"}));
  if (diameter_tls) use_diameter_tls(d, m.host, certs());
  return doc;
}

YAML::Node Network::as_config(std::size_t i) const {
  const AsNode& a = at(as, i, "AS");
  at(scef, 0, "SCEF");
  YAML::Node doc = with_log(log_level, log_format);
  with_metrics(doc, address, a.metrics_port);
  YAML::Node c = doc["as"];
  c["id"] = a.id;
  c["coap"]["address"] = address;
  c["coap"]["port"] = a.port;
  // Every SCEF's Key API (one map for one SCEF, a list for a pool), this AS's turn first.
  for (std::size_t k = 0; k < scef.size(); ++k) {
    const ScefNode& s = scef[(i + k) % scef.size()];
    YAML::Node e;
    e["address"] = address;
    e["port"] = s.key_api_port;
    e["host"] = scef.front().host;  // every SCEF of the lab presents certs/scef.pem
    if (scef.size() == 1) {
      c["scef"] = e;
    } else {
      e.SetStyle(YAML::EmitterStyle::Flow);
      c["scef"].push_back(e);
    }
  }
  c["certificate"] = (certs() / (a.id + ".pem")).string();
  c["private_key"] = (certs() / (a.id + ".key")).string();
  c["ca"] = (certs() / "ca.pem").string();
  return doc;
}

YAML::Node Network::ue_config() const {
  at(mme, 0, "MME");
  YAML::Node doc = with_log(ue_log_level);
  // One MME by its address; a pool with each one's code, for the UE's NAS node selection.
  for (std::size_t i = 0; i < mme.size(); ++i) {
    YAML::Node m;
    m["address"] = address;
    m["port"] = mme[i].s1_port;
    if (mme.size() == 1) {
      doc["ue"]["mme"] = m;
    } else {
      m["mme_code"] = i + 1;
      m.SetStyle(YAML::EmitterStyle::Flow);
      doc["ue"]["mmes"].push_back(m);
    }
  }
  // Each AS once, with the endpoints of its instances when it has several.
  for (const std::string& id : as_ids()) {
    YAML::Node server;
    server["id"] = id;
    std::vector<const AsNode*> instances;
    for (const AsNode& a : as) {
      if (a.id == id) instances.push_back(&a);
    }
    for (const AsNode* a : instances) {
      YAML::Node e;
      e["address"] = address;
      e["port"] = a->port;
      if (instances.size() == 1) {
        server["address"] = address;
        server["port"] = a->port;
      } else {
        e.SetStyle(YAML::EmitterStyle::Flow);
        server["endpoints"].push_back(e);
      }
    }
    doc["ue"]["application_servers"].push_back(server);
  }
  return doc;
}

std::string Network::file_name(const std::string& nf, std::size_t i) {
  if (nf == "as") return "as" + std::to_string(i + 1) + ".yaml";  // instances of one AS too
  return nf + (i == 0 ? "" : std::to_string(i + 1)) + ".yaml";
}

std::string to_text(const YAML::Node& doc) {
  YAML::Emitter out;
  out << doc;
  return std::string(out.c_str()) + "\n";
}

std::vector<std::pair<std::string, std::string>> Network::metrics_targets() const {
  std::vector<std::pair<std::string, std::string>> out;
  auto add = [&](const std::string& nf, std::size_t i, std::uint16_t port) {
    const std::string file = file_name(nf, i);
    out.emplace_back(file.substr(0, file.size() - 5), address + ":" + std::to_string(port));
  };
  for (std::size_t i = 0; i < hss.size(); ++i) add("hss", i, hss[i].metrics_port);
  for (std::size_t i = 0; i < scef.size(); ++i) add("scef", i, scef[i].metrics_port);
  for (std::size_t i = 0; i < mme.size(); ++i) add("mme", i, mme[i].metrics_port);
  for (std::size_t i = 0; i < as.size(); ++i) add("as", i, as[i].metrics_port);
  return out;
}

void Network::write(const std::filesystem::path& out) const {
  std::filesystem::create_directories(out);
  auto put = [&](const std::string& name, const YAML::Node& doc) {
    std::ofstream f(out / name);
    f << to_text(doc);
    if (!f) throw std::runtime_error("cannot write " + (out / name).string());
  };
  for (std::size_t i = 0; i < hss.size(); ++i) put(file_name("hss", i), hss_config(i));
  for (std::size_t i = 0; i < scef.size(); ++i) put(file_name("scef", i), scef_config(i));
  for (std::size_t i = 0; i < mme.size(); ++i) put(file_name("mme", i), mme_config(i));
  for (std::size_t i = 0; i < as.size(); ++i) put(file_name("as", i), as_config(i));
  if (!mme.empty()) put("ue.yaml", ue_config());
}

}  // namespace iotboot::topology
