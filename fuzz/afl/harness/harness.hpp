// What every AFL++ harness shares. Each harness is a program that builds one network function
// in-process, exactly as its process does, talks to it over a real loopback socket, and feeds it
// one input (stdin or the file named by its first argument, as afl-fuzz runs it). An input ends
// when the NF has answered what was sent or closed the connection; waits are bounded so that a
// function that stops answering shows as a hang (afl-fuzz -t), never as a harness that waits
// forever. `--seeds DIR` writes the harness's seed corpus, built with the project's encoders.
#pragma once

#include <utility>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <future>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/bytes.hpp"

namespace iotboot::afl {

// How long an NF has to answer a request, or close the connection, before the harness calls it
// a defect and aborts: far above what any answer takes, even under make test's load.
inline constexpr std::chrono::milliseconds kAnswerBound{5000};
// How long a harness waits for a reply the NF normally sends but may rightly withhold (an EMM
// message it discards, a CoAP message it ignores): enough for the NF, little for an input.
inline constexpr std::chrono::milliseconds kReplyWait{300};
// A script of records is cut short once this has passed, so that an input stays well within
// afl-fuzz's limit however many of its records wait for replies that do not come.
inline constexpr std::chrono::milliseconds kScriptBudget{3000};

// A harness's main: logs off; with `--seeds DIR` writes the seeds there, else runs one input.
int harness_main(int argc, char** argv, void (*write_seeds)(const std::filesystem::path&), int (*run)(ByteView));

// The input: stdin, or the file argv[1] names; at most max_bytes of it.
std::vector<std::uint8_t> read_input(int argc, char** argv, std::size_t max_bytes = 1 << 16);

// `--seeds DIR` on the command line: the directory to write seeds to.
std::optional<std::filesystem::path> seeds_dir(int argc, char** argv);
void write_seed(const std::filesystem::path& dir, const std::string& name, const std::vector<std::uint8_t>& bytes);

// An input cut into records: op (1 octet), length (2 octets, big-endian), body. A record whose
// length runs past the input takes what is left.
struct Record {
  std::uint8_t op = 0;
  ByteView body;
};
std::vector<Record> records_of(ByteView input, std::size_t max_records = 64);
void append_record(std::vector<std::uint8_t>& out, std::uint8_t op, ByteView body);

// A directory of the harness's own, removed with everything in it at the end of the input.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const noexcept { return path_; }

 private:
  std::filesystem::path path_;
};

// A blocking loopback socket (TCP or a connected UDP one) with bounded waits.
class LoopbackSocket {
 public:
  enum class Kind { tcp, udp };
  LoopbackSocket(Kind kind, std::uint16_t port);
  ~LoopbackSocket();
  LoopbackSocket(const LoopbackSocket&) = delete;
  LoopbackSocket& operator=(const LoopbackSocket&) = delete;
  int fd() const noexcept { return fd_; }
  // False once the peer has closed (or reset) the connection.
  bool send(ByteView bytes);
  // Some bytes (one datagram for UDP); empty on EOF or error; nullopt when `wait` passed first.
  std::optional<std::vector<std::uint8_t>> receive(std::chrono::milliseconds wait);
  void shutdown_write();

 private:
  int fd_ = -1;
};

// The io thread an NF runs on, as in its process; the harness talks to the NF from its own.
class IoThread {
 public:
  IoThread() : guard_(boost::asio::make_work_guard(io)), thread_([this] { io.run(); }) {}
  // Stops the io_context as an NF's process does once the NF has stopped: what is left (a
  // purge loop's timer) is abandoned.
  ~IoThread() {
    guard_.reset();
    io.stop();
    thread_.join();
  }
  IoThread(const IoThread&) = delete;
  IoThread& operator=(const IoThread&) = delete;

  // Runs f on the io thread; returns what it returns.
  template <typename F>
  auto call(F f) -> decltype(f()) {
    std::packaged_task<decltype(f())()> task(std::move(f));
    auto done = task.get_future();
    boost::asio::post(io, [&task] { task(); });
    return done.get();
  }
  // Runs a coroutine (an NF's stop()) on the io thread to its end.
  void await(boost::asio::awaitable<void> a) {
    std::promise<void> finished;
    auto done = finished.get_future();
    boost::asio::co_spawn(io, std::move(a), [&finished](std::exception_ptr e) {
      if (e)
        finished.set_exception(e);
      else
        finished.set_value();
    });
    done.get();
  }

  boost::asio::io_context io;

 private:
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_;
  std::thread thread_;
};

// A line on standard error when IOTBOOT_AFL_TRACE is set (to follow what an input does).
void trace(const std::string& line);

// Logs off: a harness's run is thousands of inputs a second, and their text is not looked at.
void silence_logs();

}  // namespace iotboot::afl
