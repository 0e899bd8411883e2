#pragma once
#include <chrono>
#include <cstdint>
#include <ostream>

#include "search/generation_log.hpp"

namespace latnas {

// Shows a run's progress: a redrawn bar on a terminal (generation, evaluations, front size,
// hypervolume, ETA), plain lines otherwise (about every tenth of the run or every 10 s).
class ProgressReporter {
 public:
  ProgressReporter(std::ostream& out, bool terminal, std::uint64_t evaluation_bound);
  void operator()(const search::GenerationLog& log);
  void finish();

 private:
  std::ostream& out_;
  bool terminal_;
  std::uint64_t bound_;
  int last_decile_ = -1;
  double last_line_seconds_ = 0;
  std::chrono::steady_clock::time_point last_draw_{};
  bool drawn_ = false;
};

}  // namespace latnas
