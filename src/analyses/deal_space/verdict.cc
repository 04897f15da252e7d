#include <algorithm>

#include "analyses/deal_space/deal_space_internal.h"

namespace parley::deal_space_detail {

PartyVerdict party_verdict(const CompiledModel& m, std::size_t p, const double* v, const double* broken) {
  const UtilityFn& u = m.utilities[m.parties[p]];
  const CompiledRatification& r = m.ratification[p];
  PartyVerdict out;
  out.effective = v[m.parties[p]];
  if (broken) out.broken = static_cast<int>(broken[m.parties[p]]);
  // A constituent approves when the package is worth its no-deal value and breaks none of its
  // requirements; one that breaks a requirement vetoes (whatever the rule).
  auto approves = [&](int f) { return v[f] >= m.utilities[f].reservation && !(broken && broken[f] > 0); };
  auto vetoes_it = [&](std::size_t k) { return r.veto[k] || (broken && broken[r.constituents[k]] > 0); };
  if (r.active && r.exact) {
    // Exact form (model/compiled.h): integer votes and integer audience costs, so the share
    // and the effective utility are compared without rounding.
    double approving = 0, penalty = 0;
    int vetoes = 0;
    for (std::size_t k = 0; k < r.constituents.size(); ++k) {
      int f = r.constituents[k];
      if (approves(f)) {
        approving += r.votes[k];
      } else {
        penalty += r.penalty[k];
        if (vetoes_it(k)) ++vetoes;
      }
    }
    out.approval = approving / r.votes_total;
    if (r.rule == Ratification::Rule::weighted_majority) {
      double missing = r.threshold_num - approving * r.threshold_den;  // an exact integer
      out.ratified = vetoes == 0 && missing <= 0;
      out.deficit = std::max(0.0, missing) / (r.threshold_den * r.votes_total) + vetoes;
    } else {
      out.effective -= penalty;
      out.ratified = vetoes == 0 && out.effective >= u.reservation;
      out.deficit = vetoes;
    }
  } else if (r.active) {
    double share = 0;
    int vetoes = 0;
    for (std::size_t k = 0; k < r.constituents.size(); ++k) {
      int f = r.constituents[k];
      if (approves(f)) share += r.weight[k];
      else if (vetoes_it(k)) ++vetoes;
    }
    out.approval = std::min(1.0, share);
    constexpr double kShareTolerance = 1e-12;  // shares are sums of fractions
    if (r.rule == Ratification::Rule::weighted_majority) {
      out.ratified = vetoes == 0 && share + kShareTolerance >= r.threshold;
      out.deficit = std::max(0.0, r.threshold - share - kShareTolerance) + vetoes;
    } else {
      // The leader can sell the package at home when, after paying the audience cost of the
      // opposition, it is still worth more than no deal.
      out.effective -= r.cost * std::max(0.0, 1.0 - share) / u.unit;
      out.ratified = vetoes == 0 && out.effective >= u.reservation;
      out.deficit = vetoes;
    }
  }
  out.accepted = out.ratified && out.effective >= u.reservation && out.broken == 0;
  return out;
}

}  // namespace parley::deal_space_detail

namespace parley {

bool every_party_accepts(const CompiledModel& m, const Choice& x, std::vector<double>* effective) {
  std::vector<double> units(m.utilities.size(), 0.0), broken(m.utilities.size(), 0.0);
  auto fill = [&](int f) {
    units[f] = m.utility(f, x);
    if (!m.utilities[f].requirements.empty()) broken[f] = static_cast<double>(m.broken_requirements(f, x).size());
  };
  bool all = true;
  if (effective) effective->assign(m.parties.size(), 0.0);
  for (std::size_t p = 0; p < m.parties.size(); ++p) {
    fill(m.parties[p]);
    if (m.ratification[p].active)
      for (int f : m.ratification[p].constituents) fill(f);
    deal_space_detail::PartyVerdict pv = deal_space_detail::party_verdict(m, p, units.data(), broken.data());
    if (effective) (*effective)[p] = m.utilities[m.parties[p]].to_utility(pv.effective);
    all = all && pv.accepted;
  }
  return all;
}

}  // namespace parley
