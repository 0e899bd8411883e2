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
  // Sorted by ln expansion: searches' networks lie mostly beyond the calibration networks' own
  // spacing, where no coordinate picked from the data alone predicts the pruning; measured on
  // `latnas search`'s default problem (81 networks, 6 blocks), ln expansion leaves 2.1 blocks per
  // network to scan, ln width 5.9, ln depth (the widest spread) 4.9, ln MACs 5.0.
  key_ = dimensions - 1;
  std::stable_sort(standard.begin(), standard.end(), [this](const Point& a, const Point& b) { return a[key_] < b[key_]; });
  stride_ = (count_ + block - 1) / block * block;
  columns_.assign(dimensions * stride_, std::numeric_limits<double>::infinity());
  for (std::size_t i = 0; i < count_; ++i)
    for (std::size_t j = 0; j < dimensions; ++j) columns_[j * stride_ + i] = standard[i][j];
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
  // A coordinate that is not finite puts every calibration network at infinity (or NaN, which the
  // minimum skips): infinity, as the full scan would give.
  for (double v : q)
    if (!std::isfinite(v)) return std::numeric_limits<double>::infinity();
  // Squared distances to the calibration networks, accumulated coordinate by coordinate over
  // blocks of networks (the same order of additions for every network, so the result does not
  // depend on the blocks or the order they are scanned in; the minimum of finite values is exact
  // in any order, and the padding's infinities never win it). A network's sum is at least its key
  // coordinate's term (adding non-negative terms never rounds below one of them), so a block
  // whose nearest key is already further than the best distance so far holds no nearer network,
  // nor do the blocks beyond it.
  double best2 = std::numeric_limits<double>::infinity();
  // Pairwise minimum of a block (vectorised; no NaN can occur here).
  auto block_min = [](const double* d2) {
    double m[block / 2];
    for (std::size_t i = 0; i < block / 2; ++i) m[i] = d2[i + block / 2] < d2[i] ? d2[i + block / 2] : d2[i];
    for (std::size_t width = block / 4; width > 0; width /= 2)
      for (std::size_t i = 0; i < width; ++i) m[i] = m[i + width] < m[i] ? m[i + width] : m[i];
    return m[0];
  };
  // Partial sums are lower bounds too: a block whose sums over the first coordinates already
  // exceed the best is left there.
  constexpr std::size_t check_after = 3;
  auto scan = [&](std::size_t first) {
    double d2[block] = {};
    for (std::size_t j = 0; j < dimensions; ++j) {
      const double* column = columns_.data() + j * stride_ + first;
      const double qj = q[j];
      for (std::size_t i = 0; i < block; ++i) {
        const double d = column[i] - qj;
        d2[i] += d * d;
      }
      if (j + 1 == check_after && !(block_min(d2) <= best2)) return;
    }
    const double m = block_min(d2);
    if (m < best2) best2 = m;
  };
  const double* keys = columns_.data() + key_ * stride_;
  const double qk = q[key_];
  // Keys below `at` are below the query's, keys from `at` on are not.
  const auto at = static_cast<std::size_t>(std::lower_bound(keys, keys + count_, qk) - keys);
  const std::size_t home = std::min(at, count_ - 1) / block * block;
  scan(home);
  for (std::size_t first = home + block; first < count_; first += block) {
    const double d = keys[first] - qk;
    if (d * d > best2) break;
    scan(first);
  }
  for (std::size_t first = home; first > 0;) {
    first -= block;
    const double d = keys[first + block - 1] - qk;
    if (d * d > best2) break;
    scan(first);
  }
  return std::sqrt(best2);
}

}  // namespace latnas
