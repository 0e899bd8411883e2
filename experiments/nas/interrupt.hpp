#pragma once
#include <atomic>

namespace latnas {

// While alive, the first Ctrl-C (SIGINT) sets a flag the search checks at the end of each
// generation, so it stops there and still writes its outputs; a second Ctrl-C ends the program.
// A signal handler can only reach static storage, hence the one flag per process.
class InterruptGuard {
 public:
  InterruptGuard();
  ~InterruptGuard();
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

  const std::atomic<bool>* flag() const;
  bool interrupted() const { return flag()->load(); }
};

}  // namespace latnas
