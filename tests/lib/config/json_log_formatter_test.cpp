// The JSON log format: fixed lines kept as a golden file, any bytes a peer could send still one
// line of valid JSON, and the fields of logs::event reaching the formatter (and not the text).
#include "config/json_log_formatter.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/ostream_sink.h>
#include <nlohmann/json.hpp>
#include <sstream>

#include "config/logging.hpp"
#include "config/yaml.hpp"
#include "core/log_event.hpp"
#include "support/golden.hpp"

namespace iotboot::config {
namespace {

using namespace std::chrono;
using spdlog::level::level_enum;

// 2026-11-30T23:06:14.000123Z: a fixed time, with a fraction that needs its leading zeros.
const system_clock::time_point kFixedTime =
    sys_days(year(2026) / November / 30) + hours(23) + minutes(6) + seconds(14) + microseconds(123);

std::string format_line(JsonLogFormatter& f, level_enum level, std::string_view text) {
  spdlog::memory_buf_t out;
  f.format(spdlog::details::log_msg(kFixedTime, spdlog::source_loc{}, "nf", level, text), out);
  return std::string(out.data(), out.size());
}

TEST(Golden, JsonLogLines) {
  JsonLogFormatter mme("mme");
  JsonLogFormatter as("as");
  std::string lines;
  lines += format_line(mme, level_enum::info, "[mme] S1-lite on 127.0.0.1:36412");
  lines += format_line(mme, level_enum::info, "[mme.iotboot.test] peer hss.iotboot.test open (we connected)");
  lines += format_line(as, level_enum::warn, "[as as1.example.com] Key API: connection refused");
  lines += format_line(mme, level_enum::err, "sqlite checkpoint of /var/lib/iotboot/x.db: disk I/O error");
  lines += format_line(mme, level_enum::debug, "[mme] quote \" backslash \\ tab \t newline \n end");
  const char raw[] = "[mme] invalid UTF-8 \xff\xc3 and NUL \0 end";
  lines += format_line(mme, level_enum::info, std::string_view(raw, sizeof raw - 1));
  const logs::Field fields[] = {{"imsi", "001010000000001"}, {"guti", "001-01-8001-01-00000001"}, {"emm_cause", 22}};
  const logs::Event e{"attach.rejected", fields};
  {
    const logs::EventScope scope(e);
    lines += format_line(mme, level_enum::info, "[mme] 001010000000001: attach rejected #22 (congestion)");
  }
  test::expect_golden("json_log.txt", lines);
}

// Whatever bytes a message holds (an identity a peer sent, a library's error), its line is one
// line and parses, and msg keeps every valid byte.
RC_GTEST_PROP(JsonLog, AnyTextIsOneLineOfValidJson, (const std::string& text)) {
  JsonLogFormatter f("hss");
  const std::string line = format_line(f, level_enum::info, text);
  RC_ASSERT(line.back() == '\n');
  RC_ASSERT(line.find('\n') == line.size() - 1);
  const auto j = nlohmann::json::parse(line);
  RC_ASSERT(j.at("nf") == "hss");
  RC_ASSERT(j.at("msg").is_string());
}

// The default logger the NFs use: logs::event prints its text alone in the text format, and
// its event and fields beside that text in the JSON format.
class DefaultLogger : public ::testing::Test {
 protected:
  void SetUp() override {
    previous_ = spdlog::default_logger();
    auto logger = std::make_shared<spdlog::logger>("test", std::make_shared<spdlog::sinks::ostream_sink_st>(out_));
    logger->set_level(level_enum::debug);
    spdlog::set_default_logger(logger);
  }
  void TearDown() override { spdlog::set_default_logger(previous_); }

  void log_attach() {
    logs::event(level_enum::info, "attach.accepted", {{"imsi", "001010000000001"}, {"guti", "001-01-8001-01-0a"}},
                "[mme] {}: attach accepted, GUTI {}", "001010000000001", "001-01-8001-01-0a");
  }

  std::ostringstream out_;
  std::shared_ptr<spdlog::logger> previous_;
};

TEST_F(DefaultLogger, TheTextFormatPrintsTheTextAlone) {
  spdlog::default_logger()->set_formatter(std::make_unique<spdlog::pattern_formatter>("%v"));
  log_attach();
  EXPECT_EQ(out_.str(), "[mme] 001010000000001: attach accepted, GUTI 001-01-8001-01-0a\n");
}

TEST_F(DefaultLogger, TheJsonFormatCarriesTheEventAndItsFields) {
  spdlog::default_logger()->set_formatter(std::make_unique<JsonLogFormatter>("mme"));
  log_attach();
  spdlog::info("[mme] plain");  // the event ended with its line
  std::istringstream lines(out_.str());
  std::string line;
  ASSERT_TRUE(std::getline(lines, line));
  const auto j = nlohmann::json::parse(line);
  EXPECT_EQ(j.at("level"), "info");
  EXPECT_EQ(j.at("event"), "attach.accepted");
  EXPECT_EQ(j.at("imsi"), "001010000000001");
  EXPECT_EQ(j.at("guti"), "001-01-8001-01-0a");
  EXPECT_EQ(j.at("msg"), "001010000000001: attach accepted, GUTI 001-01-8001-01-0a");
  EXPECT_FALSE(j.contains("node"));
  ASSERT_TRUE(std::getline(lines, line));
  const auto plain = nlohmann::json::parse(line);
  EXPECT_EQ(plain.at("event"), "message");
  EXPECT_FALSE(plain.contains("imsi"));
}

TEST_F(DefaultLogger, ALevelBelowTheLoggersLeavesNoLine) {
  spdlog::default_logger()->set_level(level_enum::warn);
  log_attach();
  EXPECT_EQ(out_.str(), "");
}

TEST(LogConfig, AnUnknownFormatIsRefusedNamingTheKey) {
  try {
    setup_logging(YAML::Load("log: {format: xml}"), "hss");
    FAIL() << "log.format: xml was accepted";
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(), "log.format: must be text or json");
  }
}

}  // namespace
}  // namespace iotboot::config
