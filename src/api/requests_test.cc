// The shared option parsers of `sweep --bargain`, `levers` and `validate` (src/api/requests.h):
// the CLI, `parley serve` and Python all go through them, so their messages are the CLI's.
#include "api/requests.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/error.h"
#include "io/scenario_loader.h"

namespace parley {
namespace {

Scenario hanoi() { return load_scenario_file(std::string(PARLEY_SOURCE_DIR) + "/scenarios/hanoi-2019.yaml"); }

template <typename F>
std::string usage_error(F&& f) {
  try {
    f();
  } catch (const UsageError& e) {
    return e.what();
  }
  return "(no UsageError)";
}

TEST(Requests, BargainSweepOptionsAreTheFlags) {
  BargainSweepRequest req;
  req.samples = 50;
  req.by = "2019-03-01";
  req.process.step = "1w";
  const BargainSweepOptions opt = bargain_sweep_options(req);
  EXPECT_EQ(opt.samples, 50u);
  ASSERT_TRUE(opt.by);
  EXPECT_EQ(format_date(*opt.by), "2019-03-01");
  EXPECT_EQ(opt.process.seed, 0u);

  BargainSweepRequest plan = req;
  plan.plan = "us-all-at-once";
  EXPECT_EQ(usage_error([&] { bargain_sweep_options(plan); }),
            "--bargain runs the process over dates: --plan and --at do not apply");
  BargainSweepRequest by = req;
  by.by = "2019-13-01";
  EXPECT_EQ(usage_error([&] { bargain_sweep_options(by); }), "--by '2019-13-01' is not a valid date; expected YYYY-MM-DD");
  BargainSweepRequest none = req;
  none.samples = 0;
  EXPECT_EQ(usage_error([&] { bargain_sweep_options(none, 1000); }), "--samples 0: expected 1 to 1000");
  BargainSweepRequest proto = req;
  proto.process.protocol = "round-robin";
  EXPECT_NE(usage_error([&] { bargain_sweep_options(proto); }).find("--protocol 'round-robin': expected"), std::string::npos);
}

TEST(Requests, LeversOptionsNameThePackageOrPlan) {
  const Scenario s = hanoi();
  LeversRequest req;
  req.package = "dprk-offer";
  const LeversOptions opt = levers_options(s, req);
  EXPECT_EQ(opt.package, s.package_index("dprk-offer"));
  EXPECT_EQ(opt.plan, -1);
  req.plan = "us-all-at-once";
  EXPECT_EQ(usage_error([&] { levers_options(s, req); }), "--package excludes --plan");
  LeversRequest typo;
  typo.package = "dprk-ofer";
  const std::string e = usage_error([&] { levers_options(s, typo); });
  EXPECT_NE(e.find("--package: unknown package 'dprk-ofer' (did you mean 'dprk-offer'?)"), std::string::npos) << e;
  LeversRequest pairs;
  pairs.pair_candidates = 1;
  EXPECT_EQ(usage_error([&] { levers_options(s, pairs); }), "--pair-candidates 1: expected 2 to 64");
}

TEST(Requests, ValidateChecksItsOptionsBeforeReading) {
  ValidateRequest req;
  req.file = std::string(PARLEY_SOURCE_DIR) + "/tests/data/validation/deu-1996-2008.tsv";
  req.model = "medain";
  EXPECT_NE(usage_error([&] { run_validate_request(req); }).find("--model: unknown model 'medain' (did you mean 'median'?)"),
            std::string::npos);
  req.model = "median";
  req.sets = {Override{"US.reservation", 0.5}};
  EXPECT_EQ(usage_error([&] { run_validate_request(req); }),
            "--set US.reservation=0.5: validate takes only model parameters (model.NAME=VALUE)");
  req.sets.clear();
  req.years = "96-99";
  EXPECT_NE(usage_error([&] { run_validate_request(req); }).find("--years '96-99': expected YEAR, FROM-TO"), std::string::npos);
  req.years = "1880";
  EXPECT_NE(usage_error([&] { run_validate_request(req); }).find("no issue of"), std::string::npos);
  req.years = "1999";
  std::vector<std::string> warnings;
  const ValidationReport r = run_validate_request(req, [&](const std::string& w) { warnings.push_back(w); });
  EXPECT_EQ(r.model, "median");
  EXPECT_FALSE(r.issues.empty());
  for (const auto& i : r.issues) EXPECT_EQ(i.year, 1999);
  EXPECT_EQ(warnings.size(), r.skipped.size());
}

TEST(Requests, ForecastIssueNamesTheContinuousIssuesAndCountsWeightedActors) {
  const Scenario s = hanoi();
  EXPECT_EQ(usage_error([&] { forecast_issue(s, "nope"); }),
            "--issue: 'nope' is not a continuous issue of scenario 'hanoi-2019'; its continuous issues are: "
            "relief_scope, denuclearization_scope");
  const ForecastIssue ok = forecast_issue(s, "denuclearization_scope");
  EXPECT_EQ(ok.problem.issues[ok.index].id, "denuclearization_scope");
  // Every actor but one without weight on the issue: one weighted actor is too few.
  WhatIf w;
  for (const char* a : {"DPRK", "ROK", "PRC", "US_DEMS", "BOLTON", "POMPEO"})
    w.overrides.push_back(Override{std::string(a) + ".relief_scope.salience", 0});
  EXPECT_EQ(usage_error([&] { forecast_issue(apply_what_if(s, w), "relief_scope"); }),
            "issue 'relief_scope' has 1 actor(s) with a positive capability x salience (after --set, --at and "
            "--without); the models need at least two");
  // One actor with a position at all (the others' positions left out): too few, whatever the weights.
  Scenario one = s;
  const int k = one.continuous_index("relief_scope");
  ASSERT_GE(k, 0);
  ASSERT_GE(one.continuous[static_cast<std::size_t>(k)].positions.size(), 2u);
  one.continuous[static_cast<std::size_t>(k)].positions.resize(1);
  EXPECT_EQ(usage_error([&] { forecast_issue(one, "relief_scope"); }),
            "issue 'relief_scope' has 1 actor(s) with a position; the models need at least two");
}

}  // namespace
}  // namespace parley
