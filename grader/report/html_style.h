// The style sheet and the one script of the HTML reports, inline in each page (no fetch: the
// file stands alone).
#pragma once

#include <string_view>

namespace grade::report {

inline constexpr std::string_view kReportStyle = R"css(
body { font: 14px/1.45 system-ui, sans-serif; margin: 1.5em auto; max-width: 1100px;
       padding: 0 1em; color: #1d2330; background: #fff; }
h1 { font-size: 1.6em; margin-bottom: .2em; }
h2 { border-bottom: 2px solid #d0d7e2; padding-bottom: .2em; margin-top: 2em; }
h3 { margin-bottom: .3em; }
table { border-collapse: collapse; margin: .5em 0 1em; }
th, td { border: 1px solid #d0d7e2; padding: .25em .55em; text-align: left; vertical-align: top; }
th { background: #eef2f7; }
table.sortable th { cursor: pointer; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
pre { background: #f5f7fa; border: 1px solid #d0d7e2; padding: .5em; overflow-x: auto;
      white-space: pre-wrap; word-break: break-all; max-height: 24em; }
.pass, .passed { color: #1a7f37; font-weight: 600; }
.fail, .failed, .error { color: #c62828; font-weight: 600; }
.skip, .missing { color: #6b7280; }
.flaky { color: #b45309; font-weight: 600; }
.muted { color: #6b7280; }
.charts { display: flex; flex-wrap: wrap; gap: 1.5em; }
figure { margin: 0; }
figcaption { font-weight: 600; margin-bottom: .3em; }
section.attempt { border-top: 1px solid #d0d7e2; margin-top: 1.5em; }
svg text { font: 11px system-ui, sans-serif; fill: #1d2330; }
svg .bar { fill: #3b6fb6; }
svg .axis { stroke: #6b7280; stroke-width: 1; }
svg .grid { stroke: #e3e8ef; stroke-width: 1; }
svg .process-bar { fill: #3b6fb6; stroke: #23497f; }
svg .thread-bar { fill: #d9822b; stroke: #8a4f12; }
svg .row-band { fill: #f5f7fa; }
)css";

// Sorts a table.sortable by the column whose heading is clicked, again for the other order: a
// cell's data-sort value (a number) if it has one, else its text, numbers before text. The
// page's Content-Security-Policy allows this script alone, by its SHA-256.
inline constexpr std::string_view kSortScript = R"js(
document.querySelectorAll("table.sortable th").forEach(function (th) {
  th.addEventListener("click", function () {
    var body = th.closest("table").tBodies[0], column = th.cellIndex;
    var up = th.dataset.order !== "up";
    th.dataset.order = up ? "up" : "down";
    var key = function (row) {
      var cell = row.cells[column], text = cell.dataset.sort || cell.textContent;
      var number = parseFloat(text);
      return isNaN(number) ? [1, text] : [0, number];
    };
    var rows = Array.from(body.rows);
    rows.sort(function (a, b) {
      var x = key(a), y = key(b);
      var order = x[0] - y[0] || (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0);
      return up ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  });
});
)js";

}  // namespace grade::report
