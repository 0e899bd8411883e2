#pragma once
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <limits>
#include <map>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "search/dominance.hpp"
#include "search/evaluation.hpp"
#include "search/objective_views.hpp"

namespace latnas::search {

// Every non-dominated point ever inserted (minimisation), each with a payload such as the
// individual. A point dominated by an entry, or equal to one in every objective, is refused, so
// the first of equal points stays and results do not depend on anything but insertion order.
// Two objectives: entries are kept sorted by f1 (f2 then strictly decreases), so a lookup is
// O(log n) and each removed entry is paid for once by the insertion that added it. Other counts:
// a linear scan per insertion.
template <class Payload>
class ParetoArchive {
 public:
  struct Entry {
    std::vector<double> objectives;
    Payload payload;
    bool operator==(const Entry&) const = default;
  };

  explicit ParetoArchive(std::size_t objective_count) : objective_count_(objective_count) {
    if (objective_count == 0) {
      throw std::invalid_argument("pareto archive objectives: expected at least 1, got 0");
    }
  }

  std::size_t objective_count() const noexcept { return objective_count_; }
  std::size_t size() const noexcept { return two_d() ? by_f1_.size() : unordered_.size(); }
  bool empty() const noexcept { return size() == 0; }
  // Changes whenever the contents change; lets callers cache statistics of the archive.
  std::uint64_t version() const noexcept { return version_; }

  // Returns whether the point was added. Throws std::invalid_argument on a wrong objective count
  // or a NaN objective.
  bool insert(std::span<const double> objectives, const Payload& payload) {
    check(objectives);
    const bool added =
        two_d() ? insert_2d(objectives, payload) : insert_general(objectives, payload);
    if (added) ++version_;
    return added;
  }

  // Two objectives: keep the archive's hypervolume against `reference` up to date on every
  // insertion (O(1) per changed entry), so a run can log it every generation without a pass over
  // an archive of 10^5 entries. Throws std::invalid_argument for another objective count.
  void track_hypervolume(std::span<const double> reference) {
    if (!two_d() || reference.size() != 2)
      throw std::invalid_argument("hypervolume tracking: expected 2 objectives and a 2-D reference, got " +
                                  std::to_string(objective_count_) + " and " + std::to_string(reference.size()));
    reference_ = {reference[0], reference[1]};
    tracking_ = true;
    volume_ = Sum{};
    double prev_f2 = std::numeric_limits<double>::infinity();
    for (const auto& [f1, entry] : by_f1_) {
      volume_.add(contribution(f1, entry.objectives[1], prev_f2));
      prev_f2 = entry.objectives[1];
    }
  }
  // The tracked hypervolume (equal to hypervolume_2d of the entries up to rounding in the last
  // bits: the same terms, summed in insertion order with compensation); NaN when not tracked.
  double hypervolume() const noexcept {
    return tracking_ ? volume_.value() : std::numeric_limits<double>::quiet_NaN();
  }

  // The numbers behind the tracked hypervolume, so that a saved archive can be rebuilt with the
  // same running sum (recomputing it would round differently in the last bits).
  struct Tracking {
    std::array<double, 2> reference{};
    double sum = 0.0, compensation = 0.0;
    bool operator==(const Tracking&) const = default;
  };
  std::optional<Tracking> tracking() const {
    if (!tracking_) return std::nullopt;
    return Tracking{reference_, volume_.sum, volume_.compensation};
  }
  // Rebuilds an archive from entries in for_each order, its version and tracking numbers. Throws
  // std::invalid_argument when an entry is refused (dominated by or equal to an earlier one).
  static ParetoArchive rebuilt(std::size_t objective_count, const std::vector<Entry>& entries, std::uint64_t version,
                               const std::optional<Tracking>& tracking) {
    ParetoArchive archive(objective_count);
    for (const Entry& e : entries)
      if (!archive.insert(std::span<const double>(e.objectives), e.payload))
        throw std::invalid_argument("pareto archive entries: expected mutually non-dominated points, got a dominated one");
    if (tracking) {
      archive.track_hypervolume(tracking->reference);
      archive.volume_ = Sum{tracking->sum, tracking->compensation};
    }
    archive.version_ = version;
    return archive;
  }

  // The smallest value of each objective over the entries (NaN when empty); O(1) for two.
  std::vector<double> best() const {
    std::vector<double> b(objective_count_, std::numeric_limits<double>::quiet_NaN());
    if (two_d()) {
      if (!by_f1_.empty()) b = {by_f1_.begin()->first, by_f1_.rbegin()->second.objectives[1]};
      return b;
    }
    for (const auto& entry : unordered_)
      for (std::size_t m = 0; m < objective_count_; ++m)
        if (!(b[m] <= entry.objectives[m])) b[m] = entry.objectives[m];
    return b;
  }

  // Infeasible evaluations are refused: the archive holds feasible solutions only.
  bool insert(const Evaluation& evaluation, const Payload& payload) {
    return evaluation.feasible() && insert(evaluation.objectives(), payload);
  }

  // Calls f(const Entry&) for every entry: by increasing f1 for two objectives, else in
  // insertion order.
  template <class F>
  void for_each(F&& f) const {
    if (two_d()) {
      for (const auto& [f1, entry] : by_f1_) f(entry);
    } else {
      for (const auto& entry : unordered_) f(entry);
    }
  }

  // Views of the entries' objectives (order of for_each), valid until the next insertion.
  std::vector<ObjectiveView> objective_views() const {
    std::vector<ObjectiveView> views;
    views.reserve(size());
    for_each([&](const Entry& e) { views.push_back(e.objectives); });
    return views;
  }

  // A copy of the entries sorted lexicographically by objectives (a total order: no two entries
  // are equal), so archives can be compared directly.
  std::vector<Entry> entries() const {
    std::vector<Entry> copy;
    copy.reserve(size());
    for_each([&](const Entry& e) { copy.push_back(e); });
    if (!two_d()) {
      std::sort(copy.begin(), copy.end(),
                [](const Entry& a, const Entry& b) { return a.objectives < b.objectives; });
    }
    return copy;
  }

 private:
  bool two_d() const noexcept { return objective_count_ == 2; }

  void check(std::span<const double> objectives) const {
    if (objectives.size() != objective_count_) {
      throw std::invalid_argument("pareto archive insert: expected " +
                                  std::to_string(objective_count_) + " objectives, got " +
                                  std::to_string(objectives.size()));
    }
    for (double value : objectives) {
      if (std::isnan(value)) {
        throw std::invalid_argument(
            "pareto archive insert: expected objectives that are not "
            "NaN, got NaN");
      }
    }
  }

  bool insert_2d(std::span<const double> p, const Payload& payload) {
    const double f1 = p[0], f2 = p[1];
    // The entry with the largest f1 <= p's has the smallest f2 among those; if it is no worse in
    // f2, it dominates or equals p.
    auto after = by_f1_.upper_bound(f1);
    if (after != by_f1_.begin() && std::prev(after)->second.objectives[1] <= f2) return false;
    // Entries p dominates have f1 >= p's and f2 >= p's: a run starting at the first f1 >= p's.
    auto first = by_f1_.lower_bound(f1);
    auto last = first;
    while (last != by_f1_.end() && last->second.objectives[1] >= f2) ++last;
    if (tracking_) {
      // Only p, the entries it removes and the one after them change their slab of the volume.
      const double prev_f2 = first == by_f1_.begin() ? std::numeric_limits<double>::infinity()
                                                     : std::prev(first)->second.objectives[1];
      double pred = prev_f2;
      for (auto it = first; it != last; ++it) {
        volume_.add(-contribution(it->first, it->second.objectives[1], pred));
        pred = it->second.objectives[1];
      }
      if (last != by_f1_.end()) {
        volume_.add(-contribution(last->first, last->second.objectives[1], pred));
        volume_.add(contribution(last->first, last->second.objectives[1], f2));
      }
      volume_.add(contribution(f1, f2, prev_f2));
    }
    by_f1_.erase(first, last);
    by_f1_.emplace_hint(last, f1, Entry{{f1, f2}, payload});
    return true;
  }

  bool insert_general(std::span<const double> p, const Payload& payload) {
    for (const auto& entry : unordered_) {
      if (std::ranges::equal(entry.objectives, p) || dominates(entry.objectives, p)) return false;
    }
    std::erase_if(unordered_, [&](const Entry& entry) { return dominates(p, entry.objectives); });
    unordered_.push_back(Entry{{p.begin(), p.end()}, payload});
    return true;
  }

  // The slab an entry adds to the 2-D hypervolume, given the f2 of the entry before it.
  double contribution(double f1, double f2, double prev_f2) const noexcept {
    const double top = std::min(prev_f2, reference_[1]);
    return f1 < reference_[0] && f2 < top ? (reference_[0] - f1) * (top - f2) : 0.0;
  }

  // Neumaier's compensated sum: long runs add and remove millions of slabs without drifting.
  struct Sum {
    double sum = 0.0, compensation = 0.0;
    void add(double x) noexcept {
      const double t = sum + x;
      compensation += std::fabs(sum) >= std::fabs(x) ? (sum - t) + x : (x - t) + sum;
      sum = t;
    }
    double value() const noexcept { return sum + compensation; }
  };

  std::size_t objective_count_;
  std::uint64_t version_ = 0;
  bool tracking_ = false;
  std::array<double, 2> reference_{};
  Sum volume_;
  std::map<double, Entry> by_f1_;  // two objectives
  std::vector<Entry> unordered_;   // any other count
};

}  // namespace latnas::search
