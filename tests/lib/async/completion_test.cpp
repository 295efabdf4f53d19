// Completion: an operation finished from another thread resumes its awaiting coroutine on the
// awaiting side's executor, with the value, exactly once.
#include "async/completion.hpp"

#include <utility>

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <thread>

namespace iotboot::async {
namespace {

namespace asio = boost::asio;

TEST(Completion, ResumesTheAwaiterOnItsOwnThreadWithTheValue) {
  asio::io_context io;
  std::thread worker;
  std::thread::id resumed_on;
  auto result = asio::co_spawn(
      io,
      [&]() -> asio::awaitable<int> {
        const int v = co_await async_start<int>(asio::use_awaitable, [&](std::unique_ptr<Completion<int>> c) {
          worker = std::thread([c = std::move(c)]() mutable { c->complete(42); });
        });
        resumed_on = std::this_thread::get_id();
        co_return v;
      },
      asio::use_future);
  io.run();
  worker.join();
  EXPECT_EQ(result.get(), 42);
  EXPECT_EQ(resumed_on, std::this_thread::get_id());  // the io thread, not the worker
}

TEST(Completion, AMoveOnlyValueArrivesWhole) {
  asio::io_context io;
  auto result = asio::co_spawn(
      io,
      []() -> asio::awaitable<std::unique_ptr<std::string>> {
        co_return co_await async_start<std::unique_ptr<std::string>>(
            asio::use_awaitable, [](std::unique_ptr<Completion<std::unique_ptr<std::string>>> c) {
              c->complete(std::make_unique<std::string>("vectors"));
            });
      },
      asio::use_future);
  io.run();
  EXPECT_EQ(*result.get(), "vectors");
}

}  // namespace
}  // namespace iotboot::async
