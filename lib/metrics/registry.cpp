#include "metrics/registry.hpp"

#include <stdexcept>
#include <variant>

#include "metrics/text_format.hpp"

namespace iotboot::metrics {

struct Registry::Entry {
  std::string help;
  std::string type;  // counter, gauge, histogram
  std::vector<std::string> labels;
  std::variant<std::monostate, std::unique_ptr<CounterFamily>, std::unique_ptr<GaugeFamily>,
               std::unique_ptr<HistogramFamily>>
      family;
  std::map<std::uint64_t, Collect> collectors;
};

Registry::Registry() = default;
Registry::~Registry() = default;

Registry::Entry& Registry::entry(const std::string& name, const std::string& help, const char* type,
                                 const std::vector<std::string>& labels) {
  auto& e = entries_[name];
  if (!e) {
    e = std::make_unique<Entry>();
    e->help = help;
    e->type = type;
    e->labels = labels;
  } else if (e->type != type || e->labels != labels) {
    throw std::logic_error("metric " + name + " defined twice, differently");
  }
  return *e;
}

CounterFamily& Registry::counter(const std::string& name, const std::string& help, std::vector<std::string> labels) {
  std::lock_guard lock(mutex_);
  Entry& e = entry(name, help, "counter", labels);
  if (std::holds_alternative<std::monostate>(e.family)) {
    e.family =
        std::make_unique<CounterFamily>(std::move(labels), kMaxSeries, [] { return std::make_unique<Counter>(); });
  }
  return *std::get<std::unique_ptr<CounterFamily>>(e.family);
}

GaugeFamily& Registry::gauge(const std::string& name, const std::string& help, std::vector<std::string> labels) {
  std::lock_guard lock(mutex_);
  Entry& e = entry(name, help, "gauge", labels);
  if (std::holds_alternative<std::monostate>(e.family)) {
    e.family = std::make_unique<GaugeFamily>(std::move(labels), kMaxSeries, [] { return std::make_unique<Gauge>(); });
  }
  return *std::get<std::unique_ptr<GaugeFamily>>(e.family);
}

HistogramFamily& Registry::histogram(const std::string& name, const std::string& help, std::vector<std::string> labels,
                                     std::vector<double> bounds) {
  std::lock_guard lock(mutex_);
  Entry& e = entry(name, help, "histogram", labels);
  if (std::holds_alternative<std::monostate>(e.family)) {
    auto shared = std::make_shared<const std::vector<double>>(std::move(bounds));
    e.family = std::make_unique<HistogramFamily>(std::move(labels), kMaxSeries,
                                                 [shared] { return std::make_unique<Histogram>(shared); });
  }
  return *std::get<std::unique_ptr<HistogramFamily>>(e.family);
}

Registration Registry::collect_gauge(const std::string& name, const std::string& help, std::vector<std::string> labels,
                                     Collect collect) {
  std::lock_guard lock(mutex_);
  Entry& e = entry(name, help, "gauge", labels);
  if (!std::holds_alternative<std::monostate>(e.family)) {
    throw std::logic_error("metric " + name + " both collected and updated");
  }
  const std::uint64_t id = next_collector_++;
  e.collectors.emplace(id, std::move(collect));
  return Registration([this, name, id] {
    std::lock_guard undo_lock(mutex_);
    if (auto it = entries_.find(name); it != entries_.end()) it->second->collectors.erase(id);
  });
}

namespace {

void append_histogram(std::string& out, const std::string& name, const std::vector<std::string>& labels,
                      const LabelValues& values, const Histogram& h) {
  const Histogram::Snapshot s = h.snapshot();
  const std::vector<double>& bounds = h.bounds();
  for (std::size_t i = 0; i <= bounds.size(); ++i) {
    const std::string le = "le=\"" + (i < bounds.size() ? number(bounds[i]) : std::string("+Inf")) + "\"";
    out += name + "_bucket" + label_set(labels, values, le) + " " + std::to_string(s.cumulative[i]) + "\n";
  }
  out += name + "_sum" + label_set(labels, values) + " " + number(s.sum) + "\n";
  out += name + "_count" + label_set(labels, values) + " " + std::to_string(s.cumulative.back()) + "\n";
}

}  // namespace

std::string Registry::text() const {
  std::lock_guard lock(mutex_);
  std::string out;
  for (const auto& [name, e] : entries_) {
    // A collected gauge with no collector left (its NF is gone) is not shown at all.
    if (std::holds_alternative<std::monostate>(e->family) && e->collectors.empty()) continue;
    out += "# HELP " + name + " " + escape_help(e->help) + "\n";
    out += "# TYPE " + name + " " + e->type + "\n";
    const std::vector<std::string>& labels = e->labels;
    if (const auto* c = std::get_if<std::unique_ptr<CounterFamily>>(&e->family)) {
      (*c)->each([&](const LabelValues& v, const Counter& s) {
        out += name + label_set(labels, v) + " " + std::to_string(s.value()) + "\n";
      });
    } else if (const auto* g = std::get_if<std::unique_ptr<GaugeFamily>>(&e->family)) {
      (*g)->each([&](const LabelValues& v, const Gauge& s) {
        out += name + label_set(labels, v) + " " + std::to_string(s.value()) + "\n";
      });
    } else if (const auto* h = std::get_if<std::unique_ptr<HistogramFamily>>(&e->family)) {
      (*h)->each([&](const LabelValues& v, const Histogram& s) { append_histogram(out, name, labels, v, s); });
    } else {
      // Samples of several collectors with the same labels (several NFs in one process) add up.
      std::map<LabelValues, double> samples;
      for (const auto& [id, collect] : e->collectors) {
        collect([&](const LabelValues& v, double value) { samples[v] += value; });
      }
      for (const auto& [v, value] : samples) out += name + label_set(labels, v) + " " + number(value) + "\n";
    }
  }
  return out;
}

Registry& process_registry() {
  static Registry registry;
  return registry;
}

}  // namespace iotboot::metrics
