// BatchThread: everything queued while a batch is handled forms the next batch (group commit),
// batches are bounded, order is kept, and destruction handles what is queued first.
#include "async/batch_thread.hpp"

#include <gtest/gtest.h>

#include <future>
#include <numeric>

namespace iotboot::async {
namespace {

// The batches a BatchThread(max_batch) hands its process function when job 0 is pushed alone
// and jobs 1..n are pushed while the batch of job 0 is being handled (the function blocks in
// it until then), so what queues up is deterministic. The destructor handles the rest.
std::vector<std::vector<int>> batches_of(std::size_t max_batch, int n) {
  std::promise<void> entered, release;
  std::shared_future<void> released = release.get_future().share();
  std::vector<std::vector<int>> batches;
  {
    BatchThread<int> t(
        [&](std::vector<int>& b) {
          batches.push_back(b);
          if (batches.size() == 1) {
            entered.set_value();
            released.wait();
          }
        },
        max_batch);
    t.push(0);
    entered.get_future().wait();
    for (int i = 1; i <= n; ++i) t.push(i);
    release.set_value();
  }
  return batches;
}

TEST(BatchThread, WhatQueuesDuringABatchIsTheNextBatch) {
  const auto batches = batches_of(100, 10);
  ASSERT_EQ(batches.size(), 2u);
  EXPECT_EQ(batches[0], std::vector<int>{0});
  std::vector<int> rest(10);
  std::iota(rest.begin(), rest.end(), 1);
  EXPECT_EQ(batches[1], rest);
}

TEST(BatchThread, BatchesAreBoundedAndKeepTheOrder) {
  const auto batches = batches_of(4, 10);
  ASSERT_EQ(batches.size(), 4u);  // {0}, {1..4}, {5..8}, {9, 10}
  EXPECT_EQ(batches[1], (std::vector<int>{1, 2, 3, 4}));
  EXPECT_EQ(batches[2], (std::vector<int>{5, 6, 7, 8}));
  EXPECT_EQ(batches[3], (std::vector<int>{9, 10}));
}

TEST(BatchThread, CountsJobsAndBatches) {
  std::promise<void> done;
  BatchThread<int> t(
      [&](std::vector<int>& b) {
        if (b.back() == 2) done.set_value();
      },
      8);
  t.push(1);
  t.push(2);
  done.get_future().wait();
  EXPECT_EQ(t.jobs(), 2u);
  EXPECT_GE(t.batches(), 1u);
  EXPECT_LE(t.batches(), 2u);
}

}  // namespace
}  // namespace iotboot::async
