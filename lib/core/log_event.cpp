#include "core/log_event.hpp"

namespace iotboot::logs {
namespace {
thread_local const Event* current_log_event = nullptr;
}  // namespace

const Event* current_event() noexcept { return current_log_event; }

EventScope::EventScope(const Event& e) noexcept : previous_(current_log_event) { current_log_event = &e; }

EventScope::~EventScope() { current_log_event = previous_; }

}  // namespace iotboot::logs
