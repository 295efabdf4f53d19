// `log: {format: json}`: each line one JSON object, for a log collector to index without
// parsing text:
//   {"time":"2026-11-30T23:06:14.123456Z","level":"info","nf":"mme","event":"attach.accepted",
//    "imsi":"001010000000001","guti":"001-01-8001-01-00000001","msg":"001010000000001: attach accepted"}
// time is RFC 3339 in UTC with microseconds; nf the NF this process runs; event the name a call
// site gave (core/log_event.hpp) or "message"; node the identity in the text's "[...]" prefix
// when it is not just the NF's name (a Diameter Origin-Host, an AS_ID); then the event's fields;
// msg the text without that prefix. Strings are escaped and invalid UTF-8 is replaced, so
// nothing a peer sends can break a line or the JSON.
#pragma once

#include <memory>
#include <string>

#include <spdlog/formatter.h>

namespace iotboot::config {

class JsonLogFormatter final : public spdlog::formatter {
 public:
  explicit JsonLogFormatter(std::string nf) : nf_(std::move(nf)) {}
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override;
  std::unique_ptr<spdlog::formatter> clone() const override { return std::make_unique<JsonLogFormatter>(nf_); }

 private:
  std::string nf_;
};

}  // namespace iotboot::config
