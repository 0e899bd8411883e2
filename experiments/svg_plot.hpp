#pragma once
#include <optional>
#include <string>
#include <vector>

namespace latnas {

struct PlotPoint {
  double x = 0, y = 0;
};

// How a series is drawn.
enum class SeriesStyle {
  staircase,  // a front: a staircase through its points (each point dominates the step after it)
  points,     // a scatter: the points alone
  line,       // straight segments through the points (e.g. the diagonal y = x)
};

struct PlotSeries {
  std::string label;
  std::vector<PlotPoint> points;  // sorted by x
  std::string color = "#1f77b4";
  SeriesStyle style = SeriesStyle::staircase;
};

// A labelled reference network.
struct PlotMarker {
  std::string label;
  PlotPoint at;
};

struct PlotSpec {
  std::string title;
  std::string subtitle;
  std::string x_label;
  std::string y_label;
  std::vector<PlotSeries> series;
  std::vector<PlotMarker> markers;  // only those inside the axes are drawn
  std::optional<double> vertical_line;  // e.g. the latency budget
  std::string vertical_label;
  bool x_from_zero = true;  // latency axes start at 0 so distances read true
  double y_pad = 0.5;       // added below and above the data's y range
};

// A self-contained SVG (no scripts, no external fonts). Axes fit the series and the budget line;
// markers outside them are left out rather than stretching the axes.
std::string render_svg(const PlotSpec& plot);

}  // namespace latnas
