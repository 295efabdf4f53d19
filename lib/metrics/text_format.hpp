// The pieces of the Prometheus text exposition format (version 0.0.4) that need care: escaping
// of help texts and label values, and numbers.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace iotboot::metrics {

inline constexpr std::string_view kTextContentType = "text/plain; version=0.0.4; charset=utf-8";

// `\` and newline escaped (a HELP line).
std::string escape_help(std::string_view text);
// `\`, `"` and newline escaped (a label value between double quotes).
std::string escape_label_value(std::string_view value);
// `{a="x",b="y"}`, or nothing without labels; `extra` (e.g. `le="0.5"`) goes last.
std::string label_set(const std::vector<std::string>& names, const std::vector<std::string>& values,
                      std::string_view extra = {});
// The shortest text that reads back as v; +Inf, -Inf and NaN as Prometheus spells them.
std::string number(double v);

}  // namespace iotboot::metrics
