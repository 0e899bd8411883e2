#include "experiments/nas/search_state_file.hpp"

#include <charconv>
#include <cstdio>
#include <fstream>
#include <optional>
#include <sstream>
#include <string_view>
#include <vector>

#include "costmodel/error.hpp"
#include "experiments/outputs/text_output.hpp"

namespace latnas {
namespace {

constexpr std::string_view kMagic = "latnas-state";
constexpr int kVersion = 2;  // 2: novelty-retries and pending-repeats

// Shortest text that reads back as the same double (inf and nan included).
std::string real(double v) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

std::string count(std::optional<std::uint64_t> v) { return v ? std::to_string(*v) : std::string("none"); }

void evaluation_text(std::string& s, const search::Evaluation& e) {
  s += real(e.violation());
  for (double v : e.objectives()) s += ' ' + real(v);
}

void log_text(std::string& s, const search::GenerationLog& log) {
  s += std::to_string(log.generation) + ' ' + std::to_string(log.evaluations) + ' ' + std::to_string(log.repeats) + ' ' +
       std::to_string(log.archive_size) + ' ' + real(log.hypervolume) + ' ' + real(log.elapsed_seconds) + ' ' +
       std::to_string(log.best_feasible.size());
  for (double v : log.best_feasible) s += ' ' + real(v);
  s += '\n';
}

// Members: genome, violation, objectives, then (NSGA-II) rank and crowding distance.
void members_text(std::string& t, const SearchSpace& space, const search::StrategyState<Genome>& strategy) {
  const bool ranked = !strategy.ranks.empty();
  t += "members " + std::to_string(strategy.population.size()) + ' ' + (ranked ? "ranked" : "unranked") + '\n';
  for (std::size_t i = 0; i < strategy.population.size(); ++i) {
    const auto& m = strategy.population[i];
    t += space.format_genome(m.individual) + ' ';
    evaluation_text(t, m.evaluation);
    if (ranked) t += ' ' + std::to_string(strategy.ranks[i]) + ' ' + real(strategy.crowding[i]);
    t += '\n';
  }
}

void book_text(std::string& t, const search::LogBook& log_book) {
  const auto book = log_book.contents();
  t += "logs " + std::to_string(book.capacity) + ' ' + std::to_string(book.stride) + ' ' + std::to_string(book.kept.size()) +
       ' ' + std::to_string(book.last ? 1 : 0) + '\n';
  for (const auto& log : book.kept) log_text(t, log);
  if (book.last) log_text(t, *book.last);
}

// Reads the file line by line; every error names the file and the line.
class StateReader {
 public:
  StateReader(const std::filesystem::path& path, const SearchRun& run) : path_(path), run_(run) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path.string() + ": cannot read the saved run");
    std::ostringstream all;
    all << in.rdbuf();
    text_ = all.str();
  }

  // The next line's tokens; it must start with `key` and have `values` more tokens (or at least
  // that many with `at_least`).
  std::vector<std::string_view> line(std::string_view key, std::size_t values, bool at_least = false) {
    std::vector<std::string_view> t = next(std::string(key));
    if (t.empty() || t[0] != key) fail("'" + std::string(key) + "'", t.empty() ? std::string() : std::string(t[0]));
    if (at_least ? t.size() < values + 1 : t.size() != values + 1)
      fail(std::to_string(values) + " value" + (values == 1 ? "" : "s") + " after '" + std::string(key) + "'",
           std::to_string(t.size() - 1));
    t.erase(t.begin());
    return t;
  }
  // A line of data (no key).
  std::vector<std::string_view> data(std::size_t values, const std::string& what, bool at_least = false) {
    std::vector<std::string_view> t = next(what);
    if (at_least ? t.size() < values : t.size() != values)
      fail(what + " (" + std::to_string(values) + " values)", std::to_string(t.size()) + " values");
    return t;
  }

  std::uint64_t u64(std::string_view token) {
    std::uint64_t v = 0;
    const auto r = std::from_chars(token.data(), token.data() + token.size(), v);
    if (r.ec != std::errc() || r.ptr != token.data() + token.size()) fail("a whole number", std::string(token));
    return v;
  }
  std::size_t size(std::string_view token) { return static_cast<std::size_t>(u64(token)); }
  std::optional<std::uint64_t> optional_u64(std::string_view token) {
    if (token == "none") return std::nullopt;
    return u64(token);
  }
  // `count` raw 64-bit little-endian numbers and a newline, as the next "line".
  std::vector<std::uint64_t> raw_keys(std::size_t count) {
    const std::size_t left = pos_ < text_.size() ? text_.size() - pos_ : 0;  // a last line without newline ends past it
    if (count > left / 8 || left < 8 * count + 1)
      throw InputError(path_.string() + ": cut short after line " + std::to_string(line_) + " (expected " +
                       std::to_string(count) + " repeat-table keys of 8 bytes, got " + std::to_string(left) + " bytes)");
    std::vector<std::uint64_t> keys(count);
    for (std::size_t i = 0; i < count; ++i)
      for (int b = 0; b < 8; ++b)
        keys[i] |= static_cast<std::uint64_t>(static_cast<unsigned char>(text_[pos_ + 8 * i + b])) << (8 * b);
    pos_ += 8 * count;
    ++line_;
    if (text_[pos_] != '\n') fail("a newline after the repeat-table keys", std::string(1, text_[pos_]));
    ++pos_;
    return keys;
  }
  double number(std::string_view token) {
    double v = 0;
    const auto r = std::from_chars(token.data(), token.data() + token.size(), v);
    if (r.ec != std::errc() || r.ptr != token.data() + token.size()) fail("a number", std::string(token));
    return v;
  }
  bool flag(std::string_view token) {
    if (token != "0" && token != "1") fail("0 or 1", std::string(token));
    return token == "1";
  }
  Genome genome(std::string_view token) {
    try {
      return run_.space().parse_genome(token);
    } catch (const InputError& e) {
      inconsistent("expected a genome of the space '" + run_.space().name() + "', got '" + std::string(token) + "' (" +
                   e.what() + ")");
    }
  }
  search::Evaluation evaluation(const std::vector<std::string_view>& t, std::size_t first, std::size_t objectives) {
    std::vector<double> values;
    for (std::size_t m = 0; m < objectives; ++m) values.push_back(number(t[first + 1 + m]));
    const double violation = number(t[first]);
    try {
      return search::Evaluation(values, violation);
    } catch (const std::invalid_argument& e) {
      fail("an evaluation", e.what());
    }
  }

  [[noreturn]] void fail(const std::string& expected, const std::string& got) const {
    throw InputError(path_.string() + " line " + std::to_string(line_) + ": expected " + expected + ", got '" + got + "'");
  }
  // An error from rebuilding a part (a table, the archive) that the file describes inconsistently.
  [[noreturn]] void inconsistent(const std::string& what) const {
    throw InputError(path_.string() + " line " + std::to_string(line_) + ": " + what);
  }

 private:
  std::vector<std::string_view> next(const std::string& expected) {
    if (pos_ >= text_.size())
      throw InputError(path_.string() + ": cut short after line " + std::to_string(line_) + " (expected " + expected +
                       ", got the end of the file)");
    std::size_t end = text_.find('\n', pos_);
    if (end == std::string::npos) end = text_.size();
    const std::string_view l(text_.data() + pos_, end - pos_);
    pos_ = end + 1;
    ++line_;
    std::vector<std::string_view> tokens;
    std::size_t i = 0;
    while (i < l.size()) {
      while (i < l.size() && l[i] == ' ') ++i;
      const std::size_t start = i;
      while (i < l.size() && l[i] != ' ') ++i;
      if (i > start) tokens.push_back(l.substr(start, i - start));
    }
    return tokens;
  }

  std::filesystem::path path_;
  const SearchRun& run_;
  std::string text_;
  std::size_t pos_ = 0;
  std::size_t line_ = 0;
};

}  // namespace

std::string search_state_text(const SearchRun& run, const search::SearchState<Genome>& s) {
  const SearchSpace& space = run.space();
  const search::Settings& st = s.settings;
  const std::size_t objectives = s.archive.objective_count();
  std::string t;
  t += std::string(kMagic) + ' ' + std::to_string(kVersion) + '\n';
  t += "fingerprint " + run.resume_fingerprint() + '\n';
  t += "algorithm " + std::string(search::name_of(run.options().algorithm)) + '\n';
  t += "genes " + std::to_string(space.genome_length()) + '\n';
  t += "objectives " + std::to_string(objectives) + '\n';
  t += "population " + std::to_string(st.population) + '\n';
  t += "crossover-probability " + real(st.crossover_probability) + '\n';
  t += "generations " + count(st.generations) + '\n';
  t += "evaluations " + count(st.evaluations) + '\n';
  t += "seed " + std::to_string(st.seed) + '\n';
  t += "threads " + std::to_string(st.threads) + '\n';
  t += "reference-point " + std::to_string(st.reference_point.size());
  for (double v : st.reference_point) t += ' ' + real(v);
  t += '\n';
  t += "repeat-table-capacity " + std::to_string(st.repeat_table_capacity) + '\n';
  t += "log-capacity " + std::to_string(st.log_capacity) + '\n';
  t += "evaluation-cache-capacity " + std::to_string(st.evaluation_cache_capacity) + '\n';
  t += "stop-after-stagnant " + count(st.stop_after_stagnant) + '\n';
  t += "stagnation-tolerance " + real(st.stagnation_tolerance) + '\n';
  t += "novelty-retries " + std::to_string(st.novelty_retries) + '\n';
  t += "initial " + std::to_string(s.initial.size()) + '\n';
  for (const Genome& g : s.initial) t += space.format_genome(g) + '\n';
  t += "next-generation " + std::to_string(s.next_generation) + '\n';
  t += "last-generation-size " + std::to_string(s.last_generation_size) + '\n';
  t += "evaluations-done " + std::to_string(s.evaluations) + '\n';
  t += "repeats " + std::to_string(s.repeats) + '\n';
  t += "cached-evaluations " + std::to_string(s.cached_evaluations) + '\n';
  t += "stopped-early " + std::to_string(s.stopped_early ? 1 : 0) + '\n';
  t += "stagnant " + std::to_string(s.stagnant ? 1 : 0) + '\n';
  t += "elapsed-seconds " + real(s.elapsed_seconds) + '\n';
  t += "stagnation " + real(s.stagnation.best) + ' ' + std::to_string(s.stagnation.generations) + '\n';
  members_text(t, space, s.strategy);
  const auto tracking = s.archive.tracking();
  t += "archive " + std::to_string(s.archive.size()) + " version " + std::to_string(s.archive.version());
  if (tracking)
    t += " tracking " + real(tracking->reference[0]) + ' ' + real(tracking->reference[1]) + ' ' + real(tracking->sum) + ' ' +
         real(tracking->compensation);
  t += '\n';
  s.archive.for_each([&](const auto& entry) {
    t += space.format_genome(entry.payload);
    for (double v : entry.objectives) t += ' ' + real(v);
    t += '\n';
  });
  const auto table = s.seen.contents();
  t += "repeat-table " + std::to_string(table.capacity) + ' ' + std::to_string(table.slot_count) + ' ' +
       std::to_string(table.evictions) + ' ' + std::to_string(table.keys.size()) + '\n';
  // The keys are random 64-bit numbers: 8 raw bytes each (little-endian), half the size of hex
  // text; the only binary part, followed by a newline.
  t.reserve(t.size() + 8 * table.keys.size() + 4096);
  for (std::uint64_t key : table.keys)
    for (int b = 0; b < 8; ++b) t += static_cast<char>((key >> (8 * b)) & 0xff);
  t += '\n';
  book_text(t, s.book);
  // A cut-short last generation: its slots so far, and the strategy, logs and stagnation before it.
  t += "pending " + std::to_string(s.pending ? 1 : 0) + '\n';
  if (s.pending) {
    members_text(t, space, search::StrategyState<Genome>{s.pending->made, {}, {}});
    members_text(t, space, s.pending->strategy);
    book_text(t, s.pending->book);
    t += "stagnation " + real(s.pending->stagnation.best) + ' ' + std::to_string(s.pending->stagnation.generations) + ' ' +
         std::to_string(s.pending->stagnant ? 1 : 0) + '\n';
    t += "pending-repeats " + std::to_string(s.pending->repeats) + '\n';
  }
  t += "end\n";
  return t;
}

void write_search_state(const std::filesystem::path& path, const SearchRun& run, const search::SearchState<Genome>& state) {
  write_file_atomically(path, search_state_text(run, state));
}

namespace {

SavedSearch read_state(const std::filesystem::path& path, const SearchRun& run) {
  StateReader r(path, run);
  const auto magic = r.data(2, "'" + std::string(kMagic) + " " + std::to_string(kVersion) + "'");
  if (magic[0] != kMagic) r.fail("a latnas state file ('" + std::string(kMagic) + " " + std::to_string(kVersion) + "')",
                                 std::string(magic[0]));
  if (magic[1] != std::to_string(kVersion))
    r.fail("format version " + std::to_string(kVersion) + " (written by another latnas)", std::string(magic[1]));
  const std::string fingerprint(r.line("fingerprint", 1)[0]);
  const std::string algorithm_name(r.line("algorithm", 1)[0]);
  search::Algorithm algorithm{};
  try {
    algorithm = search::parse_algorithm(algorithm_name);
  } catch (const std::invalid_argument&) {
    r.fail("nsga2 or random", algorithm_name);
  }
  const std::size_t genes = r.size(r.line("genes", 1)[0]);
  if (genes != run.space().genome_length())
    r.fail(std::to_string(run.space().genome_length()) + " genes (the space '" + run.space().name() + "')", std::to_string(genes));
  const std::size_t objectives = r.size(r.line("objectives", 1)[0]);
  if (objectives != static_cast<std::size_t>(run.problem().objective_count()))
    r.fail(std::to_string(run.problem().objective_count()) + " objectives", std::to_string(objectives));

  search::Settings st;
  st.population = r.size(r.line("population", 1)[0]);
  st.crossover_probability = r.number(r.line("crossover-probability", 1)[0]);
  st.generations = r.optional_u64(r.line("generations", 1)[0]);
  st.evaluations = r.optional_u64(r.line("evaluations", 1)[0]);
  st.seed = r.u64(r.line("seed", 1)[0]);
  st.threads = r.size(r.line("threads", 1)[0]);
  const auto reference = r.line("reference-point", 1, true);
  const std::size_t reference_size = r.size(reference[0]);
  if (reference.size() != reference_size + 1 || reference_size > search::max_objectives)
    r.fail(std::to_string(reference_size) + " values after the count", std::to_string(reference.size() - 1));
  for (std::size_t i = 1; i < reference.size(); ++i) st.reference_point.push_back(r.number(reference[i]));
  st.repeat_table_capacity = r.size(r.line("repeat-table-capacity", 1)[0]);
  st.log_capacity = r.size(r.line("log-capacity", 1)[0]);
  st.evaluation_cache_capacity = r.size(r.line("evaluation-cache-capacity", 1)[0]);
  // The cache's entries are not saved, so a continued run would count fewer cached evaluations.
  if (st.evaluation_cache_capacity != 0) r.inconsistent("a run with the evaluation cache on cannot be continued (its entries are not saved)");
  st.stop_after_stagnant = r.optional_u64(r.line("stop-after-stagnant", 1)[0]);
  st.stagnation_tolerance = r.number(r.line("stagnation-tolerance", 1)[0]);
  st.novelty_retries = r.size(r.line("novelty-retries", 1)[0]);
  try {
    search::validate(st, objectives);
  } catch (const std::invalid_argument& e) {
    r.inconsistent(std::string("settings: ") + e.what());
  }

  // Counts from the file never size an allocation: what is read grows line by line, so a wrong
  // count ends in "cut short", not in an attempt to allocate it.
  const std::size_t initial_count = r.size(r.line("initial", 1)[0]);
  if (initial_count > st.population)
    r.fail("at most population (" + std::to_string(st.population) + ") initial networks", std::to_string(initial_count));
  std::vector<Genome> initial;
  for (std::size_t i = 0; i < initial_count; ++i) initial.push_back(r.genome(r.data(1, "an initial genome")[0]));

  search::SearchState<Genome> s(st, std::move(initial), objectives);
  s.next_generation = r.size(r.line("next-generation", 1)[0]);
  s.last_generation_size = r.size(r.line("last-generation-size", 1)[0]);
  s.evaluations = r.u64(r.line("evaluations-done", 1)[0]);
  s.repeats = r.u64(r.line("repeats", 1)[0]);
  s.cached_evaluations = r.u64(r.line("cached-evaluations", 1)[0]);
  s.stopped_early = r.flag(r.line("stopped-early", 1)[0]);
  s.stagnant = r.flag(r.line("stagnant", 1)[0]);
  s.elapsed_seconds = r.number(r.line("elapsed-seconds", 1)[0]);
  const auto stagnation = r.line("stagnation", 2);
  s.stagnation.best = r.number(stagnation[0]);
  s.stagnation.generations = r.size(stagnation[1]);
  if (s.next_generation == 0 || s.last_generation_size == 0 || s.last_generation_size > st.population ||
      s.repeats > s.evaluations)
    r.inconsistent("counters: expected a run of at least one generation of at most the population, got generation " +
                   std::to_string(s.next_generation) + " of " + std::to_string(s.last_generation_size));

  auto read_members = [&](std::size_t at_most) {
    search::StrategyState<Genome> strategy;
    const auto members = r.line("members", 2);
    const std::size_t member_count = r.size(members[0]);
    if (members[1] != "ranked" && members[1] != "unranked") r.fail("ranked or unranked", std::string(members[1]));
    const bool ranked = members[1] == "ranked";
    if (member_count > at_most) r.fail("at most " + std::to_string(at_most) + " members", std::to_string(member_count));
    for (std::size_t i = 0; i < member_count; ++i) {
      const auto m = r.data(2 + objectives + (ranked ? 2 : 0), "a member: genome, violation, objectives" +
                                                                   std::string(ranked ? ", rank, crowding distance" : ""));
      strategy.population.push_back({r.genome(m[0]), r.evaluation(m, 1, objectives)});
      if (ranked) {
        strategy.ranks.push_back(r.size(m[2 + objectives]));
        strategy.crowding.push_back(r.number(m[3 + objectives]));
      }
    }
    return strategy;
  };
  s.strategy = read_members(st.population);

  const auto archive = r.line("archive", 3, true);
  const std::size_t archive_size = r.size(archive[0]);
  if (archive[1] != "version") r.fail("'version'", std::string(archive[1]));
  const std::uint64_t version = r.u64(archive[2]);
  std::optional<search::ParetoArchive<Genome>::Tracking> tracking;
  if (archive.size() > 3) {
    if (archive.size() != 8 || archive[3] != "tracking")
      r.fail("'tracking' and 4 numbers", std::string(archive[3]));
    tracking = search::ParetoArchive<Genome>::Tracking{{r.number(archive[4]), r.number(archive[5])},
                                                        r.number(archive[6]), r.number(archive[7])};
  }
  std::vector<search::ParetoArchive<Genome>::Entry> entries;
  for (std::size_t i = 0; i < archive_size; ++i) {
    const auto e = r.data(1 + objectives, "an archive entry: genome, objectives");
    std::vector<double> values;
    for (std::size_t m = 0; m < objectives; ++m) values.push_back(r.number(e[1 + m]));
    entries.push_back({std::move(values), r.genome(e[0])});
  }
  try {
    s.archive = search::ParetoArchive<Genome>::rebuilt(objectives, entries, version, tracking);
  } catch (const std::invalid_argument& e) {
    r.inconsistent(e.what());
  }

  const auto table = r.line("repeat-table", 4);
  search::FingerprintTable::Contents contents{r.size(table[0]), r.size(table[1]), r.u64(table[2]), {}};
  const std::size_t keys = r.size(table[3]);
  // The table's size is the run's own setting (so a file cannot ask for any amount of memory).
  if (contents.capacity != run.settings().repeat_table_capacity || contents.slot_count > contents.capacity)
    r.fail("a repeat table of capacity " + std::to_string(run.settings().repeat_table_capacity) + " and at most as many slots",
           std::to_string(contents.capacity) + " " + std::to_string(contents.slot_count));
  if (keys > contents.slot_count) r.fail("at most " + std::to_string(contents.slot_count) + " keys", std::to_string(keys));
  contents.keys = r.raw_keys(keys);
  try {
    s.seen = search::FingerprintTable(contents);
  } catch (const std::invalid_argument& e) {
    r.inconsistent(e.what());
  }

  auto read_book = [&] {
    const auto logs = r.line("logs", 4);
    search::LogBook::Contents book{r.size(logs[0]), r.size(logs[1]), {}, std::nullopt};
    const std::size_t kept = r.size(logs[2]);
    const bool has_last = r.flag(logs[3]);
    if (kept > book.capacity) r.fail("at most " + std::to_string(book.capacity) + " logs", std::to_string(kept));
    auto read_log = [&] {
      const auto l = r.data(7, "a log: generation, evaluations, repeats, archive size, hypervolume, elapsed, best", true);
      search::GenerationLog log{.generation = r.size(l[0]), .evaluations = r.u64(l[1]), .repeats = r.u64(l[2]),
                                .archive_size = r.size(l[3]), .hypervolume = r.number(l[4]), .elapsed_seconds = r.number(l[5])};
      const std::size_t best = r.size(l[6]);
      if (l.size() != 7 + best) r.fail(std::to_string(best) + " best values", std::to_string(l.size() - 7));
      for (std::size_t i = 0; i < best; ++i) log.best_feasible.push_back(r.number(l[7 + i]));
      return log;
    };
    for (std::size_t i = 0; i < kept; ++i) book.kept.push_back(read_log());
    if (has_last) book.last = read_log();
    try {
      return search::LogBook(std::move(book));
    } catch (const std::invalid_argument& e) {
      r.inconsistent(e.what());
    }
  };
  s.book = read_book();
  if (r.flag(r.line("pending", 1)[0])) {
    auto made = read_members(st.population);
    if (!made.ranks.empty() || made.population.size() != s.last_generation_size)
      r.inconsistent("expected the " + std::to_string(s.last_generation_size) +
                     " unranked slots of the last generation, got " + std::to_string(made.population.size()));
    auto strategy = read_members(st.population);
    auto book = read_book();
    const auto before = r.line("stagnation", 3);
    s.pending.emplace(search::SearchState<Genome>::Pending{std::move(made.population), std::move(strategy), std::move(book),
                                                           search::Stagnation{r.number(before[0]), r.size(before[1])},
                                                           r.flag(before[2])});
    s.pending->repeats = r.u64(r.line("pending-repeats", 1)[0]);
    if (s.pending->repeats > s.repeats)
      r.inconsistent("expected at most the run's " + std::to_string(s.repeats) + " repeats before its last generation, got " +
                     std::to_string(s.pending->repeats));
  }
  r.line("end", 0);
  return SavedSearch{fingerprint, algorithm, std::move(s)};
}

}  // namespace

SavedSearch read_search_state(const std::filesystem::path& path, const SearchRun& run) {
  try {
    return read_state(path, run);
  } catch (const InputError&) {
    throw;
  } catch (const std::exception& e) {  // a part the checks above missed: still the file's fault
    throw InputError(path.string() + ": not a valid saved run (" + e.what() + ")");
  }
}

}  // namespace latnas
