#include "diameter/dictionary.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <deque>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "diameter/base/avps.hpp"

namespace iotboot::diameter {
namespace {

constexpr std::uint64_t key(std::uint32_t code, std::uint32_t vendor) { return (std::uint64_t{vendor} << 32) | code; }
constexpr std::uint64_t key(const AvpInfo& a) { return key(a.code, a.vendor); }

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

struct Application {
  std::uint32_t id;
  std::string_view name;
  std::uint32_t vendor;
};

// One immutable snapshot of everything registered. A registration builds the next snapshot and
// publishes it; snapshots are never freed, so a lookup that loaded the previous one stays valid.
struct Tables {
  std::vector<AvpInfo> avps;  // sorted by (vendor, code)
  std::vector<Application> applications;
  std::vector<CommandInfo> commands;
};

constexpr std::array<CommandInfo, 3> kBaseCommands = {{
    {cmd::kCapabilitiesExchange, "CER", "CEA"},
    {cmd::kDeviceWatchdog, "DWR", "DWA"},
    {cmd::kDisconnectPeer, "DPR", "DPA"},
}};

void add(Tables& t, const ApplicationInfo& app) {
  for (const AvpInfo& a : app.avps) {
    auto it = std::lower_bound(t.avps.begin(), t.avps.end(), key(a),
                               [](const AvpInfo& x, std::uint64_t k) { return key(x) < k; });
    if (it == t.avps.end() || key(*it) != key(a)) {
      t.avps.insert(it, a);
    } else if (*it != a) {
      throw std::logic_error("AVP " + std::to_string(a.code) + "/" + std::to_string(a.vendor) + " defined twice");
    }
  }
  for (const CommandInfo& c : app.commands) {
    auto it =
        std::find_if(t.commands.begin(), t.commands.end(), [&](const CommandInfo& x) { return x.code == c.code; });
    if (it == t.commands.end()) {
      t.commands.push_back(c);
    } else if (*it != c) {
      throw std::logic_error("command " + std::to_string(c.code) + " defined twice");
    }
  }
  auto it =
      std::find_if(t.applications.begin(), t.applications.end(), [&](const Application& x) { return x.id == app.id; });
  if (it == t.applications.end()) {
    t.applications.push_back({app.id, app.name, app.vendor});
  } else if (it->name != app.name || it->vendor != app.vendor) {
    throw std::logic_error("application " + std::to_string(app.id) + " registered under two names");
  }
}

struct Registry {
  std::mutex mutex;
  std::deque<Tables> snapshots;  // stable addresses
  std::atomic<const Tables*> current;

  Registry() {
    Tables& base = snapshots.emplace_back();
    add(base, {app::kBase, "base", 0, avp::kBaseAvps, kBaseCommands});
    base.applications.push_back({app::kRelay, "relay", 0});
    current.store(&base, std::memory_order_release);
  }
};

Registry& registry() {
  static Registry r;
  return r;
}

const Tables& tables() noexcept { return *registry().current.load(std::memory_order_acquire); }

}  // namespace

void register_application(const ApplicationInfo& app) {
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  const Tables& now = *r.current.load(std::memory_order_relaxed);
  Tables next = now;
  add(next, app);
  // add() only ever inserts: the same sizes mean it was all known already.
  if (next.avps.size() == now.avps.size() && next.commands.size() == now.commands.size() &&
      next.applications.size() == now.applications.size()) {
    return;
  }
  r.current.store(&r.snapshots.emplace_back(std::move(next)), std::memory_order_release);
}

const AvpInfo* find_avp(std::uint32_t code, std::uint32_t vendor) noexcept {
  const auto& avps = tables().avps;
  const std::uint64_t k = key(code, vendor);
  auto it = std::lower_bound(avps.begin(), avps.end(), k, [](const AvpInfo& a, std::uint64_t v) { return key(a) < v; });
  return it != avps.end() && key(*it) == k ? &*it : nullptr;
}

std::string_view application_name(std::uint32_t app_id) noexcept {
  for (const Application& a : tables().applications) {
    if (a.id == app_id) return a.name;
  }
  return "";
}

std::uint32_t application_vendor(std::uint32_t app_id) noexcept {
  for (const Application& a : tables().applications) {
    if (a.id == app_id) return a.vendor;
  }
  return 0;
}

std::string_view command_name(std::uint32_t code, bool request) noexcept {
  for (const CommandInfo& c : tables().commands) {
    if (c.code == code) return request ? c.request : c.answer;
  }
  return "";
}

std::optional<std::uint32_t> application_by_name(std::string_view name) noexcept {
  for (const Application& a : tables().applications) {
    if (equal_ignoring_case(a.name, name)) return a.id;
  }
  return std::nullopt;
}

std::optional<std::uint32_t> command_by_name(std::string_view request_name) noexcept {
  for (const CommandInfo& c : tables().commands) {
    if (equal_ignoring_case(c.request, request_name)) return c.code;
  }
  return std::nullopt;
}

std::string_view to_string(AvpType t) noexcept {
  switch (t) {
    case AvpType::octet_string: return "OctetString";
    case AvpType::integer32: return "Integer32";
    case AvpType::integer64: return "Integer64";
    case AvpType::unsigned32: return "Unsigned32";
    case AvpType::unsigned64: return "Unsigned64";
    case AvpType::float32: return "Float32";
    case AvpType::float64: return "Float64";
    case AvpType::grouped: return "Grouped";
    case AvpType::address: return "Address";
    case AvpType::time: return "Time";
    case AvpType::utf8_string: return "UTF8String";
    case AvpType::diameter_identity: return "DiameterIdentity";
    case AvpType::diameter_uri: return "DiameterURI";
    case AvpType::enumerated: return "Enumerated";
  }
  return "?";
}

}  // namespace iotboot::diameter
