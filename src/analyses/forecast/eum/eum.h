// Bueno de Mesquita's expected-utility model (EUM) of group decisions on one continuous issue, as
// reconstructed by Scholz, Calbert & Smith, "Unravelling Bueno De Mesquita's group decision
// model", Journal of Theoretical Politics 23(4), 2011 (SCZ). Formulas: THEORY.md Part B1;
// equations, presets and the emissions validation: docs/models/eum.md.
//
// Each round, from the start-of-round positions x, capabilities c and saliences s:
//   1. the range R, the median μ (linear votes of weight c_k·s_k) and, for every pair of
//      positions, the probability P_ij that i prevails over j in a vote of all actors;
//   2. the risk exponents r_i: every E(U) with r = 1, the danger S_i = Σ_j E^j(U_ji), then
//      R_i = (2 S_i − S_max − S_min)/(S_max − S_min) and r_i = (1 − R_i/3)/(1 + R_i/3);
//   3. E^i(U_ij) = s_j [P_ij U_s + (1 − P_ij) U_f] + (1 − s_j) U_s − Q U_sq − (1 − Q)[T U_b +
//      (1 − T) U_w] with utilities 2 − 4(½ ∓ ½ d)^r (SCZ eqs. 5-7, 13-24);
//   4. each actor i weighs the offers of every j from a = E(U_ij), b = E(U_ji): it loses a
//      conflict when b > a > 0 (moves to x_j), compromises when a < 0 < b and b > |a| (moves
//      by the share |a/b| toward x_j), capitulates when a < 0 < b and |a| > b (moves to x_j);
//      it takes at most one offer per round; all moves use start-of-round positions.
//
// Every point on which the public reconstructions disagree (THEORY.md B1 §1.10) is a parameter.
// Codes: SCZ = the paper's text; JMK = jmckib/bdm-scholz-expected-utility-model (a Python
// replication of Scholz's own code); MSD = dmasad/BDM_DecisionModel_Replication; BAY/BLK/SCH =
// the other reconstructions listed in THEORY.md. Read, never copied; this is our own code.
//
// | parameter     | meaning                                                        | default | range   |
// |---------------|----------------------------------------------------------------|---------|---------|
// | median_rule   | μ: 0 weighted median (BAY); 1 king of the hill over the        | 2       | 0..2    |
// |               | distinct positions, ascending (JMK); 2 max pairwise margin      |         |         |
// |               | (SCZ appendix, MSD). Votes are linear for μ in every rule.      |         |         |
// | range_rule    | R: 0 x_max − x_min of the current positions (SCZ); 1 fixed from | 0       | 0..2    |
// |               | the initial positions (JMK); 2 the issue scale hi − lo (MSD)   |         |         |
// | vote_risk     | votes in P: 0 linear distances (SCZ, MSD); 1 distances raised  | 0       | 0..1    |
// |               | to the voter's r_k (JMK)                                        |         |         |
// | p_numerator   | P's numerator: 0 votes of the supporters (SCZ, JMK); 1 the net | 0       | 0..2    |
// |               | vote floored at 0 (MSD); 2 squared masses A²/(A²+B²) (BLK;     |         |         |
// |               | p_denominator is then unused)                                  |         |         |
// | p_denominator | 0 per pair: Σ_k |v_k| (SCZ, MSD); 1 global: Σ_k |v_k| over all | 0       | 0..1    |
// |               | ordered pairs of actors (JMK: P becomes tiny)                  |         |         |
// | b_perceiver   | whose view b = E(U_ji) takes: 0 the receiver i's (i's r_i,     | 1       | 0..1    |
// |               | JMK); 1 the proposer j's own (r_j; SCZ's E^j(U_ji), MSD)       |         |         |
// | choice_rule   | which offer an actor takes: 0 conflict, else compromise, else  | 0       | 0..2    |
// |               | capitulation, least movement within a kind (SCZ §6.2); 1 the   |         |         |
// |               | same, but compromises by the smallest (|a| x_i + |b| x_j) /    |         |         |
// |               | (|a| + |b|) (JMK's quirk); 2 the offer with the largest        |         |         |
// |               | proposer EU b > 0, then classified (MSD)                        |         |         |
// | capitulation  | 0 off: the |a| > b region makes no offer (JMK's bug); 1 on     | 1       | 0..1    |
// | Q             | probability the status quo persists without a challenge         | 1       | 0..1    |
// | T             | probability that j's drift helps i (used when Q < 1)            | 1       | 0..1    |
// | t_rule        | 0 T as given; 1 T = 1 iff |x_i − μ| < |x_i − x_j|, else 0 (SCH) | 0       | 0..1    |
// | risk          | 0 every r = 1; 1 risk exponents from security each round (SCZ) | 1       | 0..1    |
// | stop_rule     | 0 run exactly `rounds`; 1 stop once the outcome moved by at    | 2       | 0..2    |
// |               | most the tolerance for `stable_rounds` rounds in a row (safety |         |         |
// |               | cap 10,000 rounds); 2 both: whichever comes first              |         |         |
// | rounds        | rounds to run (stop_rule 0) or the cap (stop_rule 2)           | 100     | 0..1e5  |
// | tolerance     | tolerance as a share of the issue scale hi − lo                | 0.005   | 0..1    |
// | stable_rounds | consecutive rounds within the tolerance (SCH: 2)               | 2       | 1..1000 |
// | outcome       | the forecast and the stopping test: 0 the median μ; 1 the      | 0       | 0..1    |
// |               | capability × salience weighted mean                             |         |         |
//
// Presets: `scholz-code` reproduces JMK (median_rule 1, range_rule 1, vote_risk 1,
// p_denominator 1, b_perceiver 0, choice_rule 1, capitulation 0, Q 1, 10 fixed rounds);
// `paper` follows SCZ's text (the defaults, t_rule 1, 8 fixed rounds as in SCZ Table 2);
// `msd-code` reproduces MSD's round 1 (range_rule 2, p_numerator 1, choice_rule 2, 10 rounds).
// On the emissions case `scholz-code` matches JMK in every round and SCZ Table 2 in all but
// round 2's median; `paper` matches no round of Table 2 (docs/models/eum.md §4 says why).
// ModelOptions::rounds >= 0 runs exactly that many rounds (stop_rule 0).
//
// Each round records the median (by median_rule), the weighted mean, the positions,
// per_actor "risk" (the r_i used that round), "offer" (0 none, 1 lost conflict, 2 compromise,
// 3 capitulation) and "toward" (the proposer's position, NaN if the actor did not move), and
// stats "moves", "conflicts", "compromises", "capitulations", "range".
//
// Cost per round: O(m·n) power evaluations and O(m² + n·m) additions for the vote tallies
// (m = distinct positions, n = actors; a prefix-sum split of the voters at each pair's
// midpoint replaces the O(m²·n) direct sums), O(n²) for the expected utilities and offers.
// Memory: O(m²). Results do not depend on the order of the actors (bit-identical).
#pragma once

#include <memory>
#include <vector>

#include "analyses/forecast/spatial.h"

namespace parley {

std::unique_ptr<SpatialModel> make_eum_model();

namespace eum_detail {
// The vote tallies behind P, exposed for the brute-force test: support[a·m + b] = Σ_k
// max(0, w_k (δ_k(u_b) − δ_k(u_a))) with δ_k(y) = (|x_k − y| / R)^ρ_k, the votes for position
// u_a against u_b (m = u.size(); u sorted ascending and distinct; voters in any order).
std::vector<double> vote_support(const std::vector<double>& x, const std::vector<double>& w,
                                 const std::vector<double>& rho, const std::vector<double>& u, double range);
}  // namespace eum_detail

}  // namespace parley
