// state.latnas read back in-process: a round trip continues exactly, and every cut or corrupted
// file is an InputError naming the file.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <utility>
#include <vector>
#include <string>

#include "costmodel/error.hpp"
#include "experiments/nas/search_outputs.hpp"
#include "experiments/nas/search_state_file.hpp"
#include "run_latnas.hpp"

namespace fs = std::filesystem;
using namespace latnas;

namespace {

SearchOptions small(const fs::path& out, std::uint64_t evaluations) {
  SearchOptions o;
  o.space = "tiny";
  o.budget.trust_region = false;
  o.population = 16;
  o.evaluations = evaluations;
  o.seed = 9;
  o.threads = 1;
  o.quiet = true;
  o.out = out.string();
  return o;
}

}  // namespace

TEST_CASE("state file: a saved and re-read state continues like the state in memory, cut generation included") {
  const fs::path dir = fs::temp_directory_path() / ("latnas-state-test-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  const SearchRun first(small(dir, 1000));  // 62 generations and a cut one of 8
  const SearchOutcome part = first.run();
  REQUIRE(part.result.state->pending);
  const fs::path file = dir / kStateFile;
  write_search_state(file, first, *part.result.state);
  SavedSearch saved = read_search_state(file, first);
  // Written again, the state read back gives the same text.
  CHECK(search_state_text(first, saved.state) == slurp(file));

  const SearchRun longer(small(dir, 2500));
  const SearchOutcome from_file = longer.resume(std::move(saved));
  const SearchOutcome from_memory = longer.resume(SavedSearch{longer.resume_fingerprint(), search::Algorithm::nsga2,
                                                              *part.result.state});
  const SearchOutcome direct = longer.run();
  CHECK(from_file.continued_from == 1000);
  for (const SearchOutcome* o : {&from_file, &from_memory}) {
    CHECK(o->result.evaluations == direct.result.evaluations);
    CHECK(o->result.repeats == direct.result.repeats);
    CHECK(o->result.archive.entries() == direct.result.archive.entries());
    CHECK(o->result.population == direct.result.population);
    CHECK(history_csv(*o).size() > 0);
  }
  fs::remove_all(dir);
}

TEST_CASE("state file: every cut and a corrupted number are InputErrors naming the file and line") {
  const fs::path dir = fs::temp_directory_path() / ("latnas-state-cut-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  const SearchRun run(small(dir, 1000));
  const SearchOutcome outcome = run.run();
  const std::string text = search_state_text(run, *outcome.result.state);
  const fs::path file = dir / kStateFile;
  std::size_t cuts = 0;
  // Cut at every line end (the file minus its last lines) and in the middle of lines.
  for (std::size_t at = text.find('\n'); at + 1 < text.size(); at = text.find('\n', at + 1)) {
    for (std::size_t cut : {at + 1, at / 2 + 1}) {
      std::ofstream(file, std::ios::binary | std::ios::trunc) << text.substr(0, cut);
      CAPTURE(cut);
      CHECK_THROWS_WITH_AS(read_search_state(file, run), doctest::Contains(file.string().c_str()), InputError);
      ++cuts;
    }
  }
  CHECK(cuts > 200);
  // Cut just after the repeat table's line, with and without its newline.
  const std::size_t table = text.find("\nrepeat-table ") + 1;
  for (std::size_t cut : {text.find('\n', table), text.find('\n', table) + 1, text.find('\n', table) + 9}) {
    std::ofstream(file, std::ios::binary | std::ios::trunc) << text.substr(0, cut);
    CAPTURE(cut);
    CHECK_THROWS_WITH_AS(read_search_state(file, run), doctest::Contains("cut short"), InputError);
  }
  // A number that is not one, a genome of another length, a future format version.
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"\nelapsed-seconds ", "\nelapsed-seconds x"},
           {"\nmembers 16 ranked\n", "\nmembers 16 ranked\n0"},
           {"latnas-state 2", "latnas-state 3"},
           {"\nrepeat-table ", "\nrepeat-table 9"}}) {
    std::string bad = text;
    bad.replace(bad.find(from), from.size(), to);
    std::ofstream(file, std::ios::binary | std::ios::trunc) << bad;
    CAPTURE(to);
    CHECK_THROWS_WITH_AS(read_search_state(file, run), doctest::Contains((file.string() + " line ").c_str()), InputError);
  }
  fs::remove_all(dir);
}
