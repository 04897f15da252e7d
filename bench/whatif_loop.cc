// The C++ side of bench/python-bench.py (docs/performance.md, "Python"): N what-if analyses of a
// scenario, each `parley analyze --no-robustness --threads 1 --set PATH=VALUE` with VALUE running
// over a grid, through the request layer the CLI, `parley serve` and Python share (api/requests.h),
// the scenario parsed once. Prints one JSON line: {"runs": N, "seconds": S, "checksum": ZOPA sizes}.
//   parley_whatif_loop FILE PATH LO HI N
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "api/requests.h"
#include "io/scenario_loader.h"

int main(int argc, char** argv) {
  using namespace parley;
  if (argc != 6) {
    std::fprintf(stderr, "usage: parley_whatif_loop FILE PATH LO HI N\n");
    return 2;
  }
  const Scenario base = load_scenario_file(argv[1]);
  const std::string path = argv[2];
  const double lo = std::atof(argv[3]), hi = std::atof(argv[4]);
  const long n = std::atol(argv[5]);
  long checksum = 0;
  const auto t0 = std::chrono::steady_clock::now();
  for (long i = 0; i < n; ++i) {
    AnalyzeRequest req;
    req.threads = 1;
    req.robustness = false;
    req.what_if.overrides.push_back(Override{path, lo + (hi - lo) * static_cast<double>(i % 100) / 100.0});
    AnalyzeRun run;
    run_analyze_request(base, req, run);
    checksum += static_cast<long>(analyze_json(run)["zopa_size"].get<std::uint64_t>());
  }
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("{\"runs\": %ld, \"seconds\": %.6f, \"checksum\": %ld}\n", n, s, checksum);
  return 0;
}
