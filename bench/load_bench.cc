// Loading and importing many actors (docs/performance.md, "Loading and importing many actors"):
// the time per actor must stay flat from 10^3 to 10^5 actors (the loader, the compiler and the
// importers look ids up in hash maps, not by scanning).
//   BM_Check_ImportedActors/N    what `parley check` does with the file `parley import
//                                actors-csv` writes for N actors: load the YAML, compile
//   BM_Import_ActorsCsv/N        what `parley import actors-csv` does: read the CSV, build the
//                                scenario, write the YAML
//   BM_Check_Constituents/N      a deal space with 2 parties and N − 2 constituents, each with
//                                preferences, voting in the parties' ratification: load, compile
// Inputs are generated in memory (no file I/O is timed); counter `actors/s` is actors per second.
#include <benchmark/benchmark.h>

#include <string>

#include "io/importers.h"
#include "io/scenario_loader.h"
#include "io/scenario_writer.h"
#include "model/compiled.h"

namespace {

using namespace parley;

// N rows of actor,capability,position,salience with deterministic numbers.
std::string actors_csv(int n) {
  std::string csv = "actor,capability,position,salience\n";
  for (int k = 0; k < n; ++k)
    csv += "Actor " + std::to_string(k) + "," + std::to_string(1 + k % 97) + "." + std::to_string(k % 10) + "," +
           std::to_string(k % 101) + ".5," + std::to_string(1 + k % 89) + "\n";
  return csv;
}

// Actors per second of wall time (docs/performance.md divides it into µs per actor).
void per_actor(benchmark::State& state, int n) {
  state.counters["actors/s"] = benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate);
}

void BM_Check_ImportedActors(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const std::string yaml = scenario_to_yaml(import_actors_csv_text(actors_csv(n), "actors.csv"));
  for (auto _ : state) {
    Scenario s = load_scenario_text(yaml, "actors.yaml");
    CompiledModel m = compile(s);
    benchmark::DoNotOptimize(m.utilities.size());
  }
  per_actor(state, n);
}
BENCHMARK(BM_Check_ImportedActors)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Import_ActorsCsv(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const std::string csv = actors_csv(n);
  for (auto _ : state) {
    std::string yaml = scenario_to_yaml(import_actors_csv_text(csv, "actors.csv"));
    benchmark::DoNotOptimize(yaml.size());
  }
  per_actor(state, n);
}
BENCHMARK(BM_Import_ActorsCsv)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond)->UseRealTime();

// Two parties P0 and P1 on one ordinal issue; constituent k has parent P(k mod 2), its own
// preferences, and P0 and P1 ratify by weighted majority.
std::string constituents_yaml(int n) {
  std::string y = "parley: 1\nid: constituents\ntitle: {en: Constituents, zh-TW: Constituents}\ndate: 2020-01-01\n"
                  "actors:\n  - {id: P0, name: P0, role: party, capability: 50}\n"
                  "  - {id: P1, name: P1, role: party, capability: 50}\n";
  for (int k = 0; k < n - 2; ++k)
    y += "  - {id: c" + std::to_string(k) + ", name: c, role: constituent, capability: " + std::to_string(1 + k % 50) +
         ", parent: P" + std::to_string(k % 2) + "}\n";
  y += "issues:\n  - {id: x, name: X, options: [{id: a, name: A}, {id: b, name: B}]}\npreferences:\n"
       "  P0: {reservation: 0.3, issues: {x: {salience: 1, scores: {a: 100, b: 0}}}}\n"
       "  P1: {reservation: 0.3, issues: {x: {salience: 1, scores: {a: 0, b: 100}}}}\n";
  for (int k = 0; k < n - 2; ++k)
    y += "  c" + std::to_string(k) + ": {reservation: 0.5, issues: {x: {salience: 1, scores: {a: " +
         std::to_string(k % 101) + ", b: " + std::to_string(100 - k % 101) + "}}}}\n";
  y += "ratification:\n  P0: {rule: weighted-majority, threshold: 0.5}\n  P1: {rule: weighted-majority, threshold: 0.5}\n";
  return y;
}

void BM_Check_Constituents(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const std::string yaml = constituents_yaml(n);
  for (auto _ : state) {
    Scenario s = load_scenario_text(yaml, "constituents.yaml");
    CompiledModel m = compile(s);
    benchmark::DoNotOptimize(m.ratification.size());
  }
  per_actor(state, n);
}
BENCHMARK(BM_Check_Constituents)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
