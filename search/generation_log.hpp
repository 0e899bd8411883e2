#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace latnas::search {

// State of a run after one generation, for observers (progress bars) and the result.
struct GenerationLog {
  std::size_t generation = 0;     // 0 is the initial population
  std::uint64_t evaluations = 0;  // total so far
  std::uint64_t repeats = 0;      // evaluations of individuals evaluated earlier (by hash)
  std::size_t archive_size = 0;
  double hypervolume = 0.0;             // of the archive; NaN unless 2 objectives and a reference
  std::vector<double> best_feasible{};  // per objective, minimum over the archive; NaN if empty
  double elapsed_seconds = 0.0;         // since the run started
};

// Keeps at most `capacity` logs spread evenly over a run of any length, plus the last one: every
// generation at first, then every 2nd, 4th, ... as the run goes on, so memory stays flat.
class LogBook {
 public:
  explicit LogBook(std::size_t capacity);  // throws std::invalid_argument below 2

  // What the book holds, so that a saved run can rebuild it and keep thinning as if never stopped.
  struct Contents {
    std::size_t capacity = 2;
    std::size_t stride = 1;
    std::vector<GenerationLog> kept;
    std::optional<GenerationLog> last;
  };
  Contents contents() const { return {capacity_, stride_, kept_, last_}; }
  // Throws std::invalid_argument for a capacity below 2, a stride that is not a power of two,
  // more kept logs than the capacity, or kept generations not increasing multiples of the stride.
  explicit LogBook(Contents contents);

  void record(const GenerationLog& log);
  // The kept logs in generation order, ending with the last recorded one.
  std::vector<GenerationLog> finish() &&;

 private:
  std::size_t capacity_;
  std::size_t stride_ = 1;
  std::vector<GenerationLog> kept_;
  std::optional<GenerationLog> last_;
};

}  // namespace latnas::search
