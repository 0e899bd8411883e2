#pragma once
#include <optional>
#include <string>
#include <vector>

namespace latnas {

struct PlotPoint {
  double x = 0, y = 0;
};

// A front drawn as a staircase through its points (each point dominates the step after it).
struct PlotSeries {
  std::string label;
  std::vector<PlotPoint> points;  // sorted by x
  std::string color = "#1f77b4";
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
};

// A self-contained SVG (no scripts, no external fonts). Axes fit the series and the budget line;
// markers outside them are left out rather than stretching the axes.
std::string render_svg(const PlotSpec& plot);

}  // namespace latnas
