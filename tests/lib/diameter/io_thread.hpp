// An io_context running on its own thread, for tests that drive nodes from the test thread.
#pragma once

#include <utility>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <chrono>
#include <future>
#include <stdexcept>
#include <thread>

namespace iotboot::test {

namespace asio = boost::asio;

// Runs make(0) ... make(n - 1), coroutines, side by side on this executor; returns when all
// have finished.
template <typename Make>
asio::awaitable<void> concurrently(int n, Make make) {
  auto executor = co_await asio::this_coro::executor;
  int done = 0;
  asio::steady_timer all_done(executor, asio::steady_timer::time_point::max());
  for (int i = 0; i < n; ++i) {
    asio::co_spawn(executor, make(i), [&](std::exception_ptr) {
      if (++done == n) all_done.cancel();
    });
  }
  if (done < n) {
    boost::system::error_code ec;
    co_await all_done.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }
}

class IoThread {
 public:
  IoThread() : guard_(asio::make_work_guard(io)), thread_([this] { io.run(); }) {}
  ~IoThread() {
    guard_.reset();
    io.stop();
    thread_.join();
  }

  // Runs f on the io thread and returns its result.
  template <typename F>
  auto call(F f) -> decltype(f()) {
    std::packaged_task<decltype(f())()> task(std::move(f));
    auto fut = task.get_future();
    asio::post(io, [&task] { task(); });
    return fut.get();
  }

  // Runs a coroutine on the io thread and waits for its result.
  template <typename T>
  T await(asio::awaitable<T> aw, std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    auto fut = asio::co_spawn(io, std::move(aw), asio::use_future);
    if (fut.wait_for(timeout) != std::future_status::ready)
      throw std::runtime_error("coroutine did not finish in time");
    return fut.get();
  }

  // Polls a condition evaluated on the io thread until it holds or the timeout passes.
  template <typename Pred>
  bool eventually(Pred pred, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      if (call(pred)) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return call(pred);
  }

  asio::io_context io;

 private:
  asio::executor_work_guard<asio::io_context::executor_type> guard_;
  std::thread thread_;
};

}  // namespace iotboot::test
