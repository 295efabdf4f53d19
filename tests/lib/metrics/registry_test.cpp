#include "metrics/registry.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "metrics/text_format.hpp"
#include "support/promtool.hpp"

namespace iotboot::metrics {
namespace {

TEST(MetricsText, EscapesLabelValuesAndHelp) {
  EXPECT_EQ(escape_label_value("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
  EXPECT_EQ(escape_help("x\\y\nz \"q\""), "x\\\\y\\nz \"q\"");  // quotes stay in HELP
  EXPECT_EQ(label_set({"a", "b"}, {"1", "x\"y"}), "{a=\"1\",b=\"x\\\"y\"}");
  EXPECT_EQ(label_set({}, {}), "");
  EXPECT_EQ(label_set({}, {}, "le=\"+Inf\""), "{le=\"+Inf\"}");
  EXPECT_EQ(number(0.00025), "0.00025");
  EXPECT_EQ(number(0.0001), "0.0001");  // not 1e-04
  EXPECT_EQ(number(2.5e-300), "2.5e-300");
  EXPECT_EQ(number(1e300), "1e+300");
  EXPECT_EQ(number(1.0 / 0.0), "+Inf");
}

TEST(MetricsRegistry, RendersEachKindInTheTextFormat) {
  Registry r;
  r.counter("t_requests_total", "Requests", {"code"}).with({"200"}).inc(3);
  r.gauge("t_open", "Open now").with(LabelValues{}).set(-2);
  Histogram& h = r.histogram("t_duration_seconds", "Time", {}, {0.5, 1}).with(LabelValues{});
  h.observe(0.25);
  h.observe(0.5);  // "le" is inclusive
  h.observe(5);
  EXPECT_EQ(r.text(),
            "# HELP t_duration_seconds Time\n"
            "# TYPE t_duration_seconds histogram\n"
            "t_duration_seconds_bucket{le=\"0.5\"} 2\n"
            "t_duration_seconds_bucket{le=\"1\"} 2\n"
            "t_duration_seconds_bucket{le=\"+Inf\"} 3\n"
            "t_duration_seconds_sum 5.75\n"
            "t_duration_seconds_count 3\n"
            "# HELP t_open Open now\n"
            "# TYPE t_open gauge\n"
            "t_open -2\n"
            "# HELP t_requests_total Requests\n"
            "# TYPE t_requests_total counter\n"
            "t_requests_total{code=\"200\"} 3\n");
}

TEST(MetricsRegistry, OneNameIsOneFamily) {
  Registry r;
  Counter& a = r.counter("t_total", "T", {"x"}).with({"1"});
  Counter& b = r.counter("t_total", "T", {"x"}).with({"1"});
  EXPECT_EQ(&a, &b);
  EXPECT_THROW(r.gauge("t_total", "T", {"x"}), std::logic_error);
  EXPECT_THROW(r.counter("t_total", "T", {"y"}), std::logic_error);
}

// A hostile or buggy source of label values cannot grow the registry without bound.
TEST(MetricsRegistry, SeriesBeyondTheBoundGoToOther) {
  Registry r;
  CounterFamily& f = r.counter("t_total", "T", {"who"});
  for (std::size_t i = 0; i < Registry::kMaxSeries + 50; ++i) f.with({"peer" + std::to_string(i)}).inc();
  std::size_t series = 0;
  std::uint64_t other = 0;
  f.each([&](const LabelValues& v, const Counter& c) {
    ++series;
    if (v.front() == "other") other = c.value();
  });
  EXPECT_EQ(series, Registry::kMaxSeries + 1);
  EXPECT_EQ(other, 50u);
}

TEST(MetricsRegistry, CollectedSamplesOfSeveralSourcesAddUpAndGoWithTheirRegistration) {
  Registry r;
  auto one = r.collect_gauge("t_ues", "UEs", {"state"}, [](const Emit& emit) { emit({"registered"}, 2); });
  {
    auto two = r.collect_gauge("t_ues", "UEs", {"state"}, [](const Emit& emit) { emit({"registered"}, 3); });
    EXPECT_NE(r.text().find("t_ues{state=\"registered\"} 5\n"), std::string::npos) << r.text();
  }
  EXPECT_NE(r.text().find("t_ues{state=\"registered\"} 2\n"), std::string::npos) << r.text();
  one.reset();
  EXPECT_EQ(r.text(), "");
}

TEST(MetricsRegistry, CountsFromManyThreadsAreNotLost) {
  Registry r;
  Counter& c = r.counter("t_total", "T").with(LabelValues{});
  Histogram& h = r.histogram("t_seconds", "T", {}, seconds_buckets()).with(LabelValues{});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) {
        c.inc();
        h.observe(0.001);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(c.value(), 40000u);
  EXPECT_EQ(h.snapshot().cumulative.back(), 40000u);
}

// Prometheus' own checker accepts the output, escaped label values included.
TEST(MetricsRegistry, PromtoolFindsTheExpositionClean) {
  Registry r;
  r.counter("iotboot_t_requests_total", "Requests \"quoted\", back\\slash", {"as"}).with({"a\"b\\c\nd"}).inc();
  r.histogram("iotboot_t_duration_seconds", "Time", {"as"}, seconds_buckets()).with({"x"}).observe(0.2);
  auto g = r.collect_gauge("iotboot_t_open", "Open", {}, [](const Emit& emit) { emit({}, 1); });
  const test::ProcessResult checked = test::promtool_check_metrics(r.text());
  EXPECT_EQ(checked.status, 0) << checked.out << checked.err << r.text();
  EXPECT_EQ(checked.out + checked.err, "") << r.text();
  // And it would say so: a counter without _total is a lint problem.
  r.counter("iotboot_t_requests", "Bad name").with(LabelValues{}).inc();
  const test::ProcessResult bad = test::promtool_check_metrics(r.text());
  EXPECT_NE(bad.out + bad.err, "");
}

}  // namespace
}  // namespace iotboot::metrics
