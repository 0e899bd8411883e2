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
  std::vector<PlotMarker> markers;  // those inside the axes are drawn, the others named in a note
  std::optional<double> vertical_line;  // e.g. the latency budget
  std::string vertical_label;
  bool x_from_zero = false;  // start the x axis at 0 (else it fits the data: no empty half)
  double y_pad = 0.5;       // added below and above the data's y range
};

// A self-contained SVG (no scripts, no external fonts). Axes fit the series and the budget line;
// markers outside them are not drawn (they would stretch the axes) but listed under the legend.
// Legend entries wrap within the legend column; marker labels are placed where they overlap no
// other label (the first free spot of several around the marker).
std::string render_svg(const PlotSpec& plot);

}  // namespace latnas
