#include "costmodel/proxy_domain.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace latnas {
namespace {
// The share of calibration networks whose own nearest neighbour lies within the radius.
constexpr double quantile = 0.95;
}  // namespace

const std::array<std::string_view, ProxyDomain::dimensions>& ProxyDomain::coordinate_names() {
  static const std::array<std::string_view, dimensions> names{
      "ln_macs", "ln_depth", "ln_width", "ln_resolution", "se_share", "large_kernel_share", "ln_expansion"};
  return names;
}

ProxyDomain::Point ProxyDomain::coordinates(const NetworkShape& s, std::uint64_t macs) {
  return {std::log(std::max<double>(1.0, static_cast<double>(macs))),
          std::log(std::max(1.0, static_cast<double>(s.depth))),
          std::log(std::max(1.0, s.width)),
          std::log(std::max(1.0, static_cast<double>(s.resolution))),
          s.se_share,
          s.large_kernel_share,
          std::log(std::max(1.0, s.expansion))};
}

ProxyDomain::Point ProxyDomain::standardise(const Point& raw) const {
  Point p;
  for (std::size_t j = 0; j < dimensions; ++j) p[j] = (raw[j] - mean_[j]) / scale_[j];
  return p;
}

ProxyDomain::ProxyDomain(const std::vector<NetworkShape>& shapes, const std::vector<std::uint64_t>& macs) {
  if (shapes.size() != macs.size())
    throw std::invalid_argument("proxy domain: " + std::to_string(shapes.size()) + " shapes but " +
                                std::to_string(macs.size()) + " MAC counts");
  if (shapes.size() < 2)
    throw std::invalid_argument("proxy domain: expected at least 2 networks, got " + std::to_string(shapes.size()));
  std::vector<Point> raw;
  for (std::size_t i = 0; i < shapes.size(); ++i) {
    if (!shapes[i].mbconv) throw std::invalid_argument("proxy domain: expected MBConv networks only");
    raw.push_back(coordinates(shapes[i], macs[i]));
  }
  const double n = static_cast<double>(raw.size());
  for (std::size_t j = 0; j < dimensions; ++j) {
    double sum = 0.0, sq = 0.0;
    for (const Point& p : raw) sum += p[j];
    mean_[j] = sum / n;
    for (const Point& p : raw) sq += (p[j] - mean_[j]) * (p[j] - mean_[j]);
    const double sd = std::sqrt(sq / n);
    // A coordinate that never varies in the data has no spread to measure a step by; shares and
    // logarithms are of order 1, so a step of 1 counts as one standard deviation.
    scale_[j] = sd > 1e-9 ? sd : 1.0;
  }
  std::vector<Point> standard;
  for (const Point& p : raw) standard.push_back(standardise(p));
  own_.assign(standard.size(), std::numeric_limits<double>::infinity());
  for (std::size_t a = 0; a < standard.size(); ++a)
    for (std::size_t b = 0; b < standard.size(); ++b) {
      if (a == b) continue;
      double d2 = 0.0;
      for (std::size_t j = 0; j < dimensions; ++j) d2 += (standard[a][j] - standard[b][j]) * (standard[a][j] - standard[b][j]);
      own_[a] = std::min(own_[a], std::sqrt(d2));
    }
  std::vector<double> sorted = own_;
  std::sort(sorted.begin(), sorted.end());
  radius_ = sorted[static_cast<std::size_t>(quantile * static_cast<double>(sorted.size() - 1))];
  count_ = standard.size();
  columns_.assign(dimensions * count_, 0.0);
  for (std::size_t i = 0; i < count_; ++i)
    for (std::size_t j = 0; j < dimensions; ++j) columns_[j * count_ + i] = standard[i][j];
}

double ProxyDomain::excess(double distance) const {
  if (!(distance <= radius_)) return std::isfinite(distance) ? distance / radius_ - 1.0 : 1e9;
  return 0.0;
}

double ProxyDomain::distance(const NetworkShape& shape, std::uint64_t macs) const {
  return distance(shape, coordinates(shape, macs));
}

double ProxyDomain::distance(const NetworkShape& shape, const Point& raw) const {
  if (!shape.mbconv || count_ == 0) return std::numeric_limits<double>::infinity();
  const Point q = standardise(raw);
  // Squared distances to every calibration network, accumulated coordinate by coordinate in blocks
  // (the same order of additions for every point, so the result does not depend on the block).
  constexpr std::size_t block = 64;
  double best2 = std::numeric_limits<double>::infinity();
  for (std::size_t first = 0; first < count_; first += block) {
    const std::size_t n = std::min(block, count_ - first);
    double d2[block] = {};
    for (std::size_t j = 0; j < dimensions; ++j) {
      const double* column = columns_.data() + j * count_ + first;
      const double qj = q[j];
      for (std::size_t i = 0; i < n; ++i) {
        const double d = column[i] - qj;
        d2[i] += d * d;
      }
    }
    for (std::size_t i = 0; i < n; ++i) best2 = std::min(best2, d2[i]);
  }
  return std::sqrt(best2);
}

}  // namespace latnas
