#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include "problems.hpp"
#include "same_results.hpp"
#include "search/dominance.hpp"
#include "search/hypervolume.hpp"
#include "search/nsga2.hpp"
#include "search/random_search.hpp"

using namespace latnas::search;
using namespace latnas::search::testing;

namespace {

// The objective vectors of the exact feasible front, by enumeration.
std::set<std::vector<double>> brute_force_front(const Discrete& problem) {
  std::vector<std::vector<double>> feasible;
  for (const auto& a : Discrete::all()) {
    const Evaluation e = problem.evaluate(a);
    if (e.feasible()) feasible.emplace_back(e.objectives().begin(), e.objectives().end());
  }
  std::set<std::vector<double>> front;
  for (const auto& p : feasible) {
    if (std::none_of(feasible.begin(), feasible.end(),
                     [&](const auto& q) { return dominates(q, p); })) {
      front.insert(p);
    }
  }
  return front;
}

template <class Individual>
std::set<std::vector<double>> archive_objectives(const Result<Individual>& result) {
  std::set<std::vector<double>> out;
  for (const auto& entry : result.archive.entries()) out.insert(entry.objectives);
  return out;
}

template <class Individual>
double archive_hypervolume(const Result<Individual>& result, const std::vector<double>& ref) {
  return hypervolume_2d(result.archive.objective_views(), ref);
}

}  // namespace

TEST_CASE("nsga2: archive equals the enumerated front of a discrete 2-objective problem") {
  const Discrete problem(2);
  const auto front = brute_force_front(problem);
  const auto result =
      Nsga2<Discrete>(problem, Settings{.population = 20, .evaluations = 3000, .seed = 1}).run();
  CHECK(front.size() > 5);
  CHECK(archive_objectives(result) == front);
  for (const auto& entry : result.archive.entries()) {
    const Evaluation e = problem.evaluate(entry.payload);
    CHECK(std::vector<double>(e.objectives().begin(), e.objectives().end()) == entry.objectives);
  }
}

TEST_CASE(
    "nsga2: archive covers the enumerated feasible front of a constrained 3-objective "
    "problem") {
  // The front (146 points) is larger than the population, so NSGA-II is not expected to find
  // all of it; over 20 seeds it finds 145 on average with this budget.
  const Discrete problem(3);
  const auto front = brute_force_front(problem);
  const auto result =
      Nsga2<Discrete>(problem, Settings{.population = 60, .evaluations = 16000, .seed = 2}).run();
  const auto archive = archive_objectives(result);
  std::size_t found = 0;
  for (const auto& p : archive) {
    if (front.contains(p)) {
      ++found;
      continue;
    }
    // An archived point off the true front must be dominated only by front points never found.
    for (const auto& f : front) {
      if (dominates(f, p)) CHECK_FALSE(archive.contains(f));
    }
  }
  CHECK(front.size() == 146);
  CHECK(static_cast<double>(found) >= 0.97 * static_cast<double>(front.size()));
  for (const auto& entry : result.archive.entries()) {
    CHECK(problem.evaluate(entry.payload).feasible());
  }
}

TEST_CASE("nsga2: ZDT1 with 30 variables reaches the analytic front's hypervolume") {
  const Zdt problem(Zdt::Shape::convex);
  const std::vector<double> ref{1.1, 1.1};
  const auto result = Nsga2<Zdt>(problem, Settings{.population = 100,
                                                   .evaluations = 25000,
                                                   .seed = 3,
                                                   .threads = 2,
                                                   .reference_point = ref})
                          .run();
  const double ratio =
      archive_hypervolume(result, ref) / Zdt::front_hypervolume(Zdt::Shape::convex, 1.1);
  // Over 20 seeds the lowest ratio seen was 0.998.
  CHECK(ratio >= 0.99);
  // The logged value is tracked insertion by insertion: the same slabs, summed in another order.
  CHECK(result.logs.back().hypervolume == doctest::Approx(archive_hypervolume(result, ref)).epsilon(1e-12));
}

TEST_CASE("nsga2: ZDT2 with 30 variables reaches the analytic front's hypervolume") {
  const Zdt problem(Zdt::Shape::concave);
  const std::vector<double> ref{1.1, 1.1};
  const auto result = Nsga2<Zdt>(problem, Settings{.population = 100,
                                                   .evaluations = 25000,
                                                   .seed = 4,
                                                   .threads = 2,
                                                   .reference_point = ref})
                          .run();
  const double ratio =
      archive_hypervolume(result, ref) / Zdt::front_hypervolume(Zdt::Shape::concave, 1.1);
  // Over 20 seeds the lowest ratio seen was 0.9966.
  CHECK(ratio >= 0.99);
}

TEST_CASE("nsga2: finds the feasible region from an entirely infeasible start") {
  const ConstrainedZdt problem;
  const std::vector<double> ref{1.1, 1.1};
  const auto result =
      Nsga2<ConstrainedZdt>(
          problem,
          Settings{.population = 60, .evaluations = 12000, .seed = 5, .reference_point = ref})
          .run();
  REQUIRE(result.logs.front().generation == 0);
  CHECK(result.logs.front().archive_size == 0);  // the random initial population is infeasible
  REQUIRE_FALSE(result.archive.empty());
  for (const auto& entry : result.archive.entries()) {
    CHECK(problem.evaluate(entry.payload).violation() == 0.0);
  }
  for (const auto& member : result.population) CHECK(member.evaluation.feasible());
  const double ratio =
      archive_hypervolume(result, ref) / Zdt::front_hypervolume(Zdt::Shape::convex, 1.1);
  // Over 20 seeds the lowest ratio seen was 0.984.
  CHECK(ratio >= 0.97);
}

TEST_CASE("nsga2: same seed gives byte-identical results on 1, 2, 3 and 8 threads") {
  const auto parallelism = allow_threads(8);
  const Zdt zdt(Zdt::Shape::convex, 12);
  const Discrete discrete(3);
  Settings settings{
      .population = 24, .evaluations = 2000, .seed = 11, .reference_point = {1.1, 1.1}};
  const auto zdt_serial = Nsga2<Zdt>(zdt, settings).run();
  settings.reference_point.clear();
  const auto discrete_serial = Nsga2<Discrete>(discrete, settings).run();
  for (std::size_t threads : {2, 3, 8}) {
    CAPTURE(threads);
    settings.threads = threads;
    settings.reference_point = {1.1, 1.1};
    require_same_results(zdt_serial, Nsga2<Zdt>(zdt, settings).run());
    settings.reference_point.clear();
    require_same_results(discrete_serial, Nsga2<Discrete>(discrete, settings).run());
  }
  // A different seed gives a different run.
  settings.seed = 12;
  CHECK(Nsga2<Discrete>(discrete, settings).run().population != discrete_serial.population);
}

TEST_CASE("nsga2: evaluations run on several threads when asked") {
  // Guards the determinism test above: it would prove nothing if everything ran on one thread.
  // Until a second thread shows up, an evaluation waits for it (up to a generous deadline, as a
  // loaded machine may be slow to schedule TBB's workers), so the test does not depend on timing.
  struct Rendezvous : Discrete {
    Rendezvous() : Discrete(2) {}
    Evaluation evaluate(const Individual& a) const {
      std::unique_lock lock(*mutex);
      threads->insert(std::this_thread::get_id());
      arrived->notify_all();
      arrived->wait_until(lock, deadline, [&] { return threads->size() > 1; });
      return Discrete::evaluate(a);
    }
    std::chrono::steady_clock::time_point deadline =
        std::chrono::steady_clock::now() + std::chrono::seconds(20);
    std::shared_ptr<std::mutex> mutex = std::make_shared<std::mutex>();
    std::shared_ptr<std::condition_variable> arrived = std::make_shared<std::condition_variable>();
    std::shared_ptr<std::set<std::thread::id>> threads =
        std::make_shared<std::set<std::thread::id>>();
  };
  const auto parallelism = allow_threads(4);
  const Rendezvous problem;
  Nsga2<Rendezvous>(problem, Settings{.population = 40, .generations = 2, .threads = 4}).run();
  CHECK(problem.threads->size() > 1);
}

TEST_CASE("nsga2: the evaluation bound is hit exactly and the first bound reached ends the run") {
  const Discrete problem(2);
  const auto cut = Nsga2<Discrete>(problem, Settings{.population = 10, .evaluations = 95}).run();
  CHECK(cut.evaluations == 95);
  CHECK(cut.logs.size() == 10);
  CHECK(cut.logs.back().evaluations == 95);
  CHECK(cut.population.size() == 10);

  const auto by_generations =
      Nsga2<Discrete>(problem, Settings{.population = 10, .generations = 5, .evaluations = 1000})
          .run();
  CHECK(by_generations.evaluations == 50);
  CHECK(by_generations.logs.size() == 5);

  const auto tiny = Nsga2<Discrete>(problem, Settings{.population = 10, .evaluations = 3}).run();
  CHECK(tiny.evaluations == 3);
  CHECK(tiny.population.size() == 3);
}

TEST_CASE("nsga2: the repeat count equals a brute-force count") {
  const auto parallelism = allow_threads(3);
  for (std::size_t threads : {1, 3}) {
    const Tiny problem;  // counts its evaluate() calls: no evaluation cache
    const auto result =
        Nsga2<Tiny>(problem, Settings{.population = 8, .generations = 30, .threads = threads,
                                      .evaluation_cache_capacity = 0})
            .run();
    CHECK(result.evaluations == 240);
    CHECK(result.repeats == problem.repeats());
    CHECK(result.repeats_exact);
    CHECK(result.logs.back().repeats == result.repeats);
  }
  // A table smaller than the number of distinct individuals forgets, so it undercounts.
  const Tiny problem;
  const auto result =
      Nsga2<Tiny>(problem, Settings{.population = 8, .generations = 30, .repeat_table_capacity = 8,
                                    .evaluation_cache_capacity = 0})
          .run();
  CHECK_FALSE(result.repeats_exact);
  CHECK(result.repeats <= problem.repeats());
}

TEST_CASE("nsga2: novelty retries spend the evaluations on unseen individuals, the same on any thread count") {
  const auto parallelism = allow_threads(3);
  const Discrete problem(2);  // 4^6 individuals: a run of 1200 repeats many of them
  const Settings plain{.population = 12, .evaluations = 1200, .seed = 9, .reference_point = {80.0, 90.0}};
  Settings retrying = plain;
  retrying.novelty_retries = 4;
  const auto without = Nsga2<Discrete>(problem, plain).run();
  const auto with = Nsga2<Discrete>(problem, retrying).run();
  REQUIRE(without.repeats_exact);
  REQUIRE(with.repeats_exact);
  // Retries replace repeated children by new ones: at equal evaluations, at least 1.5 times as
  // many distinct individuals (794 against 468 here).
  REQUIRE(with.evaluations == without.evaluations);
  CHECK((with.evaluations - with.repeats) * 2 > (without.evaluations - without.repeats) * 3);
  for (std::size_t threads : {2, 3}) {
    CAPTURE(threads);
    retrying.threads = threads;
    require_same_results(with, Nsga2<Discrete>(problem, retrying).run());
  }
  retrying.novelty_retries = max_novelty_retries + 1;
  CHECK_THROWS_WITH_AS(Nsga2<Discrete>(problem, retrying), doctest::Contains("novelty retries: expected 0 to 1000"),
                       std::invalid_argument);
}

TEST_CASE("nsga2: the evaluation cache changes no result and evaluates each cached individual once") {
  const auto parallelism = allow_threads(2);
  const Discrete problem(2);
  Settings plain{.population = 16, .generations = 40, .seed = 5, .evaluation_cache_capacity = 0};
  const auto serial = Nsga2<Discrete>(problem, plain).run();
  CHECK(serial.cached_evaluations == 0);
  for (std::size_t threads : {1, 2}) {
    CAPTURE(threads);
    Settings cached = plain;
    cached.threads = threads;
    cached.evaluation_cache_capacity = 1024;
    const auto result = Nsga2<Discrete>(problem, cached).run();
    require_same_results(serial, result);
    CHECK(result.cached_evaluations > 0);
    CHECK(result.cached_evaluations <= result.repeats);
  }
  // A cache large enough for every individual answers every repeat but those within a generation.
  const Tiny tiny;
  const auto result =
      Nsga2<Tiny>(tiny, Settings{.population = 8, .generations = 30, .evaluation_cache_capacity = 64}).run();
  CHECK(tiny.repeats() + result.cached_evaluations == result.repeats);
  CHECK(result.cached_evaluations > 0);
}

TEST_CASE("nsga2: a stagnation stop ends a converged run early and the same on any thread count") {
  const auto parallelism = allow_threads(2);
  const Discrete problem(2);
  Settings settings{.population = 16, .generations = 2000, .seed = 3, .reference_point = {80.0, 90.0},
                    .stop_after_stagnant = 25};
  const auto serial = Nsga2<Discrete>(problem, settings).run();
  CHECK(serial.stagnated);
  CHECK_FALSE(serial.stopped_early);
  REQUIRE(serial.logs.size() > 26);
  CHECK(serial.logs.size() < 2000);
  // The last 25 generations gained nothing; the one before them did.
  const double last = serial.logs.back().hypervolume;
  CHECK(serial.logs[serial.logs.size() - 26].hypervolume == last);
  CHECK(serial.logs[serial.logs.size() - 27].hypervolume < last);
  settings.threads = 2;
  require_same_results(serial, Nsga2<Discrete>(problem, settings).run());
  // Without a reference point there is no hypervolume to watch.
  settings.reference_point.clear();
  CHECK_THROWS_AS(Nsga2<Discrete>(problem, settings), std::invalid_argument);
}

TEST_CASE("nsga2: initial individuals are evaluated first") {
  const Zdt problem(Zdt::Shape::convex, 30);
  std::vector<double> left(30, 0.0), right(30, 0.0);
  right[0] = 1.0;
  // Both ends of the true front; a random vector is nowhere near either.
  const auto result =
      Nsga2<Zdt>(problem, Settings{.population = 10, .generations = 1}, {left, right}).run();
  const auto entries = result.archive.entries();
  REQUIRE(entries.size() >= 2);
  CHECK(entries.front().objectives == std::vector<double>{0.0, 1.0});
  CHECK(entries.back().objectives == std::vector<double>{1.0, 0.0});
  CHECK(entries.front().payload == left);
  CHECK_THROWS_WITH_AS(Nsga2<Zdt>(problem, Settings{.population = 4, .generations = 1},
                                  std::vector<std::vector<double>>(5, left)),
                       "initial individuals: expected at most 4, got 5", std::invalid_argument);
}

TEST_CASE("nsga2: observer sees every generation and the stop flag ends the run there") {
  const Discrete problem(2);
  std::atomic<bool> stop{false};
  std::vector<GenerationLog> seen;
  RunControls controls{.observer =
                           [&](const GenerationLog& log) {
                             seen.push_back(log);
                             if (log.generation == 2) stop = true;
                           },
                       .stop = &stop};
  const auto result =
      Nsga2<Discrete>(problem, Settings{.population = 10, .generations = 100}).run(controls);
  CHECK(result.stopped_early);
  CHECK(result.evaluations == 30);
  REQUIRE(seen.size() == 3);
  REQUIRE(result.logs.size() == 3);
  for (std::size_t g = 0; g < 3; ++g) {
    CHECK(seen[g].generation == g);
    CHECK(result.logs[g].evaluations == seen[g].evaluations);
    CHECK(seen[g].best_feasible.size() == 2);
  }
  // A stop request in the last generation is not an early stop.
  stop = false;
  const auto finished =
      Nsga2<Discrete>(problem, Settings{.population = 10, .generations = 3}).run(controls);
  CHECK_FALSE(finished.stopped_early);
  // A stop flag set before the run still lets generation 0 finish.
  const auto stopped_at_once =
      Nsga2<Discrete>(problem, Settings{.population = 10, .generations = 3}).run({.stop = &stop});
  CHECK(stopped_at_once.stopped_early);
  CHECK(stopped_at_once.evaluations == 10);
}

TEST_CASE("nsga2: logs report the archive's best objectives and hypervolume") {
  const Discrete problem(2);
  const auto result =
      Nsga2<Discrete>(problem,
                      Settings{.population = 12, .generations = 20, .reference_point = {60, 60}})
          .run();
  for (std::size_t i = 1; i < result.logs.size(); ++i) {
    CHECK(result.logs[i].hypervolume >= result.logs[i - 1].hypervolume);
    CHECK(result.logs[i].evaluations == result.logs[i - 1].evaluations + 12);
  }
  const auto entries = result.archive.entries();
  CHECK(result.logs.back().best_feasible[0] == entries.front().objectives[0]);
  CHECK(result.logs.back().best_feasible[1] == entries.back().objectives[1]);
  CHECK(result.logs.back().archive_size == entries.size());
  // Three objectives: no hypervolume is logged.
  const Discrete three_objectives(3);
  const auto three =
      Nsga2<Discrete>(three_objectives, Settings{.population = 12, .generations = 2}).run();
  CHECK(std::isnan(three.logs.back().hypervolume));
}

TEST_CASE("nsga2: a problem returning the wrong number of objectives is reported") {
  struct Wrong : Discrete {
    Wrong() : Discrete(3) {}
    std::size_t objective_count() const { return 2; }
  };
  const Wrong wrong;
  CHECK_THROWS_WITH_AS(Nsga2<Wrong>(wrong, Settings{.generations = 1}).run(),
                       "evaluate: expected 2 objectives, got 3", std::invalid_argument);
}

TEST_CASE("nsga2: beats random search on ZDT1 at equal evaluations") {
  const Zdt problem(Zdt::Shape::convex);
  const Settings settings{.population = 50, .evaluations = 5000, .seed = 6};
  // A reference far enough out that random points count too (typically 10.6 against 8.05).
  const std::vector<double> ref{1.1, 10.0};
  const double nsga2 = archive_hypervolume(Nsga2<Zdt>(problem, settings).run(), ref);
  const double random = archive_hypervolume(RandomSearch<Zdt>(problem, settings).run(), ref);
  CHECK(random > 7.0);
  CHECK(nsga2 > random + 2.0);
}
