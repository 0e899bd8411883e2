#include "spaces/enumeration.hpp"

#include <algorithm>

namespace latnas {

SpaceEnumerator::SpaceEnumerator(const SearchSpace& space) : space_(space), current_(space.genome_length()) {}

// One odometer step: the last gene that can still grow takes its next distinct value, and every
// gene after it restarts at 0 (the first distinct value of every gene).
bool SpaceEnumerator::advance() {
  for (std::size_t i = current_.size(); i-- > 0;) {
    if (!space_.is_active(current_, i)) continue;  // unused blocks stay 0
    const auto& values = space_.distinct_choices(i);
    const auto next = std::upper_bound(values.begin(), values.end(), current_[i]);
    if (next != values.end()) {
      current_[i] = *next;
      std::fill(current_.genes().begin() + static_cast<std::ptrdiff_t>(i) + 1, current_.genes().end(), Genome::Gene{0});
      return true;
    }
  }
  return false;
}

bool SpaceEnumerator::next(Genome& out) {
  if (done_) return false;
  while (true) {
    if (!started_) {
      started_ = true;
    } else if (!advance()) {
      done_ = true;
      return false;
    }
    if (!space_.has_ambiguous_stage_splits() || space_.is_normal(current_)) break;
  }
  out = current_;
  ++produced_;
  return true;
}

}  // namespace latnas
