#include "experiments/nas/nas_problem.hpp"

#include <stdexcept>
#include <string>
#include <utility>

#include "costmodel/error.hpp"
#include "spaces/variation.hpp"

namespace latnas {

double Budget::violation(const Score& s) const {
  double v = 0.0;
  if (s.gpu_ms > latency_ms) v += (s.gpu_ms - latency_ms) / latency_ms;
  if (max_macs && s.macs > *max_macs) v += static_cast<double>(s.macs - *max_macs) / static_cast<double>(*max_macs);
  if (max_params && s.params > *max_params)
    v += static_cast<double>(s.params - *max_params) / static_cast<double>(*max_params);
  if (trust_region) v += s.domain_excess;
  return v;
}

CrossoverKind parse_crossover(std::string_view name) {
  if (name == "uniform") return CrossoverKind::uniform;
  if (name == "stage") return CrossoverKind::stage;
  throw InputError("crossover: expected uniform or stage, got '" + std::string(name) + "'");
}

std::string_view to_string(CrossoverKind k) { return k == CrossoverKind::uniform ? "uniform" : "stage"; }

NasProblem::NasProblem(const SearchSpace& space, const SpaceScorer& scorer, Budget budget, double mutation_rate,
                       CrossoverKind crossover, AccuracySources sources)
    : space_(space),
      scorer_(scorer),
      budget_(budget),
      gap_(mutation_rate, space.genome_length()),
      crossover_(crossover),
      sources_(std::move(sources)) {
  if (!(budget.latency_ms > 0.0))
    throw InputError("latency budget: expected a positive number of ms, got " + std::to_string(budget.latency_ms));
  if (budget.max_macs && *budget.max_macs == 0) throw InputError("max MACs: expected a positive count, got 0");
  if (budget.max_params && *budget.max_params == 0) throw InputError("max params: expected a positive count, got 0");
  if (!(mutation_rate > 0.0 && mutation_rate <= 1.0))
    throw InputError("mutation rate: expected a value in (0, 1], got " + std::to_string(mutation_rate));
}

Genome NasProblem::random(search::Rng& rng) const { return sample_genome(space_, rng); }

Genome NasProblem::mutate(const Genome& g, search::Rng& rng) const {
  return mutate_normal_genome(space_, g, gap_, rng);
}

Genome NasProblem::mutate(Genome&& g, search::Rng& rng) const {
  return mutate_normal_genome(space_, std::move(g), gap_, rng);
}

Genome NasProblem::crossover(const Genome& a, const Genome& b, search::Rng& rng) const {
  return crossover_ == CrossoverKind::uniform ? uniform_crossover(space_, a, b, rng) : stage_crossover_of_normal(space_, a, b, rng);
}

Score NasProblem::proxy_score(const Genome& g) const { return scorer_.score(g); }

Score NasProblem::score(const Genome& g) const {
  Score s = proxy_score(g);
  std::optional<double> given;
  const char* source = nullptr;
  if (sources_.command) {
    given = sources_.command->answer(g);
    source = "command";
    if (!given) throw std::logic_error("accuracy command: a network was evaluated before it was asked");
  } else if (sources_.table) {
    given = sources_.table->find(g);
    source = "table";
  }
  if (given) {
    s.accuracy = *given;
    s.accuracy_source = source;
    s.domain_excess = 0.0;  // a given number needs no trust in the proxy
  }
  return s;
}

void NasProblem::prepare(std::span<const Genome> batch) const {
  if (!sources_.command) return;
  std::vector<Genome> genomes(batch.begin(), batch.end());
  std::vector<std::string> archs;
  archs.reserve(genomes.size());
  NetworkSpec spec;
  for (const Genome& g : genomes) {
    space_.decode(g, spec);
    archs.push_back(canonical_string(spec));
  }
  sources_.command->ask(genomes, archs);
}

search::Evaluation NasProblem::to_evaluation(const Score& s, const Budget& budget) {
  return search::Evaluation({s.gpu_ms, -s.accuracy}, budget.violation(s));
}

search::Evaluation NasProblem::evaluate(const Genome& g) const { return to_evaluation(score(g), budget_); }

}  // namespace latnas
