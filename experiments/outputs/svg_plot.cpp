#include "experiments/outputs/svg_plot.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

namespace latnas {
namespace {

constexpr double width = 960, height = 600;
constexpr double left = 80, right = 250, top = 70, bottom = 70;  // the legend sits on the right

std::string num(double v, int decimals = 2) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '"') out += "&quot;";
    else out += c;
  }
  return out;
}

// Tick step of 1, 2 or 5 times a power of ten giving about `target` ticks.
double nice_step(double span, int target) {
  const double raw = span / target;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (raw <= m * mag) return m * mag;
  return 10 * mag;
}

int decimals_for(double step) { return std::max(0, static_cast<int>(-std::floor(std::log10(step) + 1e-9))); }

struct Axis {
  double lo, hi;
  double step;
};

Axis make_axis(double lo, double hi) {
  if (!(hi > lo)) {
    const double pad = std::max(std::fabs(lo) * 0.05, 1e-3);
    lo -= pad, hi += pad;
  }
  const double step = nice_step(hi - lo, 8);  // fine enough that rounding the ends wastes little
  return {std::floor(lo / step) * step, std::ceil(hi / step) * step, step};
}

// Approximate extent of 11-12 px DejaVu Sans text: enough to keep labels apart.
constexpr double char_width = 6.6;

// Words of `text` in lines of at most `chars` characters (a longer word gets a line of its own).
std::vector<std::string> wrap(const std::string& text, std::size_t chars) {
  std::vector<std::string> lines;
  std::string line, word;
  auto flush_word = [&] {
    if (word.empty()) return;
    if (!line.empty() && line.size() + 1 + word.size() > chars) {
      lines.push_back(line);
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
    word.clear();
  };
  for (char c : text) {
    if (c == ' ') {
      flush_word();
    } else {
      word += c;
      if (word.size() == chars) flush_word();  // a word longer than a line is cut
    }
  }
  flush_word();
  if (!line.empty()) lines.push_back(line);
  if (lines.empty()) lines.emplace_back();
  return lines;
}

struct Box {
  double x0, y0, x1, y1;
  bool overlaps(const Box& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
};

}  // namespace

std::string render_svg(const PlotSpec& p) {
  double x_lo = std::numeric_limits<double>::infinity(), x_hi = -x_lo, y_lo = x_lo, y_hi = -x_lo;
  for (const PlotSeries& s : p.series)
    for (const PlotPoint& pt : s.points) {
      x_lo = std::min(x_lo, pt.x), x_hi = std::max(x_hi, pt.x);
      y_lo = std::min(y_lo, pt.y), y_hi = std::max(y_hi, pt.y);
    }
  if (p.vertical_line) x_lo = std::min(x_lo, *p.vertical_line), x_hi = std::max(x_hi, *p.vertical_line);
  if (!std::isfinite(x_lo)) x_lo = 0, x_hi = 1, y_lo = 0, y_hi = 1;
  if (p.x_from_zero) x_lo = std::min(x_lo, 0.0);
  const Axis ax = make_axis(x_lo, x_hi), ay = make_axis(y_lo - p.y_pad, y_hi + p.y_pad);
  const double pw = width - left - right, ph = height - top - bottom;
  auto sx = [&](double x) { return left + (x - ax.lo) / (ax.hi - ax.lo) * pw; };
  auto sy = [&](double y) { return top + ph - (y - ay.lo) / (ay.hi - ay.lo) * ph; };
  auto inside = [&](const PlotPoint& pt) { return pt.x >= ax.lo && pt.x <= ax.hi && pt.y >= ay.lo && pt.y <= ay.hi; };

  std::string s;
  s += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(width, 0) + "\" height=\"" + num(height, 0) +
       "\" viewBox=\"0 0 " + num(width, 0) + " " + num(height, 0) + "\" font-family=\"DejaVu Sans, Arial, sans-serif\">\n";
  s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  s += "<text x=\"" + num(left, 0) + "\" y=\"30\" font-size=\"18\" font-weight=\"bold\">" + escape(p.title) + "</text>\n";
  s += "<text x=\"" + num(left, 0) + "\" y=\"52\" font-size=\"13\" fill=\"#444\">" + escape(p.subtitle) + "</text>\n";
  // Grid and ticks.
  const int xd = decimals_for(ax.step), yd = decimals_for(ay.step);
  for (double x = ax.lo; x <= ax.hi + ax.step * 1e-6; x += ax.step) {
    s += "<line x1=\"" + num(sx(x)) + "\" y1=\"" + num(top) + "\" x2=\"" + num(sx(x)) + "\" y2=\"" + num(top + ph) +
         "\" stroke=\"#e5e5e5\"/>\n";
    s += "<text x=\"" + num(sx(x)) + "\" y=\"" + num(top + ph + 18) + "\" font-size=\"12\" text-anchor=\"middle\">" +
         num(x, xd) + "</text>\n";
  }
  for (double y = ay.lo; y <= ay.hi + ay.step * 1e-6; y += ay.step) {
    s += "<line x1=\"" + num(left) + "\" y1=\"" + num(sy(y)) + "\" x2=\"" + num(left + pw) + "\" y2=\"" + num(sy(y)) +
         "\" stroke=\"#e5e5e5\"/>\n";
    s += "<text x=\"" + num(left - 8) + "\" y=\"" + num(sy(y) + 4) + "\" font-size=\"12\" text-anchor=\"end\">" +
         num(y, yd) + "</text>\n";
  }
  s += "<rect x=\"" + num(left) + "\" y=\"" + num(top) + "\" width=\"" + num(pw) + "\" height=\"" + num(ph) +
       "\" fill=\"none\" stroke=\"#333\"/>\n";
  s += "<text x=\"" + num(left + pw / 2) + "\" y=\"" + num(height - 20) + "\" font-size=\"14\" text-anchor=\"middle\">" +
       escape(p.x_label) + "</text>\n";
  s += "<text transform=\"translate(22 " + num(top + ph / 2) + ") rotate(-90)\" font-size=\"14\" text-anchor=\"middle\">" +
       escape(p.y_label) + "</text>\n";
  if (p.vertical_line) {
    const double x = sx(*p.vertical_line);
    s += "<line x1=\"" + num(x) + "\" y1=\"" + num(top) + "\" x2=\"" + num(x) + "\" y2=\"" + num(top + ph) +
         "\" stroke=\"#d62728\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>\n";
    s += "<text x=\"" + num(x - 6) + "\" y=\"" + num(top + 16) + "\" font-size=\"12\" fill=\"#d62728\" text-anchor=\"end\">" +
         escape(p.vertical_label) + "</text>\n";
  }
  // Fronts: a staircase (the best accuracy reachable at each latency) with its points.
  double legend_y = top + 10;
  const std::size_t legend_chars = static_cast<std::size_t>((right - 60) / char_width);
  for (const PlotSeries& ser : p.series) {
    if (!ser.points.empty()) {
      if (ser.style != SeriesStyle::points) {
        std::string path = "M" + num(sx(ser.points[0].x)) + "," + num(sy(ser.points[0].y));
        for (std::size_t i = 1; i < ser.points.size(); ++i)
          path += ser.style == SeriesStyle::staircase
                      ? " H" + num(sx(ser.points[i].x)) + " V" + num(sy(ser.points[i].y))
                      : " L" + num(sx(ser.points[i].x)) + "," + num(sy(ser.points[i].y));
        s += "<path d=\"" + path + "\" fill=\"none\" stroke=\"" + ser.color + "\" stroke-width=\"2\"/>\n";
      }
      if (ser.style != SeriesStyle::line)
        for (const PlotPoint& pt : ser.points)
          s += "<circle cx=\"" + num(sx(pt.x)) + "\" cy=\"" + num(sy(pt.y)) + "\" r=\"3\" fill=\"" + ser.color +
               "\"" + (ser.style == SeriesStyle::points ? " fill-opacity=\"0.6\"" : "") + "/>\n";
    }
    s += "<line x1=\"" + num(left + pw + 20) + "\" y1=\"" + num(legend_y) + "\" x2=\"" + num(left + pw + 44) + "\" y2=\"" +
         num(legend_y) + "\" stroke=\"" + ser.color + "\" stroke-width=\"3\"/>\n";
    for (const std::string& line : wrap(ser.label, legend_chars)) {
      s += "<text x=\"" + num(left + pw + 50) + "\" y=\"" + num(legend_y + 4) + "\" font-size=\"12\">" + escape(line) +
           "</text>\n";
      legend_y += 15;
    }
    legend_y += 5;
  }
  // Reference networks: a diamond and a label, inside the axes only; each label at the first of
  // several spots around its diamond that overlaps no label placed before it.
  bool any_marker = false;
  std::vector<Box> placed;
  std::vector<std::string> outside;
  for (const PlotMarker& m : p.markers) {
    if (!inside(m.at)) {
      outside.push_back(m.label);
      continue;
    }
    any_marker = true;
    const double x = sx(m.at.x), y = sy(m.at.y);
    s += "<path d=\"M" + num(x) + "," + num(y - 6) + " L" + num(x + 6) + "," + num(y) + " L" + num(x) + "," + num(y + 6) +
         " L" + num(x - 6) + "," + num(y) + " Z\" fill=\"#ff7f0e\" stroke=\"#7f3f00\"/>\n";
    const double w = char_width * static_cast<double>(m.label.size()), h = 12;
    struct Spot {
      double dx, dy;  // baseline start relative to the diamond
      bool end;       // text-anchor end (label to the left)
    };
    const Spot spots[] = {{9, -7, false}, {9, 15, false}, {-9, -7, true}, {-9, 15, true},
                          {9, -21, false}, {9, 29, false}, {-9, -21, true}, {-9, 29, true}};
    Spot chosen = spots[0];
    Box box{};
    for (const Spot& sp : spots) {
      const double bx = sp.end ? x + sp.dx - w : x + sp.dx, by = y + sp.dy - h + 2;
      box = {bx, by, bx + w, by + h};
      chosen = sp;
      const bool clear = box.x0 >= left && box.x1 <= left + pw && box.y0 >= top && box.y1 <= top + ph &&
                         std::none_of(placed.begin(), placed.end(), [&](const Box& b) { return b.overlaps(box); });
      if (clear) break;
    }
    placed.push_back(box);
    s += "<text x=\"" + num(x + chosen.dx) + "\" y=\"" + num(y + chosen.dy) + "\" font-size=\"11\" fill=\"#7f3f00\"" +
         (chosen.end ? " text-anchor=\"end\"" : "") + ">" + escape(m.label) + "</text>\n";
  }
  if (any_marker || !outside.empty()) {
    const double x = left + pw + 32;
    s += "<path d=\"M" + num(x) + "," + num(legend_y - 6) + " L" + num(x + 6) + "," + num(legend_y) + " L" + num(x) + "," +
         num(legend_y + 6) + " L" + num(x - 6) + "," + num(legend_y) + " Z\" fill=\"#ff7f0e\" stroke=\"#7f3f00\"/>\n";
    s += "<text x=\"" + num(left + pw + 50) + "\" y=\"" + num(legend_y + 4) + "\" font-size=\"12\">reference networks</text>\n";
    legend_y += 20;
  }
  if (!outside.empty()) {
    // Named, not silently dropped: a reference far off would squash the fronts if the axes grew to it.
    std::string note = "outside the axes: ";
    for (std::size_t i = 0; i < outside.size(); ++i) note += (i ? ", " : "") + outside[i];
    for (const std::string& line : wrap(note, legend_chars + 4)) {
      s += "<text x=\"" + num(left + pw + 20) + "\" y=\"" + num(legend_y) + "\" font-size=\"11\" fill=\"#555\">" +
           escape(line) + "</text>\n";
      legend_y += 14;
      if (legend_y > height - 20) break;
    }
  }
  s += "</svg>\n";
  return s;
}

}  // namespace latnas
