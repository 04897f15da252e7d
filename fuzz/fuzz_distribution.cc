// Distributions (`dist:` of any number, docs/scenario-format.md "Uncertain numbers"): the input is
// the YAML of one number, put in place of a party's reservation, an actor's capability and an
// option's score of a small scenario. Whatever the loader accepts must then sample sanely:
// every quantile inside the support and the parameter's range, non-decreasing in u, the
// central value inside the range, describe() non-empty.
#include <cmath>

#include "common.h"
#include "io/scenario_loader.h"
#include "scenario/distribution.h"
#include "scenario/params.h"

namespace {

std::string scenario_with(const std::string& number) {
  return "parley: 1\nid: fuzz\ntitle: {en: Fuzz, zh-TW: Fuzz}\ndate: 2020-01-01\nactors:\n"
         "  - {id: A, name: Alpha, role: party, capability: " + number + "}\n"
         "  - {id: B, name: Beta, role: party, capability: 50}\n"
         "issues:\n  - id: price\n    name: Price\n    options:\n      - {id: low, name: Low}\n"
         "      - {id: high, name: High}\npreferences:\n  A:\n    reservation: " + number + "\n"
         "    issues:\n      price: {salience: 1, scores: {low: 0, high: " + number + "}}\n"
         "  B:\n    reservation: 0.3\n    issues:\n      price: {salience: 1, scores: {low: 100, high: 0}}\n";
}

void check(const parley::ParamRef& r) {
  const parley::Param& p = *r.param;
  if (!(p.value >= p.lo && p.value <= p.hi)) parley::fuzz::finding("value outside its range", r.path);
  if (!p.dist) return;
  const auto& d = *p.dist;
  const auto [slo, shi] = parley::support(d, p.lo, p.hi);
  if (!(slo <= shi)) parley::fuzz::finding("empty support", r.path);
  const double c = parley::central(d);
  if (!std::isfinite(c)) parley::fuzz::finding("central value not finite", r.path);
  if (parley::describe(d).empty()) parley::fuzz::finding("empty description", r.path);
  double last = -INFINITY;
  for (double u : {0.0, 1e-12, 0.001, 0.1, 0.25, 0.5, 0.75, 0.9, 0.999, 1 - 1e-12, 1.0}) {
    const double q = parley::quantile(d, u, p.lo, p.hi);
    if (!(q >= p.lo && q <= p.hi)) parley::fuzz::finding("quantile outside the range", r.path + " u=" + std::to_string(u));
    if (!(q >= slo && q <= shi)) parley::fuzz::finding("quantile outside the support", r.path + " u=" + std::to_string(u));
    if (q < last) parley::fuzz::finding("quantile decreasing in u", r.path + " u=" + std::to_string(u));
    last = q;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 4096) return 0;
  const std::string number(parley::fuzz::as_text(data, size));
  // One line of YAML in flow style: a line break would change the document's structure.
  if (number.find_first_of("\n\r") != std::string::npos) return 0;
  parley::fuzz::expect_clean([&] {
    parley::Scenario s = parley::load_scenario_text(scenario_with(number), "fuzz.yaml");
    for (const auto& r : parley::list_params(s)) check(r);
  });
  return 0;
}
