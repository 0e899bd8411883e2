#include "experiments/cli/progress.hpp"

#include <cmath>
#include <cstdio>
#include <string>

namespace latnas {
namespace {

std::string short_count(std::uint64_t n) {
  char buf[32];
  if (n >= 1'000'000) std::snprintf(buf, sizeof buf, "%.2fM", static_cast<double>(n) / 1e6);
  else if (n >= 10'000) std::snprintf(buf, sizeof buf, "%.1fk", static_cast<double>(n) / 1e3);
  else std::snprintf(buf, sizeof buf, "%llu", static_cast<unsigned long long>(n));
  return buf;
}

}  // namespace

ProgressReporter::ProgressReporter(std::ostream& out, bool terminal, std::uint64_t evaluation_bound)
    : out_(out), terminal_(terminal), bound_(evaluation_bound) {}

void ProgressReporter::operator()(const search::GenerationLog& log) {
  const double done = bound_ ? std::min(1.0, static_cast<double>(log.evaluations) / static_cast<double>(bound_)) : 0.0;
  const double eta = done > 0 ? log.elapsed_seconds * (1 - done) / done : 0.0;
  // No feasible network yet: "best -", not a NaN.
  char best[32] = "-";
  if (log.best_feasible.size() == 2 && std::isfinite(log.best_feasible[1])) std::snprintf(best, sizeof best, "%.2f%%", -log.best_feasible[1]);
  char stats[200];
  std::snprintf(stats, sizeof stats, "gen %zu  evals %s  front %zu  HV %.4g  best %s  %.1fs  ETA %.0fs", log.generation,
                short_count(log.evaluations).c_str(), log.archive_size, log.hypervolume, best, log.elapsed_seconds, eta);
  if (terminal_) {
    const auto now = std::chrono::steady_clock::now();
    if (drawn_ && now - last_draw_ < std::chrono::milliseconds(100) && done < 1.0) return;
    last_draw_ = now;
    drawn_ = true;
    constexpr int width = 28;
    const int filled = static_cast<int>(done * width);
    out_ << "\r[" << std::string(static_cast<std::size_t>(filled), '#') << std::string(static_cast<std::size_t>(width - filled), '.')
         << "] " << stats << "\x1b[K" << std::flush;
    return;
  }
  const int decile = static_cast<int>(done * 10);
  if (decile > last_decile_ || log.elapsed_seconds - last_line_seconds_ >= 10) {
    last_decile_ = decile;
    last_line_seconds_ = log.elapsed_seconds;
    out_ << "progress " << static_cast<int>(done * 100) << "%  " << stats << "\n" << std::flush;
  }
}

void ProgressReporter::finish() {
  if (terminal_ && drawn_) out_ << "\n" << std::flush;
}

}  // namespace latnas
