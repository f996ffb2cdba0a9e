#include "report/svg_chart.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace grade::report {

std::vector<BarGeometry> histogram_bars(std::span<const int> counts, const ChartBox& box) {
  std::vector<BarGeometry> bars;
  if (counts.empty()) {
    return bars;
  }
  const int highest = std::max(1, *std::max_element(counts.begin(), counts.end()));
  const double slot = box.plot_width() / static_cast<double>(counts.size());
  const double gap = std::min(4.0, slot / 5);
  bars.reserve(counts.size());
  for (std::size_t i = 0; i < counts.size(); ++i) {
    BarGeometry bar;
    bar.width = slot - gap;
    bar.x = box.left + static_cast<double>(i) * slot + gap / 2;
    bar.height = box.plot_height() * std::max(0, counts[i]) / highest;
    bar.y = box.baseline() - bar.height;
    bars.push_back(bar);
  }
  return bars;
}

std::vector<double> axis_ticks(double top, int wanted) {
  if (!(top > 0) || !std::isfinite(top)) {
    return {0, 1};
  }
  const double raw = top / std::max(1, wanted);
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = magnitude * 10;
  for (const double m : {1.0, 2.0, 5.0}) {
    if (magnitude * m >= raw) {
      step = magnitude * m;
      break;
    }
  }
  std::vector<double> ticks;
  for (int i = 0;; ++i) {
    ticks.push_back(step * i);
    if (step * i >= top - step * 1e-9) {
      break;
    }
  }
  return ticks;
}

std::string svg_number(double value) {
  std::string text = fmt::format("{:.2f}", value);
  while (text.back() == '0') {
    text.pop_back();
  }
  if (text.back() == '.') {
    text.pop_back();
  }
  return text == "-0" ? "0" : text;
}

std::string tick_label(double value) {
  if (std::abs(value) < 1e-12) {
    return "0";
  }
  return std::abs(value) >= 100 ? fmt::format("{:.0f}", value) : fmt::format("{:.3g}", value);
}

namespace {

void write_count_axis(HtmlWriter& html, int highest, const ChartBox& box) {
  const std::string x = svg_number(box.left);
  html.empty("line", {{"class", "axis"},
                      {"x1", x},
                      {"y1", svg_number(box.top)},
                      {"x2", x},
                      {"y2", svg_number(box.baseline())}});
  html.empty("line", {{"class", "axis"},
                      {"x1", x},
                      {"y1", svg_number(box.baseline())},
                      {"x2", svg_number(box.width - box.right)},
                      {"y2", svg_number(box.baseline())}});
  for (const int value : {0, highest}) {
    const double y = box.baseline() - box.plot_height() * value / std::max(1, highest);
    html.element(
        "text", {{"x", svg_number(box.left - 4)}, {"y", svg_number(y + 4)}, {"text-anchor", "end"}},
        std::to_string(value));
  }
}

}  // namespace

void write_histogram(HtmlWriter& html, const Histogram& histogram, const ChartBox& box) {
  const std::vector<BarGeometry> bars = histogram_bars(histogram.counts, box);
  html.open("svg",
            {{"xmlns", "http://www.w3.org/2000/svg"},
             {"class", "histogram"},
             {"width", svg_number(box.width)},
             {"height", svg_number(box.height)},
             {"viewBox", fmt::format("0 0 {} {}", svg_number(box.width), svg_number(box.height))},
             {"role", "img"},
             {"aria-label", histogram.label}});
  const int highest = histogram.counts.empty()
                          ? 0
                          : *std::max_element(histogram.counts.begin(), histogram.counts.end());
  write_count_axis(html, highest, box);
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const BarGeometry& bar = bars[i];
    const std::string bin = i < histogram.bins.size() ? histogram.bins[i] : "";
    const std::string label = i < histogram.labels.size() ? histogram.labels[i] : bin;
    html.open("rect", {{"class", "bar"},
                       {"x", svg_number(bar.x)},
                       {"y", svg_number(bar.y)},
                       {"width", svg_number(bar.width)},
                       {"height", svg_number(bar.height)}});
    html.element("title", {}, fmt::format("{}: {} {}", bin, histogram.counts[i], histogram.unit));
    html.close();
    // Every other label when they would crowd each other.
    if (bars.size() <= 10 || i % 2 == 0) {
      html.element("text",
                   {{"x", svg_number(bar.x + bar.width / 2)},
                    {"y", svg_number(box.baseline() + 14)},
                    {"text-anchor", "middle"}},
                   label);
    }
  }
  html.close();
}

}  // namespace grade::report
