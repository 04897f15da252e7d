// Mediation (THEORY.md C8, docs/mediate.md): what a go-between can propose, whom its advice
// persuades, and what its inducements buy.
//  - single text (Raiffa; GENIUS simplemediator, NegMAS VetoST): from a start text the mediator
//    proposes one-issue changes, best for it first (its bias-weighted gains, then its own
//    utility, then package index); a draft becomes the text when no party vetoes it (a veto: the
//    party is worse off than under the text, `package`; the draft breaks a requirement the text
//    did not, `requirement`; or it loses ratification the text had, `ratification`); only drafts
//    that make some party strictly better are proposed, so it stops at a Pareto-local optimum.
//    With annealing (seeded), a party accepts a draft worse by Δ with probability e^(−Δ/T),
//    T cooling geometrically; the run ends with a hill climb, so it too stops at a local optimum;
//  - criterion methods: argmax over the ZOPA (over every package when the mediator does not
//    observe reservations) of the bias-weighted Nash product Π g_i^(n·b_i), KS min_i
//    g_i/(n·b_i·(I_i − d_i)), egalitarian min_i g_i/(n·b_i) or welfare Σ b_i g_i, with
//    g_i = u_i − d_i; and the same criterion with equal weights (the unbiased solution);
//  - leverage: the fewest units of inducements (a linear programme, solved exactly over its
//    vertices) that lift every party short of its reservation to it, within the budgets when
//    they allow it; parties rejecting for a requirement or ratification cannot be bought;
//  - credibility (Kydd 2003): advice to party i "accept, the other side will not give more" is
//    credible when the mediator, knowing i could get its best acceptable package y_i instead, would
//    rather see i hold out: (1 − ρ)·Δ_i·(b_i − b̄_−i) > ρ·(c + max(0, M(x))), with Δ_i the
//    gain of y_i over the proposal x for i (taken from the others), ρ the risk that holding out
//    ends the talks (MediateOptions::holdout_risk), c the cost of failure, M(x) = Σ b_j g_j(x).
//    An unbiased mediator's advice is never credible; the weight on i that makes it credible
//    is reported.
// Packages are enumerated (at most MediateOptions::max_packages; past it only the single text
// runs, its measures taken from the deal space's methods); results are deterministic.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analyses/deal_space/deal_space.h"
#include "core/cancel.h"
#include "core/cost.h"
#include "model/compiled.h"
#include "scenario/scenario.h"

namespace parley {

enum class MediateMethod { single_text, nash, ks, egalitarian, welfare };
const char* to_string(MediateMethod m);
std::optional<MediateMethod> mediate_method_from_string(std::string_view s);

struct MediateOptions {
  // Actor index; -1: the first mediator of the scenario, or, when it has none, a neutral
  // mediator (equal weights, no cost of failure, observes reservations, no inducements).
  int mediator = -1;
  MediateMethod method = MediateMethod::single_text;
  int start = -1;                 // named package (Scenario::packages); -1: the status quo
  bool anneal = false;
  std::uint64_t seed = 1;
  std::uint64_t max_packages = 2'000'000;
  // Credibility: the chance that a party holding out for more ends the talks, 0..1.
  double holdout_risk = 0.1;
  // Checked between packages and drafts: when set, mediate() throws AnalysisError (the server's
  // superseded or timed-out requests).
  const CancelToken* cancel = nullptr;
};

// One draft the mediator put on the table, with every party's utility (0..1, effective) and the
// parties (actor indices) that vetoed it, each with its reasons.
struct Draft {
  Choice package;
  std::vector<double> utilities;  // CompiledModel::parties order
  std::vector<int> vetoed_by;
  std::vector<std::vector<Reason>> reasons;  // parallel to vetoed_by
  bool adopted = false;
};

struct InducementUse {
  int inducement = -1;  // index into Mediation::inducements
  double units = 0;
};
struct Leverage {
  bool needed = false;     // some party rejects the proposal
  bool possible = false;   // every rejection is a shortfall the inducements can cover
  bool funded = false;     // and within the budgets
  double cost = 0;         // units in all (within budgets when funded, else without budgets)
  std::vector<InducementUse> offers;  // units > 0 only, inducement order
  std::string note;
  // The package needing the fewest units (within budgets when any is funded), and its cost.
  std::optional<Choice> cheapest;
  double cheapest_cost = 0;
  bool cheapest_funded = false;
};

struct Credibility {
  int party = -1;           // actor index
  bool credible = false;
  double weight = 0;        // the mediator's normalised weight on this party
  double gain = 0;          // Δ_i
  double risk = 0;          // ρ, the risk of holding out
  std::optional<double> weight_needed;  // smallest weight (sum of weights 1) above which it is credible
};

struct MediateResult {
  int mediator = -1;  // -1: the neutral mediator of a scenario without one
  MediateMethod method = MediateMethod::single_text;
  std::vector<double> bias;       // normalised, CompiledModel::parties order
  std::vector<Draft> drafts;      // single text only
  Choice start;
  PackageValue proposal;
  std::optional<double> mediator_utility;  // of the proposal, when the mediator has preferences
  bool in_zopa = false;
  std::optional<double> distance_to_nash;
  std::optional<double> distance_to_pareto;
  std::optional<PackageValue> unbiased;   // criterion methods
  std::optional<double> distance_to_unbiased;
  Leverage inducement;
  std::vector<Credibility> credibility;  // per party
  std::uint64_t packages = 0;
};

// Throws AnalysisError when the space is too large to enumerate; options are checked by the
// caller.
MediateResult mediate(const Scenario& s, const CompiledModel& m, const MediateOptions& opt);

// The cost model's estimate of mediate (core/cost.h, docs/budgets.md): every package evaluated and
// kept when the space is listed (at most opt.max_packages), then the deal-space analysis on one
// thread. Throws what mediate would throw for a space too large to enumerate.
CostEstimate estimate_mediate(const CompiledModel& m, const MediateOptions& opt);

// The fewest units of `inducements` giving each party p (CompiledModel::parties order) at least
// need[p] (0..1 utility), within the budgets when `budgets`; nullopt when impossible. Exact (the
// linear programme's vertices), ties broken toward the lexicographically smallest units.
std::optional<std::vector<double>> min_inducement(const Scenario& s, const CompiledModel& m,
                                                  const std::vector<Inducement>& inducements,
                                                  const std::vector<double>& need, bool budgets);

// Whether the advice to party p is credible, and the weight needed (see the header comment);
// exposed for tests. `bias` normalised, gains g_j(x) per party, best_gain = g_p(y_p), c the cost
// of failure, ρ the risk of holding out.
Credibility kydd_credibility(std::size_t p, const std::vector<double>& bias, const std::vector<double>& gains_x,
                             double best_gain, double cost_of_failure, double holdout_risk);

}  // namespace parley
