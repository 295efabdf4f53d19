// Every function that a C library calls back (libcoap, OpenSSL) runs its body through
// c_callback: an exception must never unwind through C frames (that terminates the process, or
// worse, leaves the library's state half-updated). The exception's text is logged (our
// exceptions never carry key material or raw network input) and the callback returns the value
// that makes the library fail the operation cleanly (e.g. "no key" for a PSK lookup).
#pragma once

#include <exception>
#include <string_view>
#include <utility>

namespace iotboot {

// Logs "<where>: exception <what>" at error level; never throws.
void report_callback_exception(std::string_view where, const std::exception* e) noexcept;

template <typename R, typename F>
R c_callback(std::string_view where, R on_exception, F&& body) noexcept {
  try {
    return std::forward<F>(body)();
  } catch (const std::exception& e) {
    report_callback_exception(where, &e);
  } catch (...) {
    report_callback_exception(where, nullptr);
  }
  return on_exception;
}

template <typename F>
void c_callback(std::string_view where, F&& body) noexcept {
  try {
    std::forward<F>(body)();
  } catch (const std::exception& e) {
    report_callback_exception(where, &e);
  } catch (...) {
    report_callback_exception(where, nullptr);
  }
}

}  // namespace iotboot
