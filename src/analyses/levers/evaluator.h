// Internal to analyses/levers: the verdict of a scenario at changed parameter values, evaluated
// the way a Monte Carlo sweep evaluates a sample (analyses/sweep/sweep.h): values set before the
// date's changes (as --set), the dated changes re-applied, an incremental compile of the utility
// functions that read a changed number, then the verdict (ZOPA, named package or plan).
#pragma once

#include <memory>
#include <utility>
#include <vector>

#include "analyses/deal_space/summary.h"
#include "analyses/levers/levers.h"
#include "model/compiled.h"
#include "scenario/params.h"
#include "scenario/what_if.h"

namespace parley::levers_detail {

class Evaluator {
 public:
  // `base`: the scenario with the what-if's overrides applied and its requirements dropped;
  // `w`: the what-if whose date and removed events give the dated changes.
  Evaluator(const Scenario& base, const WhatIf& w, int package, int plan);

  // The parameters (list_params indices) the next evaluations change: fixes the utility
  // functions recompiled.
  void watch(const std::vector<int>& params);
  // The outcome with each (param, value) set (values as --set gives them); every other number
  // as in the base scenario. The reference stays valid until the next call.
  const LeverOutcome& eval(const std::vector<std::pair<int, double>>& values);
  const LeverOutcome& eval_one(int param, double value) {
    one_[0] = {param, value};
    return eval(one_);
  }

  const std::vector<ParamRef>& refs() const { return refs_; }
  double base_value(int param) const { return base_[static_cast<std::size_t>(param)]; }
  const CompiledModel& model() const { return m_; }
  std::uint64_t evaluations() const { return evaluations_; }

 private:
  Scenario w_;
  ChangeProgram prog_;
  int package_, plan_;
  std::vector<ParamRef> refs_;
  std::vector<double> base_, slots_;
  std::vector<int> touched_, restore_;
  CompiledModel m_;
  std::vector<int> dirty_, stale_;
  std::unique_ptr<DealSummarizer> summary_;
  Choice choice_;
  LeverOutcome out_;
  std::vector<double> eff_;
  std::vector<std::pair<int, double>> one_{{-1, 0.0}};
  std::uint64_t evaluations_ = 0;
};

// The scenario levers and robustness start from: overrides applied, requirements dropped.
Scenario prepared_base(const Scenario& s, const WhatIf& w);

}  // namespace parley::levers_detail
