#pragma once
#include <atomic>
#include <functional>

#include "search/generation_log.hpp"

namespace latnas::search {

// How a caller watches and interrupts a run; neither affects the results of the generations run.
struct RunControls {
  // Called on the calling thread after every generation.
  std::function<void(const GenerationLog&)> observer{};
  // Checked at the end of every generation; when true the run stops there and returns what it has
  // (e.g. set from a SIGINT handler).
  const std::atomic<bool>* stop = nullptr;
};

}  // namespace latnas::search
