// A value or the reason there is none: for parsers whose failures are expected input errors.
#pragma once

#include <string>
#include <type_traits>
#include <utility>
#include <variant>

namespace iotboot {

struct Error {
  std::string reason;
};

template <typename T, typename E = Error>
class Result {
 public:
  Result() requires std::is_default_constructible_v<T>
  = default;                                 // co_spawn needs it; holds T{}
  Result(T value) : v_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(E error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const E& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, E> v_;
};

}  // namespace iotboot
