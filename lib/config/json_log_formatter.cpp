#include "config/json_log_formatter.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>
#include <string_view>

#include "core/log_event.hpp"

namespace iotboot::config {
namespace {

std::string rfc3339_utc(std::chrono::system_clock::time_point t) {
  const auto us = std::chrono::floor<std::chrono::microseconds>(t.time_since_epoch()).count();
  const std::time_t secs = static_cast<std::time_t>(us / 1000000);
  std::tm u{};
  gmtime_r(&secs, &u);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", u.tm_year + 1900, u.tm_mon + 1, u.tm_mday,
                u.tm_hour, u.tm_min, u.tm_sec, static_cast<int>(us % 1000000));
  return buf;
}

// The "[...] " that starts the NFs' messages, and the text after it; no prefix: "" and the text.
std::pair<std::string_view, std::string_view> split_prefix(std::string_view text) {
  if (text.empty() || text.front() != '[') return {{}, text};
  const std::size_t close = text.find("] ");
  if (close == std::string_view::npos) return {{}, text};
  return {text.substr(1, close - 1), text.substr(close + 2)};
}

// The prefix names the NF ("[mme]"), the NF and its instance ("[as as1.example.com]"), or a
// Diameter identity ("[hss.iotboot.test]"); the node is what it says beyond the NF's name.
std::string_view node_of(std::string_view prefix, std::string_view nf) {
  if (prefix == nf) return {};
  if (prefix.size() > nf.size() && prefix.substr(0, nf.size()) == nf && prefix[nf.size()] == ' ') {
    return prefix.substr(nf.size() + 1);
  }
  return prefix;
}

}  // namespace

void JsonLogFormatter::format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) {
  const std::string_view text(msg.payload.data(), msg.payload.size());
  const auto [prefix, rest] = split_prefix(text);
  const logs::Event* e = logs::current_event();
  nlohmann::ordered_json j;
  j["time"] = rfc3339_utc(msg.time);
  const auto level = spdlog::level::to_string_view(msg.level);
  j["level"] = std::string_view(level.data(), level.size());
  j["nf"] = nf_;
  j["event"] = e ? e->name : std::string_view("message");
  if (const std::string_view node = node_of(prefix, nf_); !node.empty()) j["node"] = node;
  if (e) {
    for (const logs::Field& f : e->fields) {
      if (f.is_number) {
        j[std::string(f.name)] = f.number;
      } else {
        j[std::string(f.name)] = f.text;
      }
    }
  }
  j["msg"] = rest;
  const std::string line = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  dest.append(line.data(), line.data() + line.size());
  dest.push_back('\n');
}

}  // namespace iotboot::config
