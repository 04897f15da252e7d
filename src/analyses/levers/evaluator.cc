#include "analyses/levers/evaluator.h"

#include <algorithm>

#include "analyses/deal_space/deal_space.h"
#include "analyses/sequencing/sequencing.h"

namespace parley::levers_detail {

Scenario prepared_base(const Scenario& s, const WhatIf& w) {
  Scenario base = s;
  apply_overrides(base, w.overrides);
  drop_requirements(base, w);
  return base;
}

Evaluator::Evaluator(const Scenario& base, const WhatIf& w, int package, int plan)
    : w_(base), package_(package), plan_(plan) {
  WhatIf dated = w;
  dated.overrides.clear();
  prog_ = compile_changes(w_, dated);
  refs_ = list_params(w_);
  for (const auto& r : refs_) base_.push_back(r.param->value);
  touched_ = prog_.touched();
  CompileOptions co;
  co.keep_zero_terms = true;
  m_ = compile(w_, co);
  if (plan_ < 0 && package_ < 0) summary_ = std::make_unique<DealSummarizer>(m_);
  if (package_ >= 0) choice_ = w_.packages[static_cast<std::size_t>(package_)].options;
  watch({});
}

void Evaluator::watch(const std::vector<int>& params) {
  std::vector<const Param*> read;
  for (int t : touched_) read.push_back(refs_[static_cast<std::size_t>(t)].param);
  for (int p : params) read.push_back(refs_[static_cast<std::size_t>(p)].param);
  // The functions the previous watch set changed are recompiled once more at the next
  // evaluation, with their numbers restored (otherwise they would keep the last values tried).
  stale_.insert(stale_.end(), dirty_.begin(), dirty_.end());
  dirty_ = utilities_reading(w_, m_, read);
}

const LeverOutcome& Evaluator::eval(const std::vector<std::pair<int, double>>& values) {
  ++evaluations_;
  for (int t : restore_) refs_[static_cast<std::size_t>(t)].param->value = base_[static_cast<std::size_t>(t)];
  for (int t : touched_) refs_[static_cast<std::size_t>(t)].param->value = base_[static_cast<std::size_t>(t)];
  restore_.clear();
  for (auto [p, v] : values) {
    if (p < 0) continue;
    refs_[static_cast<std::size_t>(p)].param->value = v;
    restore_.push_back(p);
  }
  apply_changes(prog_, refs_, slots_);
  if (!stale_.empty()) {
    stale_.insert(stale_.end(), dirty_.begin(), dirty_.end());
    std::sort(stale_.begin(), stale_.end());
    stale_.erase(std::unique(stale_.begin(), stale_.end()), stale_.end());
    recompile(w_, m_, stale_);
    stale_.clear();
  } else {
    recompile(w_, m_, dirty_);
  }
  const std::size_t P = m_.parties.size();
  out_.utilities.assign(P, 0.0);
  out_.package = LeverOutcome::kNoPackage;
  if (plan_ >= 0) {
    SeqPlan sp = compile_plan(w_, m_, plan_);
    PlanResult r = evaluate_plan(m_, sp);
    out_.holds = r.self_enforcing && std::all_of(r.accepted.begin(), r.accepted.end(), [](bool b) { return b; });
    out_.package = m_.index_of(sp.final_package);
    for (std::size_t p = 0; p < P; ++p) out_.utilities[p] = r.expected[p];
  } else if (package_ >= 0) {
    out_.holds = every_party_accepts(m_, choice_, &eff_);
    out_.package = m_.index_of(choice_);
    for (std::size_t p = 0; p < P; ++p) out_.utilities[p] = eff_[p];
  } else {
    const DealSummary& s = summary_->run(m_);
    out_.holds = s.zopa_size > 0;
    if (out_.holds) out_.package = s.nash;
    for (std::size_t p = 0; p < P; ++p)
      out_.utilities[p] = out_.holds ? s.nash_effective[p] : m_.utilities[m_.parties[p]].reservation_utility;
  }
  return out_;
}

}  // namespace parley::levers_detail
