// Bar charts as inline SVG, drawn by the grader: the score and run-time histograms of the class
// report. The geometry is computed apart from the drawing, so tests check numbers, not markup.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "report/html_writer.h"

namespace grade::report {

// The drawing area of a chart, in SVG user units (CSS pixels).
struct ChartBox {
  double width = 360;
  double height = 170;
  double left = 34;  // room for the count axis
  double right = 8;
  double top = 12;
  double bottom = 34;  // room for the bin labels

  double plot_width() const { return width - left - right; }
  double plot_height() const { return height - top - bottom; }
  double baseline() const { return height - bottom; }
};

struct BarGeometry {
  double x = 0;
  double y = 0;  // top of the bar
  double width = 0;
  double height = 0;  // 0 for an empty bin

  bool operator==(const BarGeometry&) const = default;
};

// One bar per count, side by side over the plot's width with a small gap, heights in
// proportion to the largest count (which reaches the top of the plot).
std::vector<BarGeometry> histogram_bars(std::span<const int> counts, const ChartBox& box = {});

struct Histogram {
  std::string label;                // what is counted, for screen readers and the caption
  std::vector<int> counts;          // one per bin
  std::vector<std::string> bins;    // each bin's range, for its tooltip ("90-100%")
  std::vector<std::string> labels;  // short labels under the bars ("90"); empty: the bins
  std::string unit = "attempts";    // "3 attempts" in each bar's tooltip
};

// <svg class="histogram"> with a rect.bar per bin (its count in a <title>), bin labels and
// the count axis.
void write_histogram(HtmlWriter& html, const Histogram& histogram, const ChartBox& box = {});

// Round numbers for an axis from 0 to at least `top`: steps of 1, 2 or 5 times a power of
// ten, about `wanted` of them. The last tick is >= top.
std::vector<double> axis_ticks(double top, int wanted = 5);

// A tick's value as an axis shows it: three significant digits ("0.004", "0.012", "1.25"),
// whole numbers from 100 on.
std::string tick_label(double value);

// "0.5", "12", "1.25": a coordinate or tick value without trailing zeros.
std::string svg_number(double value);

}  // namespace grade::report
