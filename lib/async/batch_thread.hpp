// One worker thread that takes everything queued so far and handles it as a batch: for stores
// whose calls block (no io thread may make them) and whose writes are cheaper together (one
// transaction, one fsync, for a whole batch).
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace iotboot::async {

template <typename Job>
class BatchThread {
 public:
  using Process = std::function<void(std::vector<Job>&)>;

  BatchThread(Process process, std::size_t max_batch)
      : process_(std::move(process)), max_batch_(max_batch), thread_([this] { run(); }) {}

  // Handles what is queued, then stops.
  ~BatchThread() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
  }
  BatchThread(const BatchThread&) = delete;
  BatchThread& operator=(const BatchThread&) = delete;

  void push(Job job) {
    {
      std::lock_guard lock(mutex_);
      queue_.push_back(std::move(job));
      ++jobs_;
    }
    wake_.notify_one();
  }

  std::uint64_t jobs() const {
    std::lock_guard lock(mutex_);
    return jobs_;
  }
  std::uint64_t batches() const {
    std::lock_guard lock(mutex_);
    return batches_;
  }

 private:
  void run() {
    std::vector<Job> batch;
    for (;;) {
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;
        while (!queue_.empty() && batch.size() < max_batch_) {
          batch.push_back(std::move(queue_.front()));
          queue_.pop_front();
        }
        ++batches_;
      }
      process_(batch);
      batch.clear();
    }
  }

  Process process_;
  const std::size_t max_batch_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> queue_;
  bool stopping_ = false;
  std::uint64_t jobs_ = 0;
  std::uint64_t batches_ = 0;
  std::thread thread_;  // last: starts after everything it uses
};

}  // namespace iotboot::async
