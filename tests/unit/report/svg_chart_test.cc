#include "report/svg_chart.h"

#include <sstream>
#include <vector>

#include <gtest/gtest.h>

namespace grade::report {
namespace {

TEST(SvgChart, BarsShareThePlotWidthAndScaleToTheLargestCount) {
  ChartBox box;
  box.width = 140;
  box.left = 20;
  box.right = 0;
  box.height = 120;
  box.top = 10;
  box.bottom = 10;  // plot 120 x 100
  const std::vector<int> counts = {2, 0, 4};
  const std::vector<BarGeometry> bars = histogram_bars(counts, box);
  ASSERT_EQ(bars.size(), 3u);
  // Slots of 40, a gap of 4 split on both sides.
  EXPECT_EQ(bars[0], (BarGeometry{22, 60, 36, 50}));
  EXPECT_EQ(bars[1], (BarGeometry{62, 110, 36, 0}));
  EXPECT_EQ(bars[2], (BarGeometry{102, 10, 36, 100}));
}

TEST(SvgChart, AllZeroCountsDrawNoHeight) {
  const std::vector<int> counts(10, 0);
  for (const BarGeometry& bar : histogram_bars(counts)) {
    EXPECT_EQ(bar.height, 0);
  }
  EXPECT_TRUE(histogram_bars(std::vector<int>{}).empty());
}

TEST(SvgChart, AxisTicksAreRoundNumbersReachingTheTop) {
  const std::vector<double> fifths = axis_ticks(1.0);
  ASSERT_EQ(fifths.size(), 6u);
  for (std::size_t i = 0; i < fifths.size(); ++i) {
    EXPECT_NEAR(fifths[i], 0.2 * static_cast<double>(i), 1e-9);
  }
  EXPECT_EQ(axis_ticks(7), (std::vector<double>{0, 2, 4, 6, 8}));
  EXPECT_EQ(axis_ticks(0), (std::vector<double>{0, 1}));
  const std::vector<double> ticks = axis_ticks(0.37, 10);
  EXPECT_GE(ticks.back(), 0.37);
  EXPECT_LE(ticks.size(), 12u);
}

TEST(SvgChart, NumbersWithoutTrailingZeros) {
  EXPECT_EQ(svg_number(12.0), "12");
  EXPECT_EQ(svg_number(0.5), "0.5");
  EXPECT_EQ(svg_number(1.256), "1.26");
  EXPECT_EQ(svg_number(-0.001), "0");
}

TEST(SvgChart, TickLabelsKeepTheDigitsOfShortTimes) {
  EXPECT_EQ(tick_label(0.004), "0.004");
  EXPECT_EQ(tick_label(0.004 * 3), "0.012");
  EXPECT_EQ(tick_label(1.25), "1.25");
  EXPECT_EQ(tick_label(1500), "1500");
  EXPECT_EQ(tick_label(1e-17), "0");
}

TEST(SvgChart, HistogramHasABarWithItsCountPerBinAndEscapedLabels) {
  Histogram h;
  h.label = "scores <of> ex1";
  h.counts = {1, 3};
  h.bins = {"low", "high"};
  h.labels = {"<0", "50"};
  std::ostringstream out;
  {
    HtmlWriter html(out);
    write_histogram(html, h);
  }
  const std::string svg = out.str();
  EXPECT_NE(svg.find("aria-label=\"scores &lt;of&gt; ex1\""), std::string::npos);
  EXPECT_NE(svg.find("<title>high: 3 attempts</title>"), std::string::npos) << svg;
  EXPECT_NE(svg.find(">&lt;0</text>"), std::string::npos);
  std::size_t bars = 0;
  for (std::size_t at = svg.find("class=\"bar\""); at != std::string::npos;
       at = svg.find("class=\"bar\"", at + 1)) {
    ++bars;
  }
  EXPECT_EQ(bars, 2u);
}

}  // namespace
}  // namespace grade::report
