// A type-erased, move-only completion of one asynchronous operation, resumed on the awaiting
// side's executor. Boost 1.74 has no any_completion_handler; this is the small part of it the
// project needs: start an operation with `async_start`, finish it later (from any thread) with
// `complete(value)`.
#pragma once

#include <utility>

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <memory>

namespace iotboot::async {

template <typename T>
class Completion {
 public:
  virtual ~Completion() = default;
  // Posts the handler with `value` to its executor. Call once.
  virtual void complete(T value) = 0;
};

template <typename T, typename Handler>
class CompletionFor final : public Completion<T> {
 public:
  explicit CompletionFor(Handler h) : handler_(std::move(h)) {}
  void complete(T value) override {
    auto ex = boost::asio::get_associated_executor(handler_);
    boost::asio::post(ex, [h = std::move(handler_), v = std::move(value)]() mutable { h(std::move(v)); });
  }

 private:
  Handler handler_;
};

// Starts an operation completing with a T: `start` receives the std::unique_ptr<Completion<T>>
// and keeps it until the result is known.
template <typename T, typename Token, typename Start>
auto async_start(Token&& token, Start start) {
  return boost::asio::async_initiate<Token, void(T)>(
      [](auto handler, Start s) {
        s(std::unique_ptr<Completion<T>>(new CompletionFor<T, decltype(handler)>(std::move(handler))));
      },
      token, std::move(start));
}

}  // namespace iotboot::async
