#include "experiments/nas/interrupt.hpp"

#include <csignal>

namespace latnas {
namespace {

std::atomic<bool> interrupted_flag{false};
static_assert(std::atomic<bool>::is_always_lock_free, "the SIGINT handler needs a lock-free flag");

extern "C" void on_sigint(int) {
  interrupted_flag.store(true);
  std::signal(SIGINT, SIG_DFL);  // a second Ctrl-C ends the program at once
}

}  // namespace

InterruptGuard::InterruptGuard() {
  interrupted_flag.store(false);
  std::signal(SIGINT, on_sigint);
}

InterruptGuard::~InterruptGuard() { std::signal(SIGINT, SIG_DFL); }

const std::atomic<bool>* InterruptGuard::flag() const { return &interrupted_flag; }

}  // namespace latnas
