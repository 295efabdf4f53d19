// iotboot: one program, one subcommand per tool or network function.
#include <CLI/CLI.hpp>

#include <malloc.h>
#include <sys/resource.h>

#include <algorithm>
#include <cstring>
#include <iostream>
#include <string_view>
#include <vector>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "commands.hpp"
#include "config/yaml.hpp"
#include "diameter/apps/applications.hpp"
#include "store/sqlite.hpp"
#include "usage_error.hpp"
#include "version.hpp"  // generated: IOTBOOT_VERSION

namespace {

// CLI11's own messages may quote an unexpected argument, which could be a key: say where
// instead of what.
std::string one_line(const CLI::ParseError& e) {
  if (dynamic_cast<const CLI::ExtrasError*>(&e) != nullptr) return "unexpected extra argument(s); see --help";
  std::string s = e.what();
  for (char& c : s) {
    if (c == '\n') c = ' ';
  }
  return s;
}

// The NFs allocate and free TLS/DTLS sessions, records and messages at a high rate. glibc by
// default hands freed memory at the top of the heap back to the kernel and maps large blocks
// afresh, so the same pages are returned and faulted in again many times a second; keep them.
void tune_allocator() {
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  mallopt(M_TOP_PAD, 64 << 20);
  mallopt(M_MMAP_THRESHOLD, 4 << 20);
}

// Every connection costs a descriptor: take what the hard limit allows rather than the soft
// default (1024), so that the listeners' connection limits, not the descriptor limit, decide.
void raise_descriptor_limit() {
  rlimit r{};
  if (getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur < r.rlim_max) {
    r.rlim_cur = r.rlim_max;
    setrlimit(RLIMIT_NOFILE, &r);
  }
}

// A key given on the command line shows in `ps` and /proc/PID/cmdline. The arguments are
// copied for parsing, then the key values in argv are overwritten (which shortens, not closes,
// that window: @FILE and @- keep keys off the command line altogether).
std::vector<std::string> take_arguments(int argc, char** argv) {
  std::vector<std::string> args;
  for (int i = argc - 1; i >= 1; --i) args.emplace_back(argv[i]);  // CLI11 takes them reversed
  constexpr std::string_view kKeyFlags[] = {"--k", "--op", "--opc", "--ks"};
  for (int i = 1; i < argc; ++i) {
    const std::string_view a(argv[i]);
    for (std::string_view flag : kKeyFlags) {
      if (a == flag && i + 1 < argc) {
        std::fill(argv[i + 1], argv[i + 1] + std::strlen(argv[i + 1]), 'x');
      } else if (a.size() > flag.size() && a.substr(0, flag.size()) == flag && a[flag.size()] == '=') {
        std::fill(argv[i] + flag.size() + 1, argv[i] + a.size(), 'x');
      }
    }
  }
  return args;
}

}  // namespace

int main(int argc, char** argv) {
  tune_allocator();
  raise_descriptor_limit();
  // Results go to standard output, diagnostics to standard error (a network function switches
  // its log to standard output when it reads its configuration).
  spdlog::set_default_logger(spdlog::stderr_color_mt("cli"));
  iotboot::diameter::register_applications();
  CLI::App app{"iotboot: network-anchored security bootstrapping for IoT (EPS-AKA -> Ks -> Ks_AS)"};
  app.set_version_flag("--version", "iotboot " IOTBOOT_VERSION);
  app.require_subcommand(1);
  iotboot::cli::add_keys_command(app);
  iotboot::cli::add_subscriber_command(app);
  iotboot::cli::add_db_command(app);
  iotboot::cli::add_kek_command(app);
  iotboot::cli::add_nf_commands(app);
  iotboot::cli::add_certs_command(app);
  iotboot::cli::add_run_command(app);
  iotboot::cli::add_ue_command(app);
  try {
    std::vector<std::string> args = take_arguments(argc, argv);
    app.parse(args);
  } catch (const CLI::Success& e) {
    return app.exit(e);  // --help
  } catch (const CLI::RuntimeError& e) {
    return e.get_exit_code();
  } catch (const CLI::ParseError& e) {
    std::cerr << "iotboot: " << one_line(e) << "\n";
    return 2;
  } catch (const iotboot::cli::UsageError& e) {
    std::cerr << "iotboot: " << e.what() << "\n";
    return 2;
  } catch (const iotboot::config::ConfigError& e) {
    std::cerr << "iotboot: configuration: " << e.what() << "\n";
    return 2;
  } catch (const iotboot::store::StoreError& e) {
    std::cerr << "iotboot: store: " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "iotboot: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
