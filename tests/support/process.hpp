// Runs a program to completion and captures what it printed: for tests of command-line
// contracts against the real binary.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace iotboot::test {

struct ProcessResult {
  int status = -1;  // exit status, or 128 + signal
  std::string out;
  std::string err;
};

ProcessResult run_process(const std::string& program, const std::vector<std::string>& args);

// A program running in the background, its stdout and stderr going to files. Killed (SIGKILL)
// on destruction if still running.
class ChildProcess {
 public:
  ChildProcess(const std::string& program, const std::vector<std::string>& args, const std::string& output_prefix);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  int pid() const noexcept { return pid_; }
  std::string out() const;  // everything written to stdout so far
  std::string err() const;
  // Waits until stdout contains `text`; false on timeout or exit.
  bool wait_for_output(const std::string& text, std::chrono::milliseconds timeout);
  void signal(int sig);
  // Exit status (128 + signal if killed), or -1 if still running after the timeout.
  int wait(std::chrono::milliseconds timeout);

 private:
  bool reaped();
  int pid_ = -1;
  int status_ = -1;
  std::string out_path_, err_path_;
};

}  // namespace iotboot::test
