// A registry of metric families, rendered in the Prometheus text exposition format (0.0.4).
//
// A family is a name, a help text, label names and one series per set of label values, made on
// first use. Hot paths keep the series they update (`Counter& ok = family.with({"2001"})`) or
// look it up under a shared lock (label values known only per request: a result code).
//
// Label values must come from a bounded set: configured or authenticated identities (peer
// Origin-Hosts, AS identities from a verified certificate), result codes, causes. A family
// still stops at `max_series`; label sets beyond it are counted in one series whose values are
// all "other", so a bug or a hostile peer cannot grow the process or the Prometheus server.
//
// Gauges of state an NF already keeps (UEs attached, KeySets stored) are collected at scrape
// time instead: the NF registers a collector, called on the thread that serves /metrics (the
// NF's io thread), and keeps the returned Registration for as long as it lives. Several NFs in
// one process (`iotboot run`, tests) register under one name and their samples add up.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "metrics/metric.hpp"

namespace iotboot::metrics {

using LabelValues = std::vector<std::string>;

template <typename M>
class Family {
 public:
  Family(std::vector<std::string> label_names, std::size_t max_series, std::function<std::unique_ptr<M>()> make)
      : label_names_(std::move(label_names)), max_series_(max_series), make_(std::move(make)) {}

  // The series for these label values (as many as label names, in their order).
  M& with(const LabelValues& values) {
    {
      std::shared_lock lock(mutex_);
      if (auto it = series_.find(values); it != series_.end()) return *it->second;
    }
    std::unique_lock lock(mutex_);
    if (auto it = series_.find(values); it != series_.end()) return *it->second;
    const bool full = series_.size() >= max_series_;
    auto& slot = series_[full ? LabelValues(label_names_.size(), "other") : values];
    if (!slot) slot = make_();
    return *slot;
  }
  M& with(std::initializer_list<std::string_view> values) { return with(LabelValues(values.begin(), values.end())); }

  const std::vector<std::string>& label_names() const noexcept { return label_names_; }
  // Calls fn(values, series) for each series, in label order, under the shared lock.
  template <typename Fn>
  void each(Fn fn) const {
    std::shared_lock lock(mutex_);
    for (const auto& [values, series] : series_) fn(values, *series);
  }

 private:
  std::vector<std::string> label_names_;
  std::size_t max_series_;
  std::function<std::unique_ptr<M>()> make_;
  mutable std::shared_mutex mutex_;
  std::map<LabelValues, std::unique_ptr<M>> series_;
};

using CounterFamily = Family<Counter>;
using GaugeFamily = Family<Gauge>;
using HistogramFamily = Family<Histogram>;

// Undoes one registration (a collector, a readiness check) when it goes.
class Registration {
 public:
  Registration() = default;
  explicit Registration(std::function<void()> undo) : undo_(std::move(undo)) {}
  Registration(Registration&& o) noexcept : undo_(std::exchange(o.undo_, nullptr)) {}
  Registration& operator=(Registration&& o) noexcept {
    if (this != &o) {
      reset();
      undo_ = std::exchange(o.undo_, nullptr);
    }
    return *this;
  }
  Registration(const Registration&) = delete;
  Registration& operator=(const Registration&) = delete;
  ~Registration() { reset(); }
  void reset() {
    if (undo_) std::exchange(undo_, nullptr)();
  }

 private:
  std::function<void()> undo_;
};

// What a collector gives for each of its series: the label values and the value now.
using Emit = std::function<void(const LabelValues&, double)>;
using Collect = std::function<void(const Emit&)>;

class Registry {
 public:
  static constexpr std::size_t kMaxSeries = 256;

  Registry();
  ~Registry();  // where Entry is complete
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // The family of that name, made on the first call; later calls with the same name return it
  // (std::logic_error if its kind or label names differ: two definitions of one metric).
  // Names follow Prometheus' conventions: counters end in _total, durations in _seconds.
  CounterFamily& counter(const std::string& name, const std::string& help, std::vector<std::string> labels = {});
  GaugeFamily& gauge(const std::string& name, const std::string& help, std::vector<std::string> labels = {});
  HistogramFamily& histogram(const std::string& name, const std::string& help, std::vector<std::string> labels,
                             std::vector<double> bounds);
  // A gauge whose samples `collect` gives at scrape time.
  [[nodiscard]] Registration collect_gauge(const std::string& name, const std::string& help,
                                           std::vector<std::string> labels, Collect collect);

  // Every family, sorted by name, in the text exposition format.
  std::string text() const;

  struct Entry;

 private:
  Entry& entry(const std::string& name, const std::string& help, const char* type,
               const std::vector<std::string>& labels);
  mutable std::mutex mutex_;
  std::map<std::string, std::unique_ptr<Entry>> entries_;
  std::uint64_t next_collector_ = 0;
};

// The process's registry: what its /metrics serves.
Registry& process_registry();

}  // namespace iotboot::metrics
