#include "render/deal_space_render.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "core/count.h"
#include "core/version.h"
#include "render/table.h"
#include "render/why_render.h"

namespace parley {

using json = nlohmann::ordered_json;

double round9(double x) {
  // From 1e15 on a double has no digit left after the 9th decimal (nor, at 1.8e299, would
  // x · 1e9 stay finite): x is returned as it is.
  if (!(std::fabs(x) < 1e15)) return x;
  double r = std::round(x * 1e9) / 1e9;
  return r == 0 ? 0.0 : r;  // no "-0"
}

Choice choice_of_index(const Scenario& s, std::uint64_t index) {
  Choice x(s.issues.size());
  for (std::size_t i = s.issues.size(); i-- > 0;) {
    auto k = static_cast<std::uint64_t>(s.issues[i].options.size());
    x[i] = static_cast<int>(index % k);
    index /= k;
  }
  return x;
}

json package_json(const Scenario& s, const Choice& x) {
  json j = json::object();
  for (std::size_t i = 0; i < s.issues.size(); ++i) j[s.issues[i].id] = s.issues[i].options[x[i]].id;
  return j;
}

json utilities_json(const Scenario& s, const CompiledModel& m, const PackageValue& v) {
  json j = json::object();
  for (std::size_t f = 0; f < m.utilities.size(); ++f) j[s.actors[m.utilities[f].actor].id] = round9(v.utilities[f]);
  return j;
}

// Level-II details of a package for parties with ratification rules: effective utility,
// approving share, whether it is ratified, who opposes it, the rule, and under an audience-cost
// rule the cost charged.
static json ratification_json(const Scenario& s, const CompiledModel& m, const PackageValue& v) {
  json out = json::object();
  for (std::size_t p = 0; p < m.parties.size(); ++p) {
    if (!m.ratification[p].active) continue;
    json blockers = json::array();
    for (int a : v.blocking[p]) blockers.push_back(s.actors[a].id);
    const bool audience = has_audience_cost(m, p);
    json entry{{"ratified", static_cast<bool>(v.ratified[p])},
               {"approval", round9(v.approval[p])},
               {"effective_utility", round9(v.effective[p])},
               {"opposed_by", blockers},
               {"rule", audience ? "audience_cost" : "weighted_majority"}};
    // Under an audience-cost rule opposition does not block: it costs the leader this much.
    if (audience) entry["audience_cost"] = round9(audience_cost(m, v, p));
    // Constituents' broken requirements (each a veto), when some constituent has requirements.
    json failed = json::object();
    for (int f : m.ratification[p].constituents)
      if (!v.broken.empty() && !v.broken[f].empty()) failed[s.actors[m.utilities[f].actor].id] = broken_ids(s, m, f, v.broken[f]);
    if (!failed.empty()) entry["failed_requirements"] = failed;
    out[s.actors[m.utilities[m.parties[p]].actor].id] = std::move(entry);
  }
  return out;
}

// The credible verdict of a package (docs/deal-space.md, "Credible packages"): `credible`, and
// the parties that reject it carried out in one stage. Only when the analysis was asked for it.
static void credible_json(json& j, const Scenario& s, const CompiledModel& m, const PackageValue& v, bool requested) {
  if (!requested) return;
  if (!v.credible) {
    j["credible"] = nullptr;
    return;
  }
  j["credible"] = *v.credible;
  json rej = json::object();
  for (std::size_t p = 0; p < v.credible_reasons.size(); ++p) {
    if (v.credible_reasons[p].empty()) continue;
    json why = json::array();
    for (Reason x : v.credible_reasons[p]) why.push_back(to_string(x));
    rej[s.actors[m.utilities[m.parties[p]].actor].id] = why;
  }
  j["credible_rejected_by"] = rej;
}

json solution_json(const Scenario& s, const CompiledModel& m, const std::optional<PackageValue>& v) {
  if (!v) return nullptr;
  json j{{"package", package_json(s, v->choice)}, {"utilities", utilities_json(s, m, *v)}};
  if (m.has_ratification()) j["ratification"] = ratification_json(s, m, *v);
  credible_json(j, s, m, *v, v->credible.has_value());
  return j;
}

json run_header(const Scenario& s, const RunInfo& info) {
  json overrides = json::object();
  for (const auto& o : info.overrides) overrides[o.path] = o.value;
  json j{{"engine", "parley"},     {"version", kVersion},        {"command", info.command},
         {"scenario", s.id},       {"date", format_date(s.date)}, {"overrides", overrides},
         {"without", info.without}, {"seed", nullptr}};
  if (!info.without_requirements.empty()) j["without_requirements"] = info.without_requirements;
  return j;
}

AnalyzeExtras analyze_extras(const Scenario& s, const CompiledModel& m, const DealSpaceResult& r,
                             const std::vector<NamedVerdict>& named, const std::vector<Choice>& given,
                             int max_changes, const Commitments* commitments) {
  AnalyzeExtras x;
  const bool none = r.zopa_size == 0 && !r.cancelled;
  for (const auto& c : given) {
    x.given.push_back(evaluate_package(m, c));
    mark_credible(m, commitments, x.given.back());
  }
  if (max_changes <= 0) return x;  // --repair-changes 0: no repair searched, none reported
  for (const auto& v : named) x.named_repairs.push_back(smallest_repair(s, m, v.value.choice, max_changes, none));
  for (const auto& c : given) x.given_repairs.push_back(smallest_repair(s, m, c, max_changes, none));
  return x;
}

// A package's verdict: utilities, who accepts and rejects it and why (docs/no-deal.md).
static json verdict_json(const Scenario& s, const CompiledModel& m, const PackageValue& v, const Repair* repair) {
  json acc = json::array(), rej = json::object(), reasons = json::object();
  for (std::size_t p = 0; p < m.parties.size(); ++p) {
    const std::string& id = s.actors[m.utilities[m.parties[p]].actor].id;
    if (v.accepted[p]) {
      acc.push_back(id);
      continue;
    }
    rej[id] = round9(v.shortfall[p]);
    json why = json::array();
    for (Reason x : rejection_reasons(m, v, p)) why.push_back(to_string(x));
    reasons[id] = why;
  }
  json j{{"package", package_json(s, v.choice)},
         {"utilities", utilities_json(s, m, v)},
         {"accepted_by", acc},
         {"rejected_by", rej},
         {"reasons", reasons},
         {"failed_requirements", failed_requirements_json(s, m, v)},
         {"why", why_json(s, m, explain_rejections(s, m, v))}};
  if (repair) j["repair"] = repair_json(s, v.choice, *repair);
  if (m.has_ratification()) j["ratification"] = ratification_json(s, m, v);
  return j;
}

json deal_space_json(const Scenario& s, const CompiledModel& m, const DealSpaceResult& r,
                     const std::vector<NamedVerdict>& named, const RunInfo& info, const AnalyzeExtras* extras) {
  json j = run_header(s, info);
  // An ordered_json object is a vector of (const key, value) pairs, which it copies, not moves,
  // when it grows: room for every key up front, so that the listings (`zopa`, `pareto`, up to
  // --max-listed packages each) are never copied by a later key.
  j.get_ptr<json::object_t*>()->reserve(64);
  json parties = json::array(), reservations = json::object();
  for (int f : m.parties) {
    parties.push_back(s.actors[m.utilities[f].actor].id);
    reservations[s.actors[m.utilities[f].actor].id] = round9(m.utilities[f].reservation_utility);
  }
  j["parties"] = parties;
  j["reservations"] = reservations;
  json point = json::object();
  for (std::size_t p = 0; p < m.parties.size() && p < r.disagreement_point.size(); ++p)
    point[s.actors[m.utilities[m.parties[p]].actor].id] = round9(r.disagreement_point[p]);
  j["disagreement"] = json{{"convention", to_string(r.disagreement)}, {"point", point}};
  j["issues"] = s.issues.size();
  json ws = json::object();
  for (std::size_t p = 0; p < m.parties.size(); ++p)
    ws[s.actors[m.utilities[m.parties[p]].actor].id] = r.win_set_size.empty() ? r.packages_total : r.win_set_size[p];
  j["win_set_size"] = ws;
  j["method"] = r.method;
  if (r.method == "classes") j["class_tuples"] = r.class_tuples;
  if (!r.ruled_out.empty()) {
    json ro = json::object();
    for (std::size_t p = 0; p < m.parties.size(); ++p) ro[s.actors[m.utilities[m.parties[p]].actor].id] = r.ruled_out[p];
    j["ruled_out_by_requirements"] = ro;
  }
  j["packages_total"] = r.packages_total;
  j["zopa_size"] = r.zopa_size;
  j["zopa_exact"] = r.zopa_exact;
  if (!r.zopa_exact) {
    j["zopa_upper"] = r.zopa_upper;
    j["zopa_estimate"] = std::round(r.zopa_estimate);
    j["zopa_margin"] = std::round(r.zopa_margin);
  }
  if (r.credible_requested) {
    j["credible_zopa_size"] = r.credible_zopa_size ? json(*r.credible_zopa_size) : json(nullptr);
    if (!r.credible_note.empty()) j["credible_note"] = r.credible_note;
  }
  j["pareto_size"] = r.pareto_computed ? json(r.pareto_size) : json(nullptr);
  j["pareto_zopa_size"] = r.pareto_computed ? json(r.pareto_zopa_size) : json(nullptr);
  j["nash"] = solution_json(s, m, r.nash);
  j["kalai_smorodinsky"] = solution_json(s, m, r.kalai_smorodinsky);
  j["egalitarian"] = solution_json(s, m, r.egalitarian);
  j["max_welfare"] = solution_json(s, m, r.max_welfare);
  for (const char* key : {"nash", "kalai_smorodinsky"})
    if (r.credible_requested && !j[key].is_null() && !j[key].contains("credible")) j[key]["credible"] = nullptr;
  if (r.closest) {
    json sf = json::object();
    for (std::size_t p = 0; p < m.parties.size(); ++p)
      sf[s.actors[m.utilities[m.parties[p]].actor].id] = round9(r.closest->shortfall[p]);
    j["closest"] = json{{"package", package_json(s, r.closest->choice)},
                        {"utilities", utilities_json(s, m, *r.closest)},
                        {"shortfall", sf},
                        {"failed_requirements", failed_requirements_json(s, m, *r.closest)},
                        {"why", why_json(s, m, explain_rejections(s, m, *r.closest))}};
    credible_json(j["closest"], s, m, *r.closest, r.credible_requested);
    if (m.has_ratification()) {
      json blocked = json::object();
      for (std::size_t p = 0; p < m.parties.size(); ++p) {
        if (!m.ratification[p].active || r.closest->ratified[p]) continue;
        json b = json::array();
        for (int a : r.closest->blocking[p]) b.push_back(s.actors[a].id);
        blocked[s.actors[m.utilities[m.parties[p]].actor].id] = b;
      }
      j["closest"]["blocked_by"] = blocked;
      j["closest"]["ratification"] = ratification_json(s, m, *r.closest);
    }
  } else {
    j["closest"] = nullptr;
  }
  if (r.zopa_size > 0) {
    json ideal = json::object();
    for (std::size_t p = 0; p < m.parties.size(); ++p)
      ideal[s.actors[m.utilities[m.parties[p]].actor].id] = round9(r.ideal[p]);
    j["ideal"] = ideal;
  } else {
    j["ideal"] = nullptr;
  }
  // The first ZOPA packages by index (as many as were asked for), in the solutions' form.
  json zopa = json::array();
  for (const auto& v : r.zopa) zopa.push_back(solution_json(s, m, v));
  j["zopa"] = zopa;
  // More ZOPA packages than listed (when the search only bounds the ZOPA, possibly more: up to
  // zopa_upper).
  j["zopa_truncated"] = r.zopa.size() < std::max(r.zopa_size, r.zopa_upper);
  json pareto = json::array();
  for (std::size_t k = 0; k < r.pareto.size(); ++k)
    pareto.push_back(json{{"package", package_json(s, r.pareto[k].choice)},
                          {"utilities", utilities_json(s, m, r.pareto[k])},
                          {"in_zopa", static_cast<bool>(r.pareto_in_zopa[k])},
                          {"overall", static_cast<bool>(r.pareto_overall[k])}});
  j["pareto"] = pareto;
  j["pareto_truncated"] = r.pareto_computed && r.pareto.size() < r.pareto_size;
  // The frontier's distinct utility vectors (the parties'), each with the packages sharing it.
  json vectors = json::array();
  for (const auto& fv : r.pareto_vectors) {
    json u = json::object();
    for (std::size_t p = 0; p < m.parties.size(); ++p)
      u[s.actors[m.utilities[m.parties[p]].actor].id] = round9(fv.utilities[p]);
    vectors.push_back(json{{"utilities", u},
                           {"packages", fv.packages},
                           {"zopa_packages", fv.zopa_packages},
                           {"first", package_json(s, fv.package)}});
  }
  j["pareto_vectors_size"] = r.pareto_computed ? json(r.pareto_vectors_size) : json(nullptr);
  j["pareto_vectors"] = vectors;
  if (!r.pareto_note.empty()) j["pareto_note"] = r.pareto_note;
  json nj = json::object();
  for (std::size_t k = 0; k < named.size(); ++k) {
    const Repair* repair = extras && k < extras->named_repairs.size() ? &extras->named_repairs[k] : nullptr;
    nj[s.packages[named[k].package].id] = verdict_json(s, m, named[k].value, repair);
    credible_json(nj[s.packages[named[k].package].id], s, m, named[k].value, r.credible_requested);
  }
  j["named"] = nj;
  if (extras && !extras->given.empty()) {
    json given = json::array();
    for (std::size_t k = 0; k < extras->given.size(); ++k) {
      given.push_back(verdict_json(s, m, extras->given[k], k < extras->given_repairs.size() ? &extras->given_repairs[k] : nullptr));
      credible_json(given.back(), s, m, extras->given[k], r.credible_requested);
    }
    j["packages"] = given;
  }
  j["explanation"] = explain_deal_space(s, m, r, info.lang);
  if (extras && !extras->robustness.is_null()) j["robustness"] = extras->robustness;
  if (r.cancelled) j["partial"] = true;
  return j;
}

// ---- words --------------------------------------------------------------------------------

static bool zh(const std::string& lang) { return lang == "zh-TW"; }

static std::string actor_name(const Scenario& s, int actor, const std::string& lang) {
  return pick(s.actors[actor].name, lang, s.actors[actor].id);
}

static std::string describe_package(const Scenario& s, const Choice& x, const std::string& lang) {
  std::string out;
  for (std::size_t i = 0; i < s.issues.size(); ++i) {
    if (!out.empty()) out += zh(lang) ? "；" : "; ";
    out += pick(s.issues[i].name, lang, s.issues[i].id) + (zh(lang) ? "：" : ": ") +
           pick(s.issues[i].options[x[i]].name, lang, s.issues[i].options[x[i]].id);
  }
  return out;
}

std::string rejection_text(const Scenario& s, const CompiledModel& m, const PackageValue& v, std::size_t p,
                           const std::string& lang) {
  const bool z = zh(lang);
  const std::string party = actor_name(s, m.utilities[m.parties[p]].actor, lang);
  const auto reasons = rejection_reasons(m, v, p);
  const bool short_of_d = std::find(reasons.begin(), reasons.end(), Reason::package) != reasons.end();
  const bool at_home = std::find(reasons.begin(), reasons.end(), Reason::ratification) != reasons.end();
  std::string who;
  for (int b : v.blocking[p]) who += (who.empty() ? "" : (z ? "、" : ", ")) + actor_name(s, b, lang);
  // The shortfall, restated on one issue's options where it can be (analyses/explain/gap.h).
  std::string shortfall = fmt::format("{:.3f}", v.shortfall[p]);
  if (short_of_d) {
    const std::string g = gap_text(s, gap_in_issue_terms(s, m, m.parties[p], v.choice, v.shortfall[p]), lang);
    if (!g.empty()) shortfall += (z ? "，" : ", ") + g;
  }
  if (!v.broken.empty() && !v.broken[m.parties[p]].empty()) {
    // A broken requirement first: it decides whatever the numbers.
    std::string ids;
    for (const auto& id : broken_ids(s, m, m.parties[p], v.broken[m.parties[p]])) ids += (ids.empty() ? "" : ", ") + id;
    const std::size_t n = v.broken[m.parties[p]].size();
    std::string out = z ? fmt::format("{}拒絕（要求 {} 未獲滿足", party, ids)
                        : fmt::format("rejected by {} (requirement{} {} {}", party, n == 1 ? "" : "s", ids, n == 1 ? "fails" : "fail");
    if (short_of_d) out += z ? fmt::format("；差 {}", shortfall) : fmt::format("; short by {}", shortfall);
    if (at_home) out += z ? fmt::format("；國內無法批准：{}反對", who) : fmt::format("; blocked at home: opposed by {}", who);
    return out + (z ? "）" : ")");
  }
  if (short_of_d && at_home)
    return z ? fmt::format("{}拒絕（差 {}；且國內無法批准：{}反對）", party, shortfall, who)
             : fmt::format("rejected by {} (short by {}; blocked at home: opposed by {})", party, shortfall, who);
  if (at_home)
    return z ? fmt::format("{}國內無法批准（{}反對）", party, who)
             : fmt::format("blocked at home in {} (opposed by {})", party, who);
  if (short_of_d)
    return z ? fmt::format("{}拒絕（差 {}）", party, shortfall) : fmt::format("rejected by {} (short by {})", party, shortfall);
  return "";
}

std::string package_verdict_text(const Scenario& s, const CompiledModel& m, const PackageValue& v,
                                 const std::string& lang) {
  const bool z = zh(lang);
  std::string verdict;
  for (std::size_t p = 0; p < m.parties.size(); ++p) {
    if (v.accepted[p]) continue;
    if (!verdict.empty()) verdict += z ? "；" : "; ";
    verdict += rejection_text(s, m, v, p, lang);
  }
  if (verdict.empty()) verdict = z ? "所有當事方接受" : "accepted by every party";
  return verdict;
}

// Compact form for table cells: option ids in issue order.
std::string package_ids(const Scenario& s, const Choice& x) {
  std::string out;
  for (std::size_t i = 0; i < s.issues.size(); ++i) {
    if (!out.empty()) out += " / ";
    out += s.issues[i].options[x[i]].id;
  }
  return out;
}

std::string package_names(const Scenario& s, const Choice& x, const std::string& lang) {
  std::string out;
  for (std::size_t i = 0; i < s.issues.size() && i < x.size(); ++i) {
    if (!out.empty()) out += " / ";
    out += pick(s.issues[i].options[x[i]].name, lang, s.issues[i].options[x[i]].id);
  }
  return out;
}

std::string issue_names(const Scenario& s, const std::string& lang) {
  std::string out;
  for (const auto& is : s.issues) out += (out.empty() ? "" : " / ") + pick(is.name, lang, is.id);
  return out;
}

std::string utility_scale_text(const CompiledModel& m, const std::string& lang) {
  // u = Σ salience·score / (100·Σ salience) + the bonuses of the interactions that hold, plus
  // min(cap, aggregate / scale) for a party with boxes (docs/scenario-format.md, Preferences).
  bool boxes = false;
  for (int f : m.parties) boxes = boxes || !m.utilities[f].boxes.empty();
  if (zh(lang))
    return std::string("效用以各當事方自己的 0 到 1 量表表示：1 代表每個議題都落在該方評為 100 分的選項，0 代表每個議題都落在"
                       "該方評為 0 分的選項（各議題評分依其重要性加權平均，再加上選項組合的加成") +
           (boxes ? "與區域項" : "") +
           "，因此可能略超出此範圍）；保留值是該方在同一量表上無協議時的效用，效用不低於保留值的方案該方才會接受。";
  return std::string("Utilities are on each party's own 0 to 1 scale: 1 is a package that settles every issue on an "
                     "option the party scores 100, 0 one that settles every issue on an option it scores 0 (its scores "
                     "averaged with the issues' saliences as weights, plus the bonuses of combinations") +
         (boxes ? " and of its boxes" : "") +
         ", which can take it slightly outside); its reservation is its utility of no deal on the same scale, and it "
         "accepts only a package worth at least that.";
}

static std::string num(double x) { return fmt::format("{:.3f}", x); }

static bool any_audience_cost(const CompiledModel& m) {
  for (std::size_t p = 0; p < m.parties.size(); ++p)
    if (has_audience_cost(m, p)) return true;
  return false;
}

// For each party that ratifies package v under an audience-cost rule while paying a cost: its
// own utility, the approving share and the cost, and that the rule charges rather than blocks
// (so an approving share of 0 with the package ratified reads as intended).
static std::string audience_cost_sentences(const Scenario& s, const CompiledModel& m, const PackageValue& v,
                                           const std::string& lang) {
  const bool z = zh(lang);
  std::string out;
  for (std::size_t p = 0; p < m.parties.size(); ++p) {
    const double cost = audience_cost(m, v, p);
    if (!v.ratified[p] || !(cost > 0)) continue;
    const std::string name = actor_name(s, m.utilities[m.parties[p]].actor, lang);
    const std::string own = num(v.utilities[m.parties[p]]);
    out += z ? fmt::format("未扣除觀眾成本時，{}對此方案的效用為 {}；國內反對（支持比例 {}）使其付出 {} 的觀眾成本："
                           "觀眾成本規則只扣除此成本，並不否決方案。",
                           name, own, num(v.approval[p]), num(cost))
             : fmt::format(" Before audience costs {} values it at {}; opposition at home (approving share {}) costs "
                           "it {}, which the audience-cost rule deducts: the rule does not block the package.",
                           name, own, num(v.approval[p]), num(cost));
  }
  return out;
}

std::string zopa_count_text(const DealSpaceResult& r, bool z) {
  if (r.zopa_exact) return fmt::format("{}", r.zopa_size);
  return z ? fmt::format("約 {:.3g}（± {:.2g}，抽樣估計；確定介於 {} 與 {} 之間）", r.zopa_estimate, r.zopa_margin,
                         r.zopa_size, r.zopa_upper)
           : fmt::format("about {:.3g} (± {:.2g}, sampled; certainly between {} and {})", r.zopa_estimate,
                         r.zopa_margin, r.zopa_size, r.zopa_upper);
}

// How the space was worked through (DealSpaceResult::method).
static std::string method_text(const DealSpaceResult& r, const CompiledModel& m, bool z) {
  if (r.method == "search")
    return z ? fmt::format("分支定界搜尋（{} 個議題區塊，未逐一列舉方案）", m.blocks.size())
             : fmt::format("search (branch and bound over {} blocks of issues; packages not enumerated)",
                           m.blocks.size());
  if (r.method == "classes")
    return z ? fmt::format("選項類別上的分支定界搜尋（{} 個議題區塊，{} 個類別組合，未逐一列舉方案）", m.blocks.size(),
                           count_text(r.class_tuples))
             : fmt::format("classes (branch and bound over {} block{} of issues built from {} tuples of option "
                           "classes; packages not enumerated)",
                           m.blocks.size(), m.blocks.size() == 1 ? "" : "s", count_text(r.class_tuples));
  if (r.method == "tables") return z ? "兩個半表（逐一檢視每個方案）" : "tables (two half tables; every package streamed)";
  if (m.has_requirements() && !m.has_ratification())
    return z ? "逐一評估每個方案（當事方的要求）" : "every package evaluated (the parties' requirements)";
  return z ? "逐一評估每個方案（雙層賽局）" : "every package evaluated (two-level game)";
}

// A sentence's first letter in upper case (English; Chinese text is left as it is).
static std::string capitalized(std::string text, bool z) {
  if (!z && !text.empty() && text[0] >= 'a' && text[0] <= 'z') text[0] = static_cast<char>(text[0] - 'a' + 'A');
  return text;
}

// "Credible ZOPA: N packages (...)" when the evaluation was made; the reason when it could not
// be, unless the scenario says nothing about who delivers what (then nothing).
static std::string credible_zopa_line(const Scenario& s, const DealSpaceResult& r, const std::string& lang) {
  const bool z = zh(lang);
  if (!r.credible_requested) return "";
  if (r.credible_zopa_size) {
    const std::uint64_t n = *r.credible_zopa_size;
    return z ? fmt::format("可信的 ZOPA（自現狀一次同時履行，依情境的信任與承諾條件）：{} 個方案\n", n)
             : fmt::format("Credible ZOPA (carried out at once from the status quo, under the scenario's trust and "
                           "commitments): {} package{}\n",
                           n, n == 1 ? "" : "s");
  }
  bool any = false;
  for (const auto& is : s.issues) any = any || is.delivered_by >= 0;
  if (!any) return "";
  return z ? fmt::format("可信的 ZOPA：未評估（{}）\n", r.credible_note)
           : fmt::format("Credible ZOPA: not evaluated ({})\n", r.credible_note);
}

// Whether each solution and each named package of the ZOPA is credible, with the parties that
// reject it carried out in one stage (a package outside the ZOPA is never credible; the JSON
// says so for every package, the tables already say why it is rejected).
static std::string credible_verdicts_line(const Scenario& s, const CompiledModel& m, const DealSpaceResult& r,
                                          const std::vector<NamedVerdict>& named, const std::string& lang) {
  const bool z = zh(lang);
  if (!r.credible_zopa_size) return "";
  std::string items;
  auto add = [&](const std::string& label, const PackageValue& v) {
    bool in_zopa = true;
    for (bool a : v.accepted) in_zopa = in_zopa && a;
    if (!v.credible || !in_zopa) return;
    std::string what;
    if (*v.credible) {
      what = z ? "是" : "yes";
    } else {
      // Why each party rejects it carried out at once: a ZOPA package passes analyze's own test,
      // so only mistrust, or what lapses, can stand in the way.
      std::string why;
      for (std::size_t p = 0; p < v.credible_reasons.size(); ++p) {
        if (v.credible_reasons[p].empty()) continue;
        const std::string name = actor_name(s, m.utilities[m.parties[p]].actor, lang);
        const bool distrust = v.credible_reasons[p].back() == Reason::mistrust;
        if (!why.empty()) why += z ? "；" : "; ";
        why += distrust ? (z ? fmt::format("{}預期遭對方欺騙", name) : fmt::format("{} expects to be cheated", name))
                        : (z ? fmt::format("{}在失效措施回復後得不償失", name)
                             : fmt::format("{} is worse off than with no deal once its lapsing moves revert", name));
      }
      what = z ? fmt::format("否（{}）", why) : fmt::format("no ({})", why);
    }
    items += (items.empty() ? "" : (z ? "；" : "; ")) + label + " " + what;
  };
  if (r.nash) add(z ? "納許議價解" : "Nash", *r.nash);
  if (r.kalai_smorodinsky) add("Kalai–Smorodinsky", *r.kalai_smorodinsky);
  for (const auto& v : named) add(s.packages[v.package].id, v.value);
  if (items.empty()) return "";
  return z ? fmt::format("\n可信（自現狀一次同時履行）：{}\n", items)
           : fmt::format("\nCredible (carried out at once from the status quo): {}\n", items);
}

std::string explain_deal_space(const Scenario& s, const CompiledModel& m, const DealSpaceResult& r,
                               const std::string& lang) {
  const bool z = zh(lang);
  std::string total = count_text(r.packages_total, z);
  if (r.zopa_size > 0) {
    const std::string count = zopa_count_text(r, z);
    std::string out = z ? fmt::format("可以達成協議：在 {} 個方案中，有 {} 個方案能讓所有當事方都至少不比無協議差。", total, count)
                        : fmt::format("A deal is possible: {} of {} packages {} acceptable to every party.",
                                      count, total, r.zopa_size == 1 && r.zopa_exact ? "is" : "are");
    if (r.nash) {
      std::string utils;
      for (std::size_t p = 0; p < m.parties.size(); ++p) {  // the tables' scale: after audience costs
        if (!utils.empty()) utils += z ? "，" : ", ";
        utils += actor_name(s, m.utilities[m.parties[p]].actor, lang) + " " + num(r.nash->effective[p]);
      }
      const bool net = any_audience_cost(m);
      out += z ? fmt::format("納許議價解為「{}」（{}：{}）。", describe_package(s, r.nash->choice, lang),
                             net ? "扣除觀眾成本後的效用" : "效用", utils)
               : fmt::format(" The Nash bargaining solution is {{{}}} (utilities{}: {}).",
                             describe_package(s, r.nash->choice, lang), net ? " net of audience costs" : "", utils);
      out += audience_cost_sentences(s, m, *r.nash, lang);
    }
    if (r.kalai_smorodinsky) {
      bool same = r.nash && r.nash->index == r.kalai_smorodinsky->index;
      out += same ? (z ? "Kalai–Smorodinsky 解與之相同。" : " The Kalai–Smorodinsky solution is the same package.")
                  : (z ? fmt::format("Kalai–Smorodinsky 解為「{}」。", describe_package(s, r.kalai_smorodinsky->choice, lang))
                       : fmt::format(" The Kalai–Smorodinsky solution is {{{}}}.",
                                     describe_package(s, r.kalai_smorodinsky->choice, lang)));
    }
    return out;
  }
  std::string out = z ? fmt::format("無法達成協議：{} 個方案中，沒有任何方案能讓所有當事方都接受。", total)
                      : fmt::format("No deal is possible: none of the {} packages is acceptable to every party.", total);
  // What the parties' requirements rule out, whatever the utilities.
  std::string ruled;
  for (std::size_t p = 0; p < r.ruled_out.size(); ++p) {
    if (r.ruled_out[p] == 0) continue;
    std::string name = actor_name(s, m.utilities[m.parties[p]].actor, lang);
    ruled += (ruled.empty() ? "" : (z ? "，" : ", ")) +
             (z ? fmt::format("{}的要求排除 {} 個", name, r.ruled_out[p]) : fmt::format("{} for {}", r.ruled_out[p], name));
  }
  if (!ruled.empty()) out += z ? fmt::format("當事方的要求（不論效用）排除的方案：{}。", ruled)
                               : fmt::format(" The parties' requirements rule out packages whatever their utilities: {}.", ruled);
  if (!r.closest) return out;
  // What blocks the closest package, party by party (analyses/explain).
  std::string blockers;
  for (const auto& w : explain_rejections(s, m, *r.closest))
    blockers += (blockers.empty() ? "" : (z ? "。" : " ")) + why_text(s, m, w, lang) + (z ? "" : ".");
  const std::string what_blocks = blockers.empty() ? "" : (z ? fmt::format("阻礙所在：{}。", blockers) : " What blocks it: " + blockers);
  bool broken = false;
  for (int f : m.parties) broken = broken || (!r.closest->broken.empty() && !r.closest->broken[f].empty());
  std::string shorts, blocks;
  for (std::size_t p = 0; p < m.parties.size(); ++p) {
    double sf = r.closest->shortfall[p];
    std::string name = actor_name(s, m.utilities[m.parties[p]].actor, lang);
    if (sf > 0) {
      if (!shorts.empty()) shorts += z ? "，" : ", ";
      shorts += z ? fmt::format("{}還差 {}", name, num(sf)) : fmt::format("{} by {}", name, num(sf));
    }
    if (m.ratification[p].active && !r.closest->ratified[p]) {
      std::string who;
      for (int a : r.closest->blocking[p]) who += (who.empty() ? "" : (z ? "、" : ", ")) + actor_name(s, a, lang);
      if (has_audience_cost(m, p) && !r.closest->vetoed[p])  // the cost, not a vote, sinks it
        blocks += z ? fmt::format("此方案在{}國內無法獲得批准：{}反對（支持比例 {}），這些反對帶來的觀眾成本 {} 使其價值低於保留值。",
                                  name, who, num(r.closest->approval[p]), num(audience_cost(m, *r.closest, p)))
                    : fmt::format(" It cannot be ratified in {}: {} oppose it (approving share {}), and the audience "
                                  "cost of that opposition, {}, leaves it below its no-deal value.",
                                  name, who, num(r.closest->approval[p]), num(audience_cost(m, *r.closest, p)));
      else
        blocks += z ? fmt::format("此方案在{}國內無法獲得批准（{}反對，支持比例 {}）。", name, who, num(r.closest->approval[p]))
                    : fmt::format(" It cannot be ratified in {}: {} oppose it (approving share {}).", name, who,
                                  num(r.closest->approval[p]));
    }
  }
  if (shorts.empty() && broken) {
    out += z ? fmt::format("最接近的方案「{}」違反當事方的要求（不論效用都無法接受）。", describe_package(s, r.closest->choice, lang))
             : fmt::format(" The closest package, {{{}}}, breaks a party's requirement, which no utility makes up for.",
                           describe_package(s, r.closest->choice, lang));
    return out + blocks + what_blocks;
  }
  if (shorts.empty()) {
    out += z ? fmt::format("各方領導人都能接受最接近的方案「{}」，但", describe_package(s, r.closest->choice, lang))
             : fmt::format(" Every leader would accept the closest package, {{{}}}, but it fails at home.",
                           describe_package(s, r.closest->choice, lang));
    return out + blocks + audience_cost_sentences(s, m, *r.closest, lang) + what_blocks;
  }
  out += z ? fmt::format("最接近的方案是「{}」，但它仍低於保留值（無協議時的效用）：{}。若要使此方案成為可行協議，"
                         "須讓上述當事方的保留值降低相應幅度，或讓此方案對其效用提高同等幅度。",
                         describe_package(s, r.closest->choice, lang), shorts)
           : fmt::format(" The closest package is {{{}}}; it still falls short of the reservation value (the value "
                         "of no deal) of {}. It would become a deal if those parties' reservation values fell by "
                         "that much, or if the package improved for them by as much.",
                         describe_package(s, r.closest->choice, lang), shorts);
  return out + audience_cost_sentences(s, m, *r.closest, lang) + blocks + what_blocks;
}

std::string deal_space_text(const Scenario& s, const CompiledModel& m, const DealSpaceResult& r,
                            const std::vector<NamedVerdict>& named, const RunInfo& info, const AnalyzeExtras* extras) {
  const std::string& lang = info.lang;
  const bool z = zh(lang);
  std::string out = fmt::format("parley {} · {} · {} · {}\n{}\n\n", kVersion, info.command, s.id, format_date(s.date),
                                pick(s.title, lang, s.id));
  for (const auto& o : info.overrides) out += fmt::format("  --set {}={}\n", o.path, o.value);
  for (const auto& e : info.without) out += fmt::format("  --without {}\n", e);
  for (const auto& e : info.without_requirements) out += fmt::format("  --without-requirement {}\n", e);
  if (!info.overrides.empty() || !info.without.empty() || !info.without_requirements.empty()) out += "\n";
  std::string parties;
  for (int f : m.parties) {
    if (!parties.empty()) parties += z ? "、" : ", ";
    parties += z ? fmt::format("{}（保留值 {}）", actor_name(s, m.utilities[f].actor, lang), num(m.utilities[f].reservation_utility))
                 : fmt::format("{} (reservation {})", actor_name(s, m.utilities[f].actor, lang),
                               num(m.utilities[f].reservation_utility));
  }
  if (z) {
    out += fmt::format("方案空間：{} 個方案，{} 個議題；當事方：{}\n", count_text(r.packages_total, true), s.issues.size(), parties);
    out += fmt::format("可達成協議區間（ZOPA）：{} 個方案\n", zopa_count_text(r, z));
    out += credible_zopa_line(s, r, lang);
    out += r.pareto_computed ? fmt::format("帕雷托前緣：{} 個方案（{} 個在 ZOPA 內）\n", r.pareto_size, r.pareto_zopa_size)
                             : fmt::format("帕雷托前緣：未計算（{}）\n", r.pareto_note);
    out += fmt::format("計算方法：{}\n", method_text(r, m, z));
  } else {
    out += fmt::format("Deal space: {} over {}; parties: {}\n", plural(r.packages_total, "package"), plural(s.issues.size(), "issue"), parties);
    out += fmt::format("ZOPA: {} package{}\n", zopa_count_text(r, z), r.zopa_size == 1 && r.zopa_exact ? "" : "s");
    out += credible_zopa_line(s, r, lang);
    out += r.pareto_computed ? fmt::format("Pareto frontier: {} package{} ({} within the ZOPA)\n", r.pareto_size,
                                           r.pareto_size == 1 ? "" : "s", r.pareto_zopa_size)
                             : fmt::format("Pareto frontier: not computed ({})\n", r.pareto_note);
    out += fmt::format("Method: {}\n", method_text(r, m, z));
  }
  // The floor convention moves Nash, Kalai–Smorodinsky and egalitarian: said, with the point.
  if (r.disagreement == Disagreement::floor && r.disagreement_point.size() == m.parties.size()) {
    std::string pts;
    for (std::size_t p = 0; p < m.parties.size(); ++p)
      pts += fmt::format("{}{} {}", pts.empty() ? "" : (z ? "、" : ", "), actor_name(s, m.utilities[m.parties[p]].actor, lang),
                         num(r.disagreement_point[p]));
    out += z ? fmt::format("談判破裂點（--disagreement floor：保留值與最低效用兩者中的較大者）：{}\n", pts)
             : fmt::format("Disagreement point (floor: the larger of the reservation and the least utility): {}\n", pts);
  }
  if (m.has_ratification()) {
    std::string ws;
    for (std::size_t p = 0; p < m.parties.size(); ++p) {
      if (!m.ratification[p].active) continue;
      std::string name = actor_name(s, m.utilities[m.parties[p]].actor, lang);
      const char* rule = m.ratification[p].rule == Ratification::Rule::weighted_majority
                             ? (z ? "加權多數" : "weighted majority")
                             : (z ? "觀眾成本" : "audience cost");
      ws += z ? fmt::format("{}{}可批准 {} 個方案（{}規則）", ws.empty() ? "" : "、", name, r.win_set_size[p], rule)
              : fmt::format("{}{} {} ({})", ws.empty() ? "" : ", ", name, r.win_set_size[p], rule);
    }
    out += z ? fmt::format("贏集（可在國內批准的方案）：{}\n", ws) : fmt::format("Win-sets (packages ratifiable at home): {}\n", ws);
  }
  out += "\n" + explain_deal_space(s, m, r, lang) + "\n";
  if (extras && !extras->robustness_line.empty()) out += extras->robustness_line;
  out += "\n" + utility_scale_text(m, lang) + "\n\n";

  // Parties ratifying under an audience-cost rule get a column with the cost each package charges
  // them: the utility columns are net of it, their own utility is the sum of the two.
  std::vector<std::size_t> audience;
  for (std::size_t p = 0; p < m.parties.size(); ++p)
    if (has_audience_cost(m, p)) audience.push_back(p);
  auto cost_headers = [&](std::vector<std::string>& h, std::vector<TextTable::Align>& al) {
    for (std::size_t p : audience) {
      h.push_back((z ? "觀眾成本：" : "audience cost ") + actor_name(s, m.utilities[m.parties[p]].actor, lang));
      al.push_back(TextTable::Align::right);
    }
  };
  auto cost_cells = [&](std::vector<std::string>& row, const PackageValue& v) {
    for (std::size_t p : audience) row.push_back(num(audience_cost(m, v, p)));
  };
  std::vector<std::string> header{z ? "解" : "solution"};
  std::vector<TextTable::Align> align{TextTable::Align::left};
  for (int f : m.parties) {
    header.push_back(actor_name(s, m.utilities[f].actor, lang));
    align.push_back(TextTable::Align::right);
  }
  cost_headers(header, align);
  header.push_back(z ? "方案" : "package");
  align.push_back(TextTable::Align::left);
  TextTable sol(header, align);
  auto add = [&](const std::string& label, const std::optional<PackageValue>& v) {
    if (!v) return;
    std::vector<std::string> row{label};
    for (std::size_t p = 0; p < m.parties.size(); ++p) row.push_back(num(v->effective[p]));
    cost_cells(row, *v);
    row.push_back(package_names(s, v->choice, lang));
    sol.add_row(row);
  };
  const std::string issue_order = issue_names(s, lang);
  out += z ? fmt::format("表中方案依議題順序列出選項：{}\n\n", issue_order)
           : fmt::format("Packages below list options in issue order: {}\n\n", issue_order);
  add(z ? "納許議價解" : "Nash", r.nash);
  add("Kalai–Smorodinsky", r.kalai_smorodinsky);
  add(z ? "最接近（無 ZOPA）" : "closest (no ZOPA)", r.closest);
  if (r.nash || r.closest) out += sol.render() + "\n";
  if (!audience.empty() && (r.nash || r.closest || !named.empty()))
    out += z ? "（當事方的效用已扣除觀眾成本：未扣除觀眾成本的效用等於表中效用加上觀眾成本。觀眾成本規則不會否決方案："
               "國內反對只讓領導人付出「成本 × 反對比例」，唯有扣除後低於保留值（或有否決者反對）時，方案才無法批准。）\n\n"
             : "(Utilities are net of audience costs: a party's utility before them is its utility here plus its "
               "audience cost. The audience-cost rule does not block a package: opposition at home costs the leader "
               "cost × opposing share, and the package fails at home only when what is left is below its no-deal value "
               "or a veto player objects.)\n\n";

  // The packages given with --package, named by their options.
  std::vector<NamedVerdict> given;
  if (extras)
    for (const auto& v : extras->given) {
      NamedVerdict g;
      g.value = v;
      for (std::size_t p = 0; p < m.parties.size(); ++p)
        if (!v.accepted[p]) g.rejected_by.emplace_back(m.utilities[m.parties[p]].actor, v.shortfall[p]);
      given.push_back(std::move(g));
    }
  auto label = [&](const NamedVerdict& v) {
    return v.package >= 0 ? pick(s.packages[v.package].name, lang, s.packages[v.package].id) : package_names(s, v.value.choice, lang);
  };
  for (const std::vector<NamedVerdict>* list : {&named, static_cast<const std::vector<NamedVerdict>*>(&given)}) {
    if (list->empty()) continue;
    if (list == &given && !named.empty()) out += "\n";
    std::vector<std::string> h{std::string(list == &named ? (z ? "具名方案" : "named package") : (z ? "指定方案" : "given package"))};
    // (utilities per party, then the verdict)
    std::vector<TextTable::Align> al{TextTable::Align::left};
    for (int f : m.parties) {
      h.push_back(actor_name(s, m.utilities[f].actor, lang));
      al.push_back(TextTable::Align::right);
    }
    cost_headers(h, al);
    h.push_back(z ? "結果" : "verdict");
    al.push_back(TextTable::Align::left);
    TextTable t(h, al);
    for (const auto& v : *list) {
      std::vector<std::string> row{label(v)};
      for (std::size_t p = 0; p < m.parties.size(); ++p) row.push_back(num(v.value.effective[p]));
      cost_cells(row, v.value);
      row.push_back(package_verdict_text(s, m, v.value, lang));
      t.add_row(row);
    }
    out += t.render();
    // Why each rejected package is rejected, and its smallest repair.
    std::string why;
    for (std::size_t k = 0; k < list->size(); ++k) {
      const NamedVerdict& v = (*list)[k];
      if (v.rejected_by.empty()) continue;
      std::string line = "  " + label(v) + (z ? "：" : ": ");
      std::string parts;
      for (const auto& w : explain_rejections(s, m, v.value))
        parts += (parts.empty() ? "" : (z ? "。" : ". ")) + why_text(s, m, w, lang);
      line += parts;
      const auto& repairs = list == &named ? (extras ? extras->named_repairs : std::vector<Repair>{}) : extras->given_repairs;
      // (With an empty ZOPA the paragraph above already says that nothing can be repaired.)
      if (k < repairs.size() && !repairs[k].zopa_empty)
        line += (z ? "。" : ". ") + capitalized(repair_text(s, v.value.choice, repairs[k], lang), z);
      why += line + (z ? "。\n" : ".\n");
    }
    if (!why.empty()) out += (z ? "\n拒絕的理由：\n" : "\nWhy:\n") + why;
  }
  out += credible_verdicts_line(s, m, r, named, lang);
  if (r.cancelled) out += z ? "\n（已中斷：結果不完整）\n" : "\n(interrupted: partial result)\n";
  return out;
}

}  // namespace parley
