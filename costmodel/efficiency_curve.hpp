#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace latnas {

// One row of a derate table: efficiency (share of a base peak) as a function of an operation's MACs
// (spec/latency-model.md, "Bands and interpolation").
//
// The row is a list of contiguous bands [lo, hi). The first band starts at 0 and is constant. A band
// with a != b is interpolated linearly in log10(MACs):
//     eff = a + (b - a) * (log10 F - log10 lo) / (log10 hi - log10 lo)
// Beyond the last band's hi the last band's end value b holds (a table's top band `>X: a->b` is
// the band [X, 10X); a row written `all V` is the one band [0, inf) with value V).
// Jumps between bands are kept as the table has them: at an edge X the value is the upper band's a.
class EfficiencyCurve {
 public:
  struct Band {
    double lo = 0;  // MACs; 0 for the first band
    double hi = 0;  // MACs; may be +infinity for the last band if it is constant
    double a = 0;   // efficiency at lo
    double b = 0;   // efficiency approached at hi (== a for a constant band)
    friend bool operator==(const Band&, const Band&) = default;
  };

  // The curve that is 1.0 everywhere; exists so that containers can default-construct curves.
  EfficiencyCurve();

  // Throws std::invalid_argument unless: bands non-empty; bands[0].lo == 0 and bands[0] constant;
  // each band's lo == the previous band's hi; lo < hi; a, b finite and > 0; a band with
  // hi == infinity constant. (The profile parser checks all of these first, with file and line.)
  explicit EfficiencyCurve(std::vector<Band> bands);

  static EfficiencyCurve constant(double efficiency);

  // Parses one row in the profile syntax (data/devices/README.md), e.g.
  //   "<1M 0.01 | 1M-10M 0.02->0.06 | >5G 4.50->5.00"   or   "all 0.03"
  // '→' is accepted for "->"; MAC counts take an optional K, M, G or T suffix.
  // Throws InputError naming the offending token ("expected X, got Y"), without file or line.
  static EfficiencyCurve parse(std::string_view text);

  // Efficiency at `macs` MACs (macs > 0). One std::log10; equal to at_log10(std::log10(macs)).
  double at(double macs) const;

  // Efficiency at log10(MACs), so that a caller can share one logarithm between curves.
  // The band is chosen by comparing with log10 of the edges, which is exact at integer MAC counts.
  double at_log10(double log10_macs) const {
    std::size_t i = segments_.size() - 1;
    while (i > 0 && log10_macs < segments_[i].log_lo) --i;
    const Segment& s = segments_[i];
    return s.slope == 0 ? s.a : s.a + s.slope * (log10_macs - s.log_lo);
  }

  const std::vector<Band>& bands() const { return bands_; }

  // Edges X (ascending) where the efficiency jumps up: value at X > limit from below.
  const std::vector<double>& rising_edges() const { return rising_edges_; }

  // True if macs lies in [X, X * (1 + fraction)) for some rising edge X: such a unit's cost rests
  // on the table's jump (one MAC fewer would cost noticeably more).
  bool within_above_rising_edge(double macs, double fraction = 0.05) const {
    for (double x : rising_edges_)
      if (macs >= x && macs < x + x * fraction) return true;
    return false;
  }

  // The row in the profile syntax; parse(to_string()) == *this.
  std::string to_string() const;

  friend bool operator==(const EfficiencyCurve& l, const EfficiencyCurve& r) { return l.bands_ == r.bands_; }

 private:
  // Evaluation form of the bands: segment i covers [log_lo, next segment's log_lo); value
  // a + slope * (L - log_lo), or a if slope == 0. The first segment's log_lo is never compared, and
  // a last band that ends at a finite hi is followed by a constant segment holding its b.
  struct Segment {
    double log_lo;
    double a;
    double slope;
  };
  std::vector<Band> bands_;
  std::vector<Segment> segments_;
  std::vector<double> rising_edges_;
};

}  // namespace latnas
