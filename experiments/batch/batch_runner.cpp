#include "experiments/batch/batch_runner.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <thread>

#include <tbb/parallel_for.h>

#include "costmodel/error.hpp"
#include "experiments/nas/interrupt.hpp"
#include "experiments/nas/search_outputs.hpp"
#include "experiments/nas/search_run.hpp"
#include "experiments/nas/search_state_file.hpp"
#include "experiments/outputs/text_output.hpp"
#include "experiments/outputs/text_table.hpp"

namespace fs = std::filesystem;

namespace latnas {
namespace {

std::size_t cores() { return std::max(1u, std::thread::hardware_concurrency()); }

}  // namespace

// An exclusive lock on OUT/.latnas-run.lock for as long as it lives (released by the kernel if the
// process dies, so a killed run never leaves a stale lock).
class FolderLock {
 public:
  // Exclusive unless `shared`: the shards of one experiment hold the folder's lock shared (they
  // write disjoint runs), a whole `latnas run` holds it exclusively.
  FolderLock(const fs::path& folder, const std::string& name, bool shared) {
    const fs::path file = folder / name;
    fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) throw InputError(folder.string() + ": cannot create " + file.filename().string());
    if (::flock(fd_, (shared ? LOCK_SH : LOCK_EX) | LOCK_NB) != 0) {
      ::close(fd_);
      throw InputError(folder.string() + ": another `latnas run`" + (shared ? " (not a shard, or the same shard)" : "") +
                       " is writing to this folder; wait for it or give --out");
    }
  }
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;
  ~FolderLock() { ::close(fd_); }

 private:
  int fd_ = -1;
};

namespace {

// Empties a folder, keeping the folder itself.
void clear_folder(const fs::path& folder) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(folder, ec)) fs::remove_all(entry.path(), ec);
  if (ec) throw InputError(folder.string() + ": cannot clear the partial run (" + ec.message() + ")");
}

// The saved state a changed run continues from: one whose options differ from the run's only in
// their bounds and that the engine can continue exactly. Then the old marker goes first, so that
// a continuation cut short reruns from zero next time; otherwise the folder is cleared and `note`
// says why a saved state was not used (a state for other options is not mentioned: those runs
// simply rerun, as they always have).
std::optional<SavedSearch> continuable(const SearchRun& run, std::string& note) {
  const fs::path folder = run.options().out;
  const fs::path file = folder / kStateFile;
  std::error_code ec;
  std::optional<SavedSearch> saved;
  if (fs::exists(file, ec)) {
    try {
      SavedSearch s = read_search_state(file, run);
      if (s.fingerprint == run.resume_fingerprint()) {
        if (auto why = run.why_not_resumable(s))
          note = "restarting from zero: " + *why;
        else
          saved = std::move(s);
      }
    } catch (const InputError& e) {
      note = std::string("warning: ") + e.what() + "; restarting from zero";
    }
  }
  if (saved)
    fs::remove(folder / kCompleteMarker, ec);
  else
    clear_folder(folder);
  return saved;
}

// Builds every run to do, in parallel (a SearchRun over a small space enumerates it to find its
// hypervolume reference). On an error, the folders this made are removed again and the first
// error in run order is thrown, naming the experiment and run.
template <class Task>
void build_runs(std::vector<Task>& tasks, const std::vector<BatchExperiment>& experiments) {
  std::vector<fs::path> made;  // folders that did not exist before, deepest last
  auto note = [&](const fs::path& p) {
    std::error_code ec;
    if (!fs::exists(p, ec)) made.push_back(p);
  };
  for (const BatchExperiment& e : experiments) {
    note(e.file.out);
    note(e.file.out / "runs");
  }
  for (const Task& t : tasks) note(t.plan.options.out);
  auto undo = [&] {
    std::error_code ec;
    for (auto it = made.rbegin(); it != made.rend(); ++it) fs::remove(*it, ec);  // only if empty
  };

  try {
    for (const BatchExperiment& e : experiments) {
      try {
        ensure_writable_folder(e.file.out / "runs");
      } catch (const InputError& ex) {
        std::string why = ex.what();
        if (why.rfind("--out ", 0) == 0) why.erase(0, 6);
        throw InputError(e.file.out_where + ": " + why);
      }
    }
  } catch (...) {
    undo();
    throw;
  }

  std::vector<std::exception_ptr> errors(tasks.size());
  tbb::parallel_for(std::size_t{0}, tasks.size(), [&](std::size_t i) {
    try {
      tasks[i].run = std::make_unique<SearchRun>(tasks[i].plan.options);
    } catch (...) {
      errors[i] = std::current_exception();
    }
  });
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    if (!errors[i]) continue;
    const std::string where = tasks[i].experiment->source + ": run " + tasks[i].plan.id;
    tasks.clear();
    undo();
    try {
      std::rethrow_exception(errors[i]);
    } catch (const std::exception& e) {
      // Not every error of a run's options is an InputError (search::validate throws
      // std::invalid_argument); each is about the options.
      throw InputError(where + ": " + e.what());
    }
  }
}

}  // namespace

std::size_t default_jobs(std::size_t runs_to_do) { return std::max<std::size_t>(1, std::min(cores(), runs_to_do)); }

std::vector<std::vector<RunState>> batch_states(const std::vector<BatchExperiment>& experiments, bool force) {
  std::vector<std::vector<RunState>> states;
  for (const BatchExperiment& e : experiments) {
    auto& s = states.emplace_back();
    for (const PlannedRun& r : e.runs) {
      RunState st = run_state(r.options.out, run_fingerprint(r.options));
      if (force && st != RunState::absent) st = RunState::partial;
      s.push_back(st);
    }
  }
  return states;
}

BatchPlan::BatchPlan(const std::vector<BatchExperiment>& experiments, const BatchSettings& settings)
    : settings_(settings), states_(batch_states(experiments, settings.force)) {
  for (std::size_t e = 0; e < experiments.size(); ++e)
    for (std::size_t r = 0; r < experiments[e].runs.size(); ++r) {
      if (states_[e][r] == RunState::complete) {
        ++skipped_;
        continue;
      }
      tasks_.push_back({&experiments[e].file, experiments[e].runs[r], states_[e][r], nullptr});
    }
  jobs_ = std::min(settings.jobs ? settings.jobs : default_jobs(tasks_.size()), std::max<std::size_t>(1, tasks_.size()));
  threads_ = std::max<std::size_t>(1, cores() / jobs_);
  for (Task& t : tasks_)
    if (t.plan.options.threads == 0) t.plan.options.threads = threads_;
  build_runs(tasks_, experiments);
  for (const BatchExperiment& e : experiments) {
    const bool sharded = !settings.shard.empty();
    locks_.push_back(std::make_unique<FolderLock>(e.file.out, ".latnas-run.lock", sharded));
    if (sharded) locks_.push_back(std::make_unique<FolderLock>(e.file.out, ".latnas-run-shard-" + settings.shard + ".lock", false));
  }
}

BatchPlan::~BatchPlan() = default;

BatchOutcome BatchPlan::run(std::ostream& out) {
  BatchOutcome outcome;
  outcome.skipped = skipped_;
  // A changed run may continue from its saved state (decided when it starts); the others start clean.
  for (const Task& t : tasks_)
    if (t.state == RunState::partial) clear_folder(t.plan.options.out);
  if (tasks_.empty()) return outcome;
  if (!settings_.quiet) {
    out << "running " << tasks_.size() << " run" << (tasks_.size() == 1 ? "" : "s") << ", " << jobs_ << " at a time";
    if (std::all_of(tasks_.begin(), tasks_.end(), [&](const Task& t) { return t.plan.options.threads == threads_; }))
      out << " with " << threads_ << " thread" << (threads_ == 1 ? "" : "s") << " each";
    out << "\n" << std::flush;
  }

  InterruptGuard interrupt;
  std::atomic<bool> stop{false};
  std::atomic<std::size_t> next{0}, finished{0};
  std::mutex mutex;
  std::exception_ptr failure;
  const std::size_t width = std::to_string(tasks_.size()).size();
  auto pad = [&](std::size_t n) {
    const std::string s = std::to_string(n);
    return std::string(width - s.size(), ' ') + s;
  };

  auto worker = [&] {
    while (!stop.load()) {
      const std::size_t i = next.fetch_add(1);
      if (i >= tasks_.size()) return;
      const Task& t = tasks_[i];
      try {
        search::RunControls controls;
        controls.observer = [&](const search::GenerationLog&) {
          if (interrupt.interrupted()) stop.store(true);
        };
        controls.stop = &stop;
        std::string note;
        std::optional<SavedSearch> saved;
        if (t.state == RunState::changed) saved = continuable(*t.run, note);
        if (!settings_.quiet && (saved || !note.empty())) {
          std::lock_guard lock(mutex);
          out << t.plan.id << ": "
              << (saved ? "continuing from " + group_digits(saved->state.evaluations) + " evaluations" : note) << "\n"
              << std::flush;
        }
        const SearchOutcome result = saved ? t.run->resume(std::move(*saved), controls) : t.run->run(controls);
        const auto rows = front_rows(*t.run, result);
        write_search_outputs(*t.run, result, rows);
        const bool complete = !result.result.stopped_early;
        if (complete) write_complete_marker(t.plan.options.out, t.plan.options);  // last
        const std::size_t done = complete ? finished.fetch_add(1) + 1 : 0;
        std::lock_guard lock(mutex);
        if (complete) ++outcome.ran;
        if (settings_.quiet) continue;
        out << "[" << (complete ? pad(done) : std::string(width, '-')) << "/" << tasks_.size() << "] " << t.plan.id << ": ";
        if (!complete) out << "interrupted after ";
        out << group_digits(result.result.evaluations) << " evaluations, front " << rows.size();
        if (!rows.empty())
          out << ", best " << fixed(rows.back().score.accuracy, 2) << " % at " << fixed(rows.back().score.gpu_ms, 3) << " ms";
        out << ", " << fixed(result.wall_seconds, 2) << " s";
        if (result.continued_from) out << " (continued from " << group_digits(result.continued_from) << ")";
        if (!complete) out << " (outputs kept, no marker: it reruns next time)";
        out << "\n" << std::flush;
      } catch (...) {
        std::lock_guard lock(mutex);
        if (!failure) failure = std::current_exception();
        stop.store(true);
      }
    }
  };
  std::vector<std::thread> pool;
  for (std::size_t j = 1; j < jobs_; ++j) pool.emplace_back(worker);
  worker();
  for (std::thread& th : pool) th.join();
  if (failure) std::rethrow_exception(failure);
  outcome.interrupted = interrupt.interrupted();
  return outcome;
}

}  // namespace latnas
