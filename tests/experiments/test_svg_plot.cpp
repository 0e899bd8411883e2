// The SVG plots: axes fit the data, legends stay in their column, labels do not pile up, and no
// reference network disappears without a word.
#include <doctest/doctest.h>

#include <regex>
#include <set>
#include <string>

#include "experiments/outputs/svg_plot.hpp"

using namespace latnas;

namespace {

PlotSpec sample() {
  PlotSpec p;
  p.title = "front";
  p.x_label = "GPU ms";
  p.y_label = "top-1 %";
  PlotSeries s;
  s.label = "efficientnet-orin-agx-50w-lat20-seed3 and a very long description of the run that found it";
  for (double x = 4; x <= 20; x += 2) s.points.push_back({x, 70 + x / 2});
  p.series.push_back(s);
  return p;
}

std::vector<std::smatch> texts(const std::string& svg) {
  static const std::regex text("<text x=\"([0-9.]+)\" y=\"([0-9.]+)\"[^>]*>([^<]*)</text>");
  std::vector<std::smatch> out;
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), text); it != std::sregex_iterator(); ++it) out.push_back(*it);
  return out;
}

}  // namespace

TEST_CASE("plot: the x axis fits the data instead of starting at 0") {
  const std::string svg = render_svg(sample());
  // Tick labels sit 18 px under the plot area (y = 600 - 70 + 18); the first is the axis start.
  double first = 1e9;
  for (const auto& m : texts(svg))
    if (std::stod(m[2].str()) == 548.0) first = std::min(first, std::stod(m[3].str()));
  CHECK(first >= 2.0);
  CHECK(first <= 4.0);
}

TEST_CASE("plot: a long legend entry wraps inside the legend column") {
  const std::string svg = render_svg(sample());
  int legend_lines = 0;
  for (const auto& m : texts(svg)) {
    if (std::stod(m[1].str()) < 760) continue;  // the legend column starts right of the plot area
    ++legend_lines;
    CHECK(std::stod(m[1].str()) + 6.6 * static_cast<double>(m[3].str().size()) <= 960.0 + 1e-9);
  }
  CHECK(legend_lines >= 3);
}

TEST_CASE("plot: reference labels at one spot do not overlap, and those outside the axes are named") {
  PlotSpec p = sample();
  p.markers = {{"EfficientNet-B0 77.1", {11.65, 77.1}}, {"EfficientNet-lite0 75.1", {11.65, 77.1}},
               {"MnasNet-A1 75.2", {11.7, 77.0}}, {"EfficientNet-B7 84.3", {250.0, 84.3}}};
  const std::string svg = render_svg(p);
  std::set<std::pair<std::string, std::string>> spots;
  int labels = 0;
  for (const auto& m : texts(svg))
    if (m[3].str().rfind("EfficientNet-B0", 0) == 0 || m[3].str().rfind("EfficientNet-lite0", 0) == 0 ||
        m[3].str().rfind("MnasNet", 0) == 0) {
      ++labels;
      spots.insert({m[1].str(), m[2].str()});
    }
  CHECK(labels == 3);
  CHECK(spots.size() == 3);  // three different places
  CHECK(svg.find("outside the axes:") != std::string::npos);
  CHECK(svg.find("EfficientNet-B7") != std::string::npos);
}
