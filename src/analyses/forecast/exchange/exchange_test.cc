// The exchange model against the Decide software's example runs (DEC,
// foarsitter/decide-exchange-model; oracle numbers in ../shared/validation/README.md, "decide/")
// and its contract: determinism, independence of the actor order, outcomes inside the range.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <map>
#include <numeric>
#include <sstream>
#include <string>

#include "analyses/forecast/exchange/exchange.h"
#include "core/error.h"

namespace parley {
namespace {

// Decide's input format (DEC decide/model/helpers/csvparser.py; the files are copies of its
// data/input/sample_data.txt and copenhagen.csv): tab-separated rows with fields in single
// quotes. `#A` actor (name, name, comment); `#P` issue (name, name, comment); `#M` issue,
// bound (two rows per issue: the smallest is lo, the largest hi); `#D` actor, issue, position,
// salience (0-1, used as is), power (the capability). An actor without a #D row on an issue
// takes no part in it.
SpatialProblem read_decide(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << path;
  SpatialProblem p;
  p.id = path;
  std::map<std::string, std::size_t> actor, issue;
  std::map<std::string, std::vector<double>> bounds;
  struct Row {
    std::string a, i;
    double x, s, c;
  };
  std::vector<Row> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<std::string> f;
    std::stringstream ss(line);
    for (std::string cell; std::getline(ss, cell, '\t');) {
      if (cell.size() >= 2 && cell.front() == '\'' && cell.back() == '\'') cell = cell.substr(1, cell.size() - 2);
      f.push_back(cell);
    }
    if (f.empty()) continue;
    if (f[0] == "#A" && f.size() >= 2) {
      actor[f[1]] = p.actors.size();
      p.actors.push_back(f[1]);
    } else if (f[0] == "#P" && f.size() >= 2) {
      issue[f[1]] = p.issues.size();
      p.issues.push_back({});
      p.issues.back().id = f[1];
    } else if (f[0] == "#M" && f.size() >= 3) {
      bounds[f[1]].push_back(std::stod(f[2]));
    } else if (f[0] == "#D" && f.size() >= 6) {
      rows.push_back({f[1], f[2], std::stod(f[3]), std::stod(f[4]), std::stod(f[5])});
    }
  }
  const double nan = std::nan("");
  for (auto& is : p.issues) {
    is.position.assign(p.actors.size(), nan);
    is.salience.assign(p.actors.size(), 0);
    is.capability.assign(p.actors.size(), 0);
    const auto& b = bounds[is.id];
    if (!b.empty()) {
      is.lo = *std::min_element(b.begin(), b.end());
      is.hi = *std::max_element(b.begin(), b.end());
    }
  }
  for (const auto& r : rows) {
    auto& is = p.issues.at(issue.at(r.i));
    std::size_t a = actor.at(r.a);
    is.position[a] = r.x;
    is.salience[a] = r.s;
    is.capability[a] = r.c;
  }
  return p;
}

// The project's copies (tests/data/validation/), else the shared validation folder; "" if neither.
std::string data(const std::string& file) {
  for (std::string dir : {std::string(PARLEY_SOURCE_DIR) + "/tests/data/validation/",
                          std::string(PARLEY_SOURCE_DIR) + "/../shared/validation/decide/"}) {
    if (std::ifstream(dir + file).good()) return dir + file;
  }
  return "";
}

std::size_t index_of(const SpatialProblem& p, const std::string& id) {
  for (std::size_t d = 0; d < p.issues.size(); ++d)
    if (p.issues[d].id == id) return d;
  ADD_FAILURE() << "no issue " << id;
  return 0;
}

ForecastResult run(const SpatialProblem& p, std::size_t issue, int rounds = -1,
                   std::map<std::string, double> params = {}) {
  const SpatialModel* m = find_model("exchange");
  EXPECT_NE(m, nullptr);
  ModelOptions opt;
  opt.params = resolve_params(*m, "", params);
  opt.rounds = rounds;
  return m->run(p, issue, opt);
}

TEST(exchange_test, sample_data_columns_and_round0_compromise) {
  // The #D columns are position, salience, power: the compromise is symmetric in salience and
  // power, so the round-0 numbers confirm the positions and the normalisation; the gains below
  // (which use salience alone) confirm the salience column.
  SpatialProblem p = read_decide(data("sample_data.txt"));
  ASSERT_EQ(p.actors.size(), 10u);
  ASSERT_EQ(p.issues.size(), 6u);
  EXPECT_DOUBLE_EQ(p.issues[index_of(p, "tol-hoogte")].lo, 0.5);
  EXPECT_DOUBLE_EQ(p.issues[index_of(p, "tol-hoogte")].hi, 7);
  auto x = exchange_normalised_positions(p);
  ExchangeRoundDetail r = exchange_round(p, x);
  const std::map<std::string, double> round0{{"extra-investering", 49.49},    {"kleine-of-grote-ring", 56.60},
                                             {"tol-hoogte", 27.25},           {"tolheffing-binnenstad", 49.35},
                                             {"wanneer-tol", 50.58},          {"woonwerkverkeer", 52.49}};
  for (const auto& [id, v] : round0) EXPECT_NEAR(r.outcome_start[index_of(p, id)], v, 0.005) << id;
}

TEST(exchange_test, sample_data_round1_matches_decide) {
  SpatialProblem p = read_decide(data("sample_data.txt"));
  auto t0 = std::chrono::steady_clock::now();
  ExchangeRoundDetail r = exchange_round(p, exchange_normalised_positions(p));
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0).count();
  RecordProperty("round1_microseconds", static_cast<int>(us));
  EXPECT_EQ(r.pairs, 240u);
  ASSERT_GE(r.realised.size(), 2u);
  EXPECT_NEAR(r.realised[0].gain, 1.973684210526315789, 1e-9);
  EXPECT_NEAR(r.realised[1].gain, 1.79263630876534102, 1e-9);
  EXPECT_EQ(r.realised.size(), 39u);
  const std::map<std::string, double> round1{{"extra-investering", 75.15},    {"kleine-of-grote-ring", 46.77},
                                             {"tol-hoogte", 48.60},           {"tolheffing-binnenstad", 67.18},
                                             {"wanneer-tol", 50.68},          {"woonwerkverkeer", 16.23}};
  for (const auto& [id, v] : round1) EXPECT_NEAR(r.outcome_voting[index_of(p, id)], v, 0.005) << id;
  // Gains are realised in non-increasing order only up to recomputation; each is positive.
  for (const auto& e : r.realised) EXPECT_GT(e.gain, 0);
}

TEST(exchange_test, model_reports_round1_through_the_interface) {
  SpatialProblem p = read_decide(data("sample_data.txt"));
  std::size_t d = index_of(p, "tol-hoogte");
  ForecastResult f = run(p, d, 1);
  ASSERT_EQ(f.rounds.size(), 2u);
  EXPECT_EQ(f.rounds[1].stats.at("exchanges"), 39);
  EXPECT_EQ(f.rounds[1].stats.at("pairs"), 240);
  EXPECT_NEAR(f.rounds[1].stats.at("top_gain"), 1.973684210526315789, 1e-9);
  // In the issue's own units (0.5..7): 48.60 on the 0-100 scale.
  EXPECT_NEAR(f.forecast, 0.5 + 0.4860 * 6.5, 0.005 * 6.5 / 100 + 1e-12);
  EXPECT_NEAR(f.rounds[1].mean, f.forecast, 1e-12);
  EXPECT_NEAR(f.all_issues.at("woonwerkverkeer"), 16.23, 0.005);
  EXPECT_NEAR(f.rounds[0].mean, 0.5 + 0.2725 * 6.5, 0.005 * 6.5 / 100 + 1e-12);
  EXPECT_EQ(f.stopped_by, "rounds");
}

TEST(exchange_test, copenhagen_round0_and_round1) {
  SpatialProblem p = read_decide(data("copenhagen.csv"));
  ASSERT_EQ(p.actors.size(), 11u);
  ASSERT_EQ(p.issues.size(), 7u);
  ExchangeRoundDetail r = exchange_round(p, exchange_normalised_positions(p));
  const std::map<std::string, double> round0{{"Newtreaty", 61.58},   {"DevlopC2020", 58.14}, {"Domestred", 30.71},
                                             {"MRVdecrease", 52.24}, {"Commitments", 51.95}, {"Control", 57.62},
                                             {"Extra", 64.62}};
  for (const auto& [id, v] : round0) EXPECT_NEAR(r.outcome_start[index_of(p, id)], v, 0.005) << id;
  EXPECT_EQ(r.realised.size(), 48u);
  ASSERT_FALSE(r.realised.empty());
  EXPECT_NEAR(r.realised[0].gain, 3.278818, 5e-7);
}

TEST(exchange_test, tie_rules) {
  // Copenhagen has exact ties in round 1 (Least Developed Countries and the Alliance of Small
  // Island States hold identical rows on several issues). Both rules reproduce DEC's count and
  // top gain; the rest of the round depends on the rule (docs/models/exchange.md).
  SpatialProblem p = read_decide(data("copenhagen.csv"));
  ForecastResult names = run(p, 0, 1), input = run(p, 0, 1, {{"tie_rule", 1}});
  EXPECT_EQ(names.rounds[1].stats.at("ties"), 6);
  EXPECT_FALSE(names.notes.empty());
  for (const ForecastResult* f : {&names, &input}) {
    EXPECT_EQ(f->rounds[1].stats.at("exchanges"), 48);
    EXPECT_NEAR(f->rounds[1].stats.at("top_gain"), 3.278818, 5e-7);
  }
  // The sample's one tie (two issue pairs; gains equal to 1e-15) is decided the same way by
  // both rules, and only that choice gives DEC's 39 exchanges.
  SpatialProblem s = read_decide(data("sample_data.txt"));
  ForecastResult a = run(s, 0, 1), b = run(s, 0, 1, {{"tie_rule", 1}});
  EXPECT_EQ(a.rounds[1].stats.at("ties"), 1);
  EXPECT_EQ(b.rounds[1].stats.at("exchanges"), 39);
  for (const auto& [id, v] : a.all_issues) EXPECT_NEAR(b.all_issues.at(id), v, 1e-9) << id;
}

TEST(exchange_test, deterministic) {
  SpatialProblem p = read_decide(data("sample_data.txt"));
  ForecastResult a = run(p, 0), b = run(p, 0);
  ASSERT_EQ(a.rounds.size(), b.rounds.size());
  EXPECT_EQ(a.forecast, b.forecast);
  EXPECT_EQ(a.all_issues, b.all_issues);
  for (std::size_t k = 0; k < a.rounds.size(); ++k) {
    EXPECT_EQ(a.rounds[k].stats, b.rounds[k].stats);
    for (std::size_t i = 0; i < a.rounds[k].positions.size(); ++i)
      EXPECT_EQ(a.rounds[k].positions[i], b.rounds[k].positions[i]);
  }
}

SpatialProblem permuted(const SpatialProblem& p, const std::vector<std::size_t>& perm) {
  SpatialProblem q = p;
  for (std::size_t k = 0; k < perm.size(); ++k) {
    q.actors[k] = p.actors[perm[k]];
    for (std::size_t d = 0; d < p.issues.size(); ++d) {
      q.issues[d].position[k] = p.issues[d].position[perm[k]];
      q.issues[d].salience[k] = p.issues[d].salience[perm[k]];
      q.issues[d].capability[k] = p.issues[d].capability[perm[k]];
    }
  }
  return q;
}

TEST(exchange_test, actor_order_does_not_matter) {
  for (const char* file : {"sample_data.txt", "copenhagen.csv"}) {
    SpatialProblem p = read_decide(data(file));
    std::vector<std::size_t> perm(p.actors.size());
    std::iota(perm.begin(), perm.end(), 0);
    std::reverse(perm.begin(), perm.end());
    std::rotate(perm.begin(), perm.begin() + 3, perm.end());
    SpatialProblem q = permuted(p, perm);
    ForecastResult a = run(p, 0), b = run(q, 0);
    ASSERT_EQ(a.rounds.size(), b.rounds.size()) << file;
    for (const auto& [id, v] : a.all_issues) EXPECT_NEAR(b.all_issues.at(id), v, 1e-9) << file << " " << id;
    for (std::size_t k = 0; k < a.rounds.size(); ++k) {
      for (const auto& [key, v] : a.rounds[k].stats) EXPECT_NEAR(b.rounds[k].stats.at(key), v, 1e-9) << file << " round " << k << " " << key;
      for (std::size_t i = 0; i < perm.size(); ++i) {
        double x = a.rounds[k].positions[perm[i]], y = b.rounds[k].positions[i];
        if (std::isnan(x)) EXPECT_TRUE(std::isnan(y));
        else EXPECT_NEAR(x, y, 1e-9) << file << " round " << k << " actor " << p.actors[perm[i]];
      }
    }
  }
}

TEST(exchange_test, outcomes_and_positions_stay_in_range) {
  for (const char* file : {"sample_data.txt", "copenhagen.csv", "cop21.csv"}) {
    if (data(file).empty()) continue;  // cop21.csv only where ../shared is reachable
    SpatialProblem p = read_decide(data(file));
    auto x = exchange_normalised_positions(p);
    for (int k = 0; k < 10; ++k) {
      ExchangeRoundDetail r = exchange_round(p, x);
      for (std::size_t d = 0; d < p.issues.size(); ++d) {
        EXPECT_GE(r.outcome_voting[d], 0) << file;
        EXPECT_LE(r.outcome_voting[d], 100) << file;
        for (std::size_t a = 0; a < p.actors.size(); ++a) {
          if (std::isnan(x[d][a])) continue;
          EXPECT_GE(r.voting[d][a], 0);
          EXPECT_LE(r.voting[d][a], 100);
          EXPECT_GE(r.next_start[d][a], 0);
          EXPECT_LE(r.next_start[d][a], 100);
        }
      }
      x = r.next_start;
    }
  }
}

TEST(exchange_test, stopping_rules_and_parameters) {
  SpatialProblem p = read_decide(data("sample_data.txt"));
  ForecastResult zero = run(p, 0, 0);
  EXPECT_EQ(zero.rounds.size(), 1u);
  EXPECT_DOUBLE_EQ(zero.forecast, zero.baseline_mean);
  ForecastResult ten = run(p, 0);
  EXPECT_LE(ten.rounds.size(), 11u);
  ForecastResult tol = run(p, 0, -1, {{"tolerance", 100}});
  EXPECT_EQ(tol.rounds.size(), 2u);
  EXPECT_EQ(tol.stopped_by, "tolerance");
  // With all the pull on y (w = 0 for every salience), the next start is the voting position.
  ForecastResult full = run(p, 0, 2, {{"salience_weight", 0}, {"fixed_weight", 1}});
  ASSERT_EQ(full.rounds.size(), 3u);
  EXPECT_EQ(full.rounds[1].per_actor.at("next_start"), full.rounds[1].positions);
  EXPECT_THROW(run(p, 0, 1, {{"salience_weight", 0.8}, {"fixed_weight", 0.5}}), UsageError);
}

TEST(exchange_test, two_actors_one_trade) {
  // Two actors, two issues: A cares about p, B about q; they sit on opposite sides of both.
  SpatialProblem p;
  p.actors = {"A", "B"};
  for (const char* id : {"p", "q"}) {
    SpatialIssue is;
    is.id = id;
    is.capability = {1, 1};
    p.issues.push_back(is);
  }
  p.issues[0].position = {0, 100};
  p.issues[0].salience = {0.9, 0.3};
  p.issues[1].position = {0, 100};
  p.issues[1].salience = {0.3, 0.9};
  ExchangeRoundDetail r = exchange_round(p, exchange_normalised_positions(p));
  EXPECT_EQ(r.pairs, 1u);
  ASSERT_EQ(r.realised.size(), 1u);
  const ExchangeRecord& e = r.realised[0];
  // A demands p and supplies q; B supplies p.
  EXPECT_EQ(e.actor_i, 0u);
  EXPECT_EQ(e.supply_i, 1u);
  // Equal gain: dO_p (s_Ap + s_Bp) = dO_q (s_Aq + s_Bq), and the gain is the same for both.
  double dOp = std::abs(r.outcome_voting[0] - r.outcome_start[0]);
  double dOq = std::abs(r.outcome_voting[1] - r.outcome_start[1]);
  EXPECT_NEAR(dOp * (0.9 + 0.3), dOq * (0.3 + 0.9), 1e-9);
  EXPECT_NEAR(e.gain, dOp * 0.9 - dOq * 0.3, 1e-9);
  EXPECT_NEAR(e.gain, dOq * 0.9 - dOp * 0.3, 1e-9);
  EXPECT_GT(e.gain, 0);
}

}  // namespace
}  // namespace parley
