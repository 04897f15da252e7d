#include "analyses/forecast/validate.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <fmt/format.h>
#include <thread>

#include "core/workers.h"

namespace parley {

std::string unscorable_reason(const SpatialIssue& is) {
  int taking = 0, weighted = 0;
  for (std::size_t a = 0; a < is.position.size(); ++a) {
    taking += is.has(a);
    weighted += is.has(a) && is.capability[a] * is.salience[a] > 0;
  }
  if (taking < 2)
    return fmt::format("{} actor{} with a position; the models need at least two", taking, taking == 1 ? "" : "s");
  if (weighted < 2)
    return fmt::format("{} actor{} with a positive capability x salience; the models need at least two", weighted,
                       weighted == 1 ? "" : "s");
  return "";
}

double mean_abs_error(const std::vector<ScoredIssue>& v, bool baseline) {
  if (v.empty()) return std::nan("");
  double total = 0;
  for (const auto& s : v) total += std::abs((baseline ? s.baseline : s.forecast) - s.outcome);
  return total / static_cast<double>(v.size());
}

double median_abs_error(const std::vector<ScoredIssue>& v, bool baseline) {
  if (v.empty()) return std::nan("");
  std::vector<double> e;
  for (const auto& s : v) e.push_back(std::abs((baseline ? s.baseline : s.forecast) - s.outcome));
  std::sort(e.begin(), e.end());
  std::size_t n = e.size();
  return n % 2 ? e[n / 2] : (e[n / 2 - 1] + e[n / 2]) / 2;
}

std::vector<ScoredIssue> score_cases(const std::vector<ValidationCase>& cases, const SpatialModel& model,
                                     const std::map<std::string, double>& params, int threads) {
  std::vector<ScoredIssue> out(cases.size());
  const SpatialModel* mean = find_model("mean");
  std::map<std::string, double> mean_params{{"exponent", 1.0}};
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t k; (k = next.fetch_add(1)) < cases.size();) {
      const ValidationCase& c = cases[k];
      ModelOptions opt;
      opt.params = params;
      ModelOptions base;
      base.params = mean_params;
      out[k] = {c.id, c.year, model.run(c.problem, c.issue, opt).forecast, c.outcome,
                mean->run(c.problem, c.issue, base).forecast};
    }
  };
  unsigned n = threads > 0 ? static_cast<unsigned>(threads) : std::max(1u, std::thread::hardware_concurrency());
  run_workers(n, [&](unsigned) { work(); });
  return out;
}

}  // namespace parley
