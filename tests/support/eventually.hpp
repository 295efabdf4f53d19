// Polls a condition until it holds or the timeout passes: how a test waits for another
// process (whose state it can only observe) without guessing a sleep.
#pragma once

#include <chrono>
#include <thread>

namespace iotboot::test {

template <typename Pred>
bool eventually(Pred pred, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!pred()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

}  // namespace iotboot::test
