// Stokman & van Oosten's exchange model, in the "equal gain" form of the Decide software
// (foarsitter/decide-exchange-model, "DEC"): THEORY.md B2 §2.2, docs/models/exchange.md.
//
// Actors trade voting positions on pairs of issues: i gives way on the issue it cares less about
// (relatively) in return for j giving way on the issue i cares more about. The model works on
// all issues of the problem at once, positions rescaled to 0-100 per issue from [lo, hi].
// One round:
//   1. O_d = Σ c s x / Σ c s on every issue (the compromise model).
//   2. For each issue pair (p, q) the actors on opposite sides of O_p and of O_q form a feasible
//      pair; the one with the larger s_p/s_q demands p and supplies q.
//   3. Equal gain: the outcome shifts dO_p, dO_q satisfy dO_p (s_ip + s_jp) = dO_q (s_iq + s_jq).
//      j (supplier on p) first moves all the way to i's position on p; if i's matching move on
//      q would then pass j's position, i moves exactly to j's position instead and j's move
//      shrinks. A move that would carry the outcome (as this exchange sees it) past the
//      demander's position is cut back to end there, the partner's move rescaled.
//   4. Exchanges are realised highest gain first; after each, the exchanges that share a
//      supplying or a demanding actor-issue with it are recomputed; invalid ones (gain or move
//      at most 1e-10, a voting position outside [0, 100], a move against this exchange's
//      earlier moves) are dropped.
//   5. The voting positions y give the round's outcome O_d (the forecast); the next round starts
//      from x' = w x + (1 − w) y, w = 1 − salience_weight (1 − s) − fixed_weight.
//
// | parameter       | meaning                                                  | default | range    |
// |-----------------|----------------------------------------------------------|---------|----------|
// | salience_weight | weight of (1 − s) in the pull of y on the next start     | 0.4     | 0..1     |
// | fixed_weight    | fixed part of that pull                                  | 0.1     | 0..1     |
// | rounds          | rounds to run (ModelOptions::rounds ≥ 0 overrides it)     | 10      | 0..1000  |
// | tolerance       | stop when no issue's outcome moves more than this in a    | 0 (off) | 0..100   |
// |                 | round (0-100 scale)                                      |         |          |
// | tie_rule        | equal gains: 0 = issues, then actor names; 1 = input     | 0       | 0..1     |
// |                 | order (DEC's list order)                                 |         |          |
// salience_weight + fixed_weight must not exceed 1 (UsageError otherwise).
//
// Ties: when several exchanges have the highest gain (within 1e-12 relative), the one realised
// is, by default (tie_rule 0), the first in (issue p, issue q, name of the actor supplying q,
// name of the actor supplying p, actor index): issues in problem order (p < q), actors by name,
// so that reordering the actors does not change the result. tie_rule 1 takes the first in the
// order DEC builds its list (issue pair; left-left × right-right before left-right ×
// right-left; actors in input order), which depends on the actor order. DEC itself breaks
// exact ties at random (ALLOW_RANDOM) or, with that off, by its (stably re-sorted) list order.
// Ties do occur in real inputs (actors with identical rows) and change the outcome.
//
// An actor takes part in an issue when it has a position there and salience and capability are
// positive. The issue's range is [lo, hi], widened to hold every position. Positions and
// outcomes (0-100) are compared with a 1e-9 tolerance where DEC compares 28-digit decimals
// exactly (side of O_d, the [0, 100] bounds, an outcome at the demander's position).
//
// Output: `forecast` = the requested issue's outcome after the last round, in the issue's units;
// `all_issues` = every issue's. Round k ≥ 1 of the trajectory: positions = the voting positions
// y, mean = their compromise (the round's outcome), median = their weighted median;
// per_actor["next_start"] = the start positions of the next round; stats "exchanges"
// (realised), "pairs" (feasible pairs), "valid_pairs" (of those, with a valid initial
// exchange), "top_gain" (gain of the first realised exchange, 0-100 × salience units), "ties"
// (realisations decided by the tie rule), "max_change" (largest outcome change over the issues,
// 0-100 scale). stopped_by: "rounds", "tolerance", "converged" (a round without exchanges:
// nothing would move again) or "cancelled".
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include "analyses/forecast/spatial.h"

namespace parley {

struct ExchangeSettings {
  double salience_weight = 0.4;
  double fixed_weight = 0.1;
  bool input_order_ties = false;  // tie rule: false = issues then actor names, true = input order
};

// One realised exchange: actor i supplies issue supply_i and demands supply_j; actor j supplies
// supply_j and demands supply_i. x = the supplier's position at the start of the round, y = its
// voting position after this exchange (cumulative over its earlier exchanges on that issue in
// the round). Positions 0-100; gain in outcome shift (0-100) × salience.
struct ExchangeRecord {
  std::size_t actor_i = 0, actor_j = 0;
  std::size_t supply_i = 0, supply_j = 0;
  double gain = 0;
  double x_i = 0, y_i = 0, x_j = 0, y_j = 0;
};

// One round of the exchange model on the 0-100 scale; vectors of positions are [issue][actor],
// NaN where the actor takes no part.
struct ExchangeRoundDetail {
  std::vector<double> outcome_start;   // O_d on the start positions
  std::vector<double> outcome_voting;  // O_d on the voting positions (the round's forecast)
  std::size_t pairs = 0;               // feasible pairs (opposite sides of both outcomes)
  std::size_t valid_pairs = 0;         // of those, with a valid exchange before any is realised
  std::size_t ties = 0;                // realisations decided by the tie rule
  std::vector<ExchangeRecord> realised;  // in the order realised
  std::vector<std::vector<double>> start, voting, next_start;
};

// The problem's positions rescaled to 0-100 per issue ([lo, hi] widened to hold every
// position); NaN where the actor takes no part. Inverse: exchange_denormalise.
std::vector<std::vector<double>> exchange_normalised_positions(const SpatialProblem& p);
double exchange_denormalise(const SpatialProblem& p, std::size_t issue, double value);

// One round from `start` (0-100 positions, as from exchange_normalised_positions). Saliences,
// capabilities and participation are read from `p`; positions from `start` only.
ExchangeRoundDetail exchange_round(const SpatialProblem& p, const std::vector<std::vector<double>>& start,
                                   const ExchangeSettings& settings = {}, const CancelToken* cancel = nullptr);

std::unique_ptr<SpatialModel> make_exchange_model();

}  // namespace parley
