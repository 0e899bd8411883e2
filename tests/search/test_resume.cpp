// Continuing a run from its saved state (GenerationalSearch::resume).
#include <doctest/doctest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "problems.hpp"
#include "same_results.hpp"
#include "search/nsga2.hpp"
#include "search/random_search.hpp"

using namespace latnas::search;
using namespace latnas::search::testing;

namespace {

// What require_same_results leaves out but a continuation must also carry over.
template <class Individual>
void require_same_counts(const Result<Individual>& a, const Result<Individual>& b) {
  REQUIRE(a.stagnated == b.stagnated);
  REQUIRE(a.repeats_exact == b.repeats_exact);
  REQUIRE(a.cached_evaluations == b.cached_evaluations);
  REQUIRE(a.archive.tracking() == b.archive.tracking());
  REQUIRE(a.state->seen.contents().keys == b.state->seen.contents().keys);
}

// Runs `settings` to the first of `stops` evaluations, continues it to each further stop and then
// to the settings' own bound, alternating 1 and 2 threads, and requires the result of one direct run.
template <class Search, class P>
void require_resume_is_exact(const P& problem, Settings settings, std::vector<std::uint64_t> stops) {
  const auto direct = Search(problem, settings).run();
  for (std::size_t threads : {1, 2}) {
    CAPTURE(threads);
    Settings part = settings;
    part.evaluations = stops[0];
    part.threads = threads;
    auto result = Search(problem, part).run();
    REQUIRE(result.evaluations == stops[0]);
    stops.push_back(*settings.evaluations);
    for (std::size_t i = 1; i < stops.size(); ++i) {
      CAPTURE(stops[i]);
      part.evaluations = stops[i];
      part.threads = 3 - part.threads;  // the thread count may change between the parts
      const Search longer(problem, part);
      REQUIRE_FALSE(longer.why_not_resumable(*result.state));
      const double before = result.logs.back().elapsed_seconds;
      result = longer.resume(*result.state);
      REQUIRE(result.evaluations == stops[i]);
      // The logs go on in time from the earlier part's.
      CHECK(result.logs.back().elapsed_seconds >= before);
    }
    stops.pop_back();
    require_same_results(direct, result);
    require_same_counts(direct, result);
  }
}

}  // namespace

TEST_CASE("resume: NSGA-II run to E1 then continued to E2 equals a direct run to E2 on 1 and 2 threads") {
  const auto parallelism = allow_threads(2);
  const Zdt zdt(Zdt::Shape::convex, 12);
  // 2 objectives with hypervolume tracking; the last generation of the direct run is cut short.
  const Settings zdt_settings{.population = 16, .evaluations = 1000, .seed = 4, .reference_point = {1.1, 1.1},
                              .log_capacity = 8};
  require_resume_is_exact<Nsga2<Zdt>>(zdt, zdt_settings, {320});
  // Stops inside generations (cut short, then made whole by the continuation), one inside the first.
  require_resume_is_exact<Nsga2<Zdt>>(zdt, zdt_settings, {10, 330, 333, 520});
  // 3 objectives with a constraint; a small repeat table that forgets, so eviction order matters.
  const Discrete discrete(3);
  const Settings discrete_settings{.population = 12, .evaluations = 960, .seed = 7, .repeat_table_capacity = 64,
                                   .log_capacity = 4};
  require_resume_is_exact<Nsga2<Discrete>>(discrete, discrete_settings, {480});
  require_resume_is_exact<Nsga2<Discrete>>(discrete, discrete_settings, {485, 700});
  // Novelty retries read the repeat table while children are made: a generation cut short must
  // leave it as the generation found it, and the forgetting table must evict in the same order.
  Settings retrying = discrete_settings;
  retrying.novelty_retries = 3;
  require_resume_is_exact<Nsga2<Discrete>>(discrete, retrying, {485, 487, 700});
  retrying.repeat_table_capacity = FingerprintTable::default_capacity;
  require_resume_is_exact<Nsga2<Discrete>>(discrete, retrying, {5, 485});
}

TEST_CASE("resume: random search continued equals a direct run, with the evaluation cache on") {
  const auto parallelism = allow_threads(2);
  const Discrete discrete(2);
  const Settings settings{.population = 10, .evaluations = 700, .seed = 2, .evaluation_cache_capacity = 64};
  require_resume_is_exact<RandomSearch<Discrete>>(discrete, settings, {300});
  require_resume_is_exact<RandomSearch<Discrete>>(discrete, settings, {3, 305});
  require_resume_is_exact<Nsga2<Discrete>>(discrete, settings, {300});
  require_resume_is_exact<Nsga2<Discrete>>(discrete, settings, {307});
}

TEST_CASE("resume: generation bounds, a stopped run and a stagnated run continue exactly") {
  const auto parallelism = allow_threads(2);
  const Discrete problem(2);
  Settings settings{.population = 16, .generations = 400, .seed = 3, .reference_point = {80.0, 90.0},
                    .stop_after_stagnant = 25};
  const auto direct = Nsga2<Discrete>(problem, settings).run();
  REQUIRE(direct.stagnated);
  const std::size_t stagnated_at = direct.logs.back().generation + 1;
  // Cut by a generation bound before the stagnation, and exactly at it: both end stagnated.
  for (std::size_t first : {stagnated_at / 2, stagnated_at}) {
    CAPTURE(first);
    Settings part = settings;
    part.generations = first;
    const auto partial = Nsga2<Discrete>(problem, part).run();
    CHECK_FALSE(partial.stagnated);
    const auto resumed = Nsga2<Discrete>(problem, settings).resume(*partial.state);
    require_same_results(direct, resumed);
    require_same_counts(direct, resumed);
  }
  // A stagnated run continued with a larger bound returns at once, the same.
  settings.generations = 800;
  const auto again = Nsga2<Discrete>(problem, settings).resume(*direct.state);
  require_same_results(direct, again);
  require_same_counts(direct, again);
  // A run ended by the stop flag after a whole generation continues as if never stopped.
  settings.generations = 400;
  settings.stop_after_stagnant.reset();
  const auto whole = Nsga2<Discrete>(problem, settings).run();
  std::atomic<bool> stop{false};
  RunControls controls;
  controls.stop = &stop;
  controls.observer = [&](const GenerationLog& log) {
    if (log.generation == 30) stop = true;
  };
  const auto stopped = Nsga2<Discrete>(problem, settings).run(controls);
  REQUIRE(stopped.stopped_early);
  const auto finished = Nsga2<Discrete>(problem, settings).resume(*stopped.state);
  CHECK_FALSE(finished.stopped_early);
  require_same_results(whole, finished);
  // Continuing to the bound already reached changes nothing.
  require_same_results(whole, Nsga2<Discrete>(problem, settings).resume(*whole.state));
}

TEST_CASE("resume: refused with a reason when it would not be exact") {
  const Discrete problem(2);
  const Settings settings{.population = 16, .evaluations = 200, .seed = 3};
  const auto partial = Nsga2<Discrete>(problem, settings).run();  // 12 generations and a cut one of 8
  Settings longer = settings;
  longer.evaluations = 400;
  CHECK_FALSE(Nsga2<Discrete>(problem, longer).why_not_resumable(*partial.state));
  // Without the slots of its cut generation, a state cannot be made whole.
  auto forgetful = *partial.state;
  REQUIRE(forgetful.pending);
  forgetful.pending.reset();
  auto why = Nsga2<Discrete>(problem, longer).why_not_resumable(forgetful);
  REQUIRE(why);
  CHECK(why->find("cut short at 200 evaluations") != std::string::npos);
  CHECK_THROWS_WITH_AS(Nsga2<Discrete>(problem, longer).resume(forgetful),
                       doctest::Contains("cannot resume: the saved run's last generation"), std::invalid_argument);
  // Continued to the same bound it changes nothing, cut generation and all.
  require_same_results(partial, Nsga2<Discrete>(problem, settings).resume(*partial.state));

  Settings whole = settings;
  whole.evaluations = 192;
  const auto done = Nsga2<Discrete>(problem, whole).run();
  longer.seed = 4;
  why = Nsga2<Discrete>(problem, longer).why_not_resumable(*done.state);
  REQUIRE(why);
  CHECK(*why == "seed differs from the saved run's");
  longer.seed = 3;
  longer.population = 32;
  CHECK(Nsga2<Discrete>(problem, longer).why_not_resumable(*done.state));
  longer.population = 16;
  CHECK_FALSE(Nsga2<Discrete>(problem, longer).why_not_resumable(*done.state));
  // Fewer evaluations than done cannot be undone.
  longer.evaluations = 100;
  why = Nsga2<Discrete>(problem, longer).why_not_resumable(*done.state);
  REQUIRE(why);
  CHECK(why->find("has done 192 evaluations, more than the 100 asked") != std::string::npos);
  // Other initial individuals make another generation 0.
  longer.evaluations = 400;
  CHECK(Nsga2<Discrete>(problem, longer, {Discrete::Individual{}}).why_not_resumable(*done.state));
  // A random search's state has no ranks for NSGA-II.
  const auto random = RandomSearch<Discrete>(problem, whole).run();
  CHECK_THROWS_AS(Nsga2<Discrete>(problem, longer).resume(*random.state), std::invalid_argument);
}

TEST_CASE("resume: saved table, log book and archive contents rebuild the same objects") {
  FingerprintTable table(64);
  for (std::uint64_t i = 0; i < 200; ++i) table.seen_before(i * 7919);
  REQUIRE_FALSE(table.exact());
  FingerprintTable copy(table.contents());
  CHECK(copy.contents().keys == table.contents().keys);
  CHECK(copy.evictions() == table.evictions());
  for (std::uint64_t i = 0; i < 300; ++i) REQUIRE(copy.seen_before(i * 31) == table.seen_before(i * 31));
  auto bad = table.contents();
  bad.keys.push_back(0);
  CHECK_THROWS_AS(FingerprintTable{bad}, std::invalid_argument);
  bad.keys.pop_back();
  bad.slot_count = 48;
  CHECK_THROWS_AS(FingerprintTable{bad}, std::invalid_argument);

  LogBook book(4);
  for (std::size_t g = 0; g < 11; ++g) book.record(GenerationLog{.generation = g});
  LogBook rebuilt(book.contents());
  for (std::size_t g = 11; g < 40; ++g) {
    book.record(GenerationLog{.generation = g});
    rebuilt.record(GenerationLog{.generation = g});
  }
  const auto a = std::move(book).finish(), b = std::move(rebuilt).finish();
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) CHECK(a[i].generation == b[i].generation);
  CHECK_THROWS_AS(LogBook(LogBook::Contents{.capacity = 4, .stride = 3, .kept = {}, .last = std::nullopt}), std::invalid_argument);

  ParetoArchive<int> archive(2);
  archive.track_hypervolume(std::vector<double>{10.0, 10.0});
  for (int i = 0; i < 50; ++i) archive.insert(std::vector<double>{double(i % 9), double((i * 7) % 11)}, i);
  const auto entries = archive.entries();
  const auto again = ParetoArchive<int>::rebuilt(2, entries, archive.version(), archive.tracking());
  CHECK(again.entries() == entries);
  CHECK(again.hypervolume() == archive.hypervolume());
  CHECK(again.version() == archive.version());
  auto dominated = entries;
  dominated.push_back({{100.0, 100.0}, 7});
  CHECK_THROWS_AS(ParetoArchive<int>::rebuilt(2, dominated, 0, std::nullopt), std::invalid_argument);
}
