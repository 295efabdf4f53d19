// Structured log lines: an event name and identifiers (IMSI, GUTI, Session-Id, peer...) as
// fields beside the human text. The text stays the whole message, so the text format prints
// what it always printed; the JSON format (lib/config/json_log_formatter) adds the event and
// the fields. They reach the formatter as this thread's current event, set around the spdlog
// call: the NFs' loggers are synchronous, so the formatter runs inside that call, on this thread.
#pragma once

#include <concepts>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string_view>
#include <utility>

#include <spdlog/spdlog.h>

namespace iotboot::logs {

// One field of a line: a string (escaped by the formatter, whatever the network sent) or a number.
struct Field {
  Field(std::string_view field_name, std::string_view value) : name(field_name), text(value) {}
  template <std::integral I>
  Field(std::string_view field_name, I value)
      : name(field_name), number(static_cast<std::int64_t>(value)), is_number(true) {}

  std::string_view name;
  std::string_view text;
  std::int64_t number = 0;
  bool is_number = false;
};

struct Event {
  std::string_view name;  // "attach.accepted", "peer.open", ...
  std::span<const Field> fields;
};

// The event of the line this thread is logging; null for a plain line.
const Event* current_event() noexcept;

// Makes `e` this thread's current event until the scope ends.
class EventScope {
 public:
  explicit EventScope(const Event& e) noexcept;
  ~EventScope();
  EventScope(const EventScope&) = delete;
  EventScope& operator=(const EventScope&) = delete;

 private:
  const Event* previous_;
};

// logs::event(spdlog::level::info, "peer.open", {{"peer", host}}, "[{}] peer {} open", self, host):
// the same text as spdlog::info(...), with the event and its fields for the JSON format.
template <typename... Args>
void event(spdlog::level::level_enum level, std::string_view name, std::initializer_list<Field> fields,
           spdlog::format_string_t<Args...> text, Args&&... args) {
  spdlog::logger* logger = spdlog::default_logger_raw();
  if (!logger->should_log(level)) return;
  const Event e{name, std::span<const Field>(fields.begin(), fields.size())};
  const EventScope scope(e);
  logger->log(level, text, std::forward<Args>(args)...);
}

}  // namespace iotboot::logs
