#pragma once
#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "costmodel/network_shape.hpp"

namespace latnas {

// Where an accuracy proxy can be trusted: near the networks it was fitted on, judged jointly.
//
// A network is a point in seven coordinates (ln MACs, ln depth, ln width, ln resolution, SE share,
// large-kernel share, ln expansion), each standardised by its spread over the calibration networks.
// Its distance is the Euclidean distance to the nearest calibration network; the domain is the
// union of balls of one radius around them: the 95th percentile of the distances the calibration
// networks have to their own nearest neighbours (beyond it, a network is further from the data
// than nineteen in twenty calibration networks are from the next one). Per-axis bounds cannot see a corner of the
// space where every coordinate is inside its range but no network is near (deep and narrow at low
// resolution with SE and 7x7 kernels everywhere); this can. ResNets and other non-MBConv networks
// are always outside.
class ProxyDomain {
 public:
  static constexpr std::size_t dimensions = 7;
  using Point = std::array<double, dimensions>;
  static const std::array<std::string_view, dimensions>& coordinate_names();

  ProxyDomain() = default;
  // Throws std::invalid_argument for fewer than 2 networks or a shape outside the MBConv domain.
  ProxyDomain(const std::vector<NetworkShape>& shapes, const std::vector<std::uint64_t>& macs);

  // Raw (unstandardised) coordinates of a network.
  static Point coordinates(const NetworkShape& shape, std::uint64_t macs);

  // Standardised distance to the nearest calibration network (infinity outside MBConv).
  double distance(const NetworkShape& shape, std::uint64_t macs) const;
  // The same from the network's raw coordinates (when the caller has them already).
  double distance(const NetworkShape& shape, const Point& raw) const;
  // How far outside the domain, relative to its radius: max(0, distance / radius - 1); 0 inside,
  // and a large finite number (1e9) for a network outside MBConv, so a search's constraint
  // violation stays finite and comparable. The search's violation when it must stay in the domain.
  double excess(double distance) const;
  double radius() const { return radius_; }
  std::size_t size() const { return count_; }
  const Point& scale() const { return scale_; }
  // Leave-one-out nearest-neighbour distance of every calibration network, in input order.
  const std::vector<double>& own_distances() const { return own_; }

 private:
  Point standardise(const Point& raw) const;
  // Standardised calibration networks, one column per coordinate (coordinate j of network i at
  // columns_[j * count_ + i]): the nearest-neighbour scan is then a plain loop over contiguous
  // values that the compiler vectorises. The networks are stored sorted by coordinate key_, so the
  // scan can start in blocks beside the query and stop in each direction at the first block whose
  // key coordinate alone is already further than the nearest network found. Each column is padded
  // with +infinity to a whole number of blocks (stride_ values), so every block is full.
  static constexpr std::size_t block = 16;
  std::vector<double> columns_;
  std::size_t count_ = 0, stride_ = 0;
  std::size_t key_ = 0;
  Point mean_{}, scale_{};
  double radius_ = 0.0;
  std::vector<double> own_;
};

}  // namespace latnas
