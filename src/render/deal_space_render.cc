#include "render/deal_space_render.h"

#include <cmath>
#include <fmt/format.h>

#include "core/version.h"
#include "render/table.h"

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
// approving share, whether it is ratified and who blocks it.
static json ratification_json(const Scenario& s, const CompiledModel& m, const PackageValue& v) {
  json out = json::object();
  for (std::size_t p = 0; p < m.parties.size(); ++p) {
    if (!m.ratification[p].active) continue;
    json blockers = json::array();
    for (int a : v.blocking[p]) blockers.push_back(s.actors[a].id);
    out[s.actors[m.utilities[m.parties[p]].actor].id] =
        json{{"ratified", static_cast<bool>(v.ratified[p])},
             {"approval", round9(v.approval[p])},
             {"effective_utility", round9(v.effective[p])},
             {"opposed_by", blockers}};
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
  return json{{"engine", "parley"},     {"version", kVersion},        {"command", info.command},
              {"scenario", s.id},       {"date", format_date(s.date)}, {"overrides", overrides},
              {"without", info.without}, {"seed", nullptr}};
}

json deal_space_json(const Scenario& s, const CompiledModel& m, const DealSpaceResult& r,
                     const std::vector<NamedVerdict>& named, const RunInfo& info) {
  json j = run_header(s, info);
  json parties = json::array(), reservations = json::object();
  for (int f : m.parties) {
    parties.push_back(s.actors[m.utilities[f].actor].id);
    reservations[s.actors[m.utilities[f].actor].id] = round9(m.utilities[f].reservation_utility);
  }
  j["parties"] = parties;
  j["reservations"] = reservations;
  j["issues"] = s.issues.size();
  json ws = json::object();
  for (std::size_t p = 0; p < m.parties.size(); ++p)
    ws[s.actors[m.utilities[m.parties[p]].actor].id] = r.win_set_size.empty() ? r.packages_total : r.win_set_size[p];
  j["win_set_size"] = ws;
  j["packages_total"] = r.packages_total;
  j["zopa_size"] = r.zopa_size;
  if (r.credible_requested) {
    j["credible_zopa_size"] = r.credible_zopa_size ? json(*r.credible_zopa_size) : json(nullptr);
    if (!r.credible_note.empty()) j["credible_note"] = r.credible_note;
  }
  j["pareto_size"] = r.pareto_computed ? json(r.pareto_size) : json(nullptr);
  j["pareto_zopa_size"] = r.pareto_computed ? json(r.pareto_zopa_size) : json(nullptr);
  j["nash"] = solution_json(s, m, r.nash);
  j["kalai_smorodinsky"] = solution_json(s, m, r.kalai_smorodinsky);
  for (const char* key : {"nash", "kalai_smorodinsky"})
    if (r.credible_requested && !j[key].is_null() && !j[key].contains("credible")) j[key]["credible"] = nullptr;
  if (r.closest) {
    json sf = json::object();
    for (std::size_t p = 0; p < m.parties.size(); ++p)
      sf[s.actors[m.utilities[m.parties[p]].actor].id] = round9(r.closest->shortfall[p]);
    j["closest"] = json{{"package", package_json(s, r.closest->choice)},
                        {"utilities", utilities_json(s, m, *r.closest)},
                        {"shortfall", sf}};
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
  json pareto = json::array();
  for (std::size_t k = 0; k < r.pareto.size(); ++k)
    pareto.push_back(json{{"package", package_json(s, r.pareto[k].choice)},
                          {"utilities", utilities_json(s, m, r.pareto[k])},
                          {"in_zopa", static_cast<bool>(r.pareto_in_zopa[k])},
                          {"overall", static_cast<bool>(r.pareto_overall[k])}});
  j["pareto"] = pareto;
  j["pareto_truncated"] = r.pareto_computed && r.pareto.size() < r.pareto_size;
  if (!r.pareto_note.empty()) j["pareto_note"] = r.pareto_note;
  json nj = json::object();
  for (const auto& v : named) {
    json acc = json::array(), rej = json::object();
    for (int a : v.accepted_by) acc.push_back(s.actors[a].id);
    for (auto [a, sf] : v.rejected_by) rej[s.actors[a].id] = round9(sf);
    json reasons = json::object();
    for (std::size_t p = 0; p < m.parties.size(); ++p) {
      if (v.value.accepted[p]) continue;
      json why = json::array();
      for (Reason x : rejection_reasons(m, v.value, p)) why.push_back(to_string(x));
      reasons[s.actors[m.utilities[m.parties[p]].actor].id] = why;
    }
    nj[s.packages[v.package].id] = json{{"package", package_json(s, v.value.choice)},
                                        {"utilities", utilities_json(s, m, v.value)},
                                        {"accepted_by", acc},
                                        {"rejected_by", rej},
                                        {"reasons", reasons}};
    if (m.has_ratification()) nj[s.packages[v.package].id]["ratification"] = ratification_json(s, m, v.value);
    credible_json(nj[s.packages[v.package].id], s, m, v.value, r.credible_requested);
  }
  j["named"] = nj;
  j["explanation"] = explain_deal_space(s, m, r, info.lang);
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
  const std::string shortfall = fmt::format("{:.3f}", v.shortfall[p]);
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

// Compact form for table cells: option ids in issue order.
std::string package_ids(const Scenario& s, const Choice& x) {
  std::string out;
  for (std::size_t i = 0; i < s.issues.size(); ++i) {
    if (!out.empty()) out += " / ";
    out += s.issues[i].options[x[i]].id;
  }
  return out;
}


static std::string num(double x) { return fmt::format("{:.3f}", x); }

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
  std::string total = fmt::format("{}", r.packages_total);
  if (r.zopa_size > 0) {
    std::string out = z ? fmt::format("可以達成協議：在 {} 個方案中，有 {} 個方案能讓所有當事方都至少不比無協議差。", total, r.zopa_size)
                        : fmt::format("A deal is possible: {} of {} packages {} acceptable to every party.",
                                      r.zopa_size, total, r.zopa_size == 1 ? "is" : "are");
    if (r.nash) {
      std::string utils;
      for (std::size_t p = 0; p < m.parties.size(); ++p) {  // the tables' scale: after audience costs
        if (!utils.empty()) utils += z ? "，" : ", ";
        utils += actor_name(s, m.utilities[m.parties[p]].actor, lang) + " " + num(r.nash->effective[p]);
      }
      out += z ? fmt::format("納許議價解為「{}」（效用：{}）。", describe_package(s, r.nash->choice, lang), utils)
               : fmt::format(" The Nash bargaining solution is {{{}}} (utilities: {}).",
                             describe_package(s, r.nash->choice, lang), utils);
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
  if (!r.closest) return out;
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
      blocks += z ? fmt::format("此方案在{}國內無法獲得批准（{}反對，支持比例 {}）。", name, who, num(r.closest->approval[p]))
                  : fmt::format(" It cannot be ratified in {}: {} oppose it (approving share {}).", name, who,
                                num(r.closest->approval[p]));
    }
  }
  if (shorts.empty()) {
    out += z ? fmt::format("各方領導人都能接受最接近的方案「{}」，但", describe_package(s, r.closest->choice, lang))
             : fmt::format(" Every leader would accept the closest package, {{{}}}, but it fails at home.",
                           describe_package(s, r.closest->choice, lang));
    return out + blocks;
  }
  out += z ? fmt::format("最接近的方案是「{}」，但它仍低於保留值（無協議時的效用）：{}。若要使此方案成為可行協議，"
                         "須讓上述當事方的保留值降低相應幅度，或為其改善此方案同等的效用。",
                         describe_package(s, r.closest->choice, lang), shorts)
           : fmt::format(" The closest package is {{{}}}; it still falls short of the reservation value (the value "
                         "of no deal) of {}. It would become a deal if those parties' reservation values fell by "
                         "that much, or if the package improved for them by as much.",
                         describe_package(s, r.closest->choice, lang), shorts);
  return out + blocks;
}

std::string deal_space_text(const Scenario& s, const CompiledModel& m, const DealSpaceResult& r,
                            const std::vector<NamedVerdict>& named, const RunInfo& info) {
  const std::string& lang = info.lang;
  const bool z = zh(lang);
  std::string out = fmt::format("parley {} · {} · {} · {}\n{}\n\n", kVersion, info.command, s.id, format_date(s.date),
                                pick(s.title, lang, s.id));
  for (const auto& o : info.overrides) out += fmt::format("  --set {}={}\n", o.path, o.value);
  for (const auto& e : info.without) out += fmt::format("  --without {}\n", e);
  if (!info.overrides.empty() || !info.without.empty()) out += "\n";
  std::string parties;
  for (int f : m.parties) {
    if (!parties.empty()) parties += z ? "、" : ", ";
    parties += z ? fmt::format("{}（保留值 {}）", actor_name(s, m.utilities[f].actor, lang), num(m.utilities[f].reservation_utility))
                 : fmt::format("{} (reservation {})", actor_name(s, m.utilities[f].actor, lang),
                               num(m.utilities[f].reservation_utility));
  }
  if (z) {
    out += fmt::format("方案空間：{} 個方案，{} 個議題；當事方：{}\n", r.packages_total, s.issues.size(), parties);
    out += fmt::format("可能協議區（ZOPA）：{} 個方案\n", r.zopa_size);
    out += credible_zopa_line(s, r, lang);
    out += r.pareto_computed ? fmt::format("柏瑞圖前緣：{} 個方案（{} 個在 ZOPA 內）\n", r.pareto_size, r.pareto_zopa_size)
                             : fmt::format("柏瑞圖前緣：未計算（{}）\n", r.pareto_note);
  } else {
    out += fmt::format("Deal space: {} packages over {} issues; parties: {}\n", r.packages_total, s.issues.size(), parties);
    out += fmt::format("ZOPA: {} package{}\n", r.zopa_size, r.zopa_size == 1 ? "" : "s");
    out += credible_zopa_line(s, r, lang);
    out += r.pareto_computed ? fmt::format("Pareto frontier: {} package{} ({} within the ZOPA)\n", r.pareto_size,
                                           r.pareto_size == 1 ? "" : "s", r.pareto_zopa_size)
                             : fmt::format("Pareto frontier: not computed ({})\n", r.pareto_note);
  }
  if (m.has_ratification()) {
    std::string ws;
    for (std::size_t p = 0; p < m.parties.size(); ++p) {
      if (!m.ratification[p].active) continue;
      std::string name = actor_name(s, m.utilities[m.parties[p]].actor, lang);
      const char* rule = m.ratification[p].rule == Ratification::Rule::weighted_majority
                             ? (z ? "加權多數" : "weighted majority")
                             : (z ? "觀眾成本" : "audience cost");
      ws += z ? fmt::format("{}{}個（{}）", ws.empty() ? "" : "、", name, r.win_set_size[p], rule)
              : fmt::format("{}{} {} ({})", ws.empty() ? "" : ", ", name, r.win_set_size[p], rule);
    }
    out += z ? fmt::format("國內批准集（win-set）：{}\n", ws) : fmt::format("Win-sets (packages ratifiable at home): {}\n", ws);
  }
  out += "\n" + explain_deal_space(s, m, r, lang) + "\n\n";

  std::vector<std::string> header{z ? "解" : "solution"};
  std::vector<TextTable::Align> align{TextTable::Align::left};
  for (int f : m.parties) {
    header.push_back(actor_name(s, m.utilities[f].actor, lang));
    align.push_back(TextTable::Align::right);
  }
  header.push_back(z ? "方案" : "package");
  align.push_back(TextTable::Align::left);
  TextTable sol(header, align);
  auto add = [&](const std::string& label, const std::optional<PackageValue>& v) {
    if (!v) return;
    std::vector<std::string> row{label};
    for (std::size_t p = 0; p < m.parties.size(); ++p) row.push_back(num(v->effective[p]));
    row.push_back(package_ids(s, v->choice));
    sol.add_row(row);
  };
  std::string issue_order;
  for (const auto& is : s.issues) issue_order += (issue_order.empty() ? "" : " / ") + is.id;
  out += z ? fmt::format("表中方案依議題順序列出選項：{}\n\n", issue_order)
           : fmt::format("Packages below list options in issue order: {}\n\n", issue_order);
  add(z ? "納許議價解" : "Nash", r.nash);
  add("Kalai–Smorodinsky", r.kalai_smorodinsky);
  add(z ? "最接近（無 ZOPA）" : "closest (no ZOPA)", r.closest);
  if (r.nash || r.closest) out += sol.render() + "\n";
  bool audience = false;
  for (const auto& rat : m.ratification) audience = audience || (rat.active && rat.rule == Ratification::Rule::audience_cost);
  if (audience && (r.nash || r.closest || !named.empty()))
    out += z ? "（當事方的效用已扣除觀眾成本。）\n\n" : "(Parties' utilities are net of audience costs.)\n\n";

  if (!named.empty()) {
    std::vector<std::string> h{z ? "具名方案" : "named package"};
    // (utilities per party, then the verdict)
    std::vector<TextTable::Align> al{TextTable::Align::left};
    for (int f : m.parties) {
      h.push_back(actor_name(s, m.utilities[f].actor, lang));
      al.push_back(TextTable::Align::right);
    }
    h.push_back(z ? "結果" : "verdict");
    al.push_back(TextTable::Align::left);
    TextTable t(h, al);
    for (const auto& v : named) {
      std::vector<std::string> row{s.packages[v.package].id};
      for (std::size_t p = 0; p < m.parties.size(); ++p) row.push_back(num(v.value.effective[p]));
      std::string verdict;
      if (v.rejected_by.empty()) verdict = z ? "所有當事方接受" : "accepted by every party";
      for (std::size_t p = 0; p < m.parties.size(); ++p) {
        if (v.value.accepted[p]) continue;
        if (!verdict.empty()) verdict += z ? "；" : "; ";
        verdict += rejection_text(s, m, v.value, p, lang);
      }
      row.push_back(verdict);
      t.add_row(row);
    }
    out += t.render();
  }
  out += credible_verdicts_line(s, m, r, named, lang);
  if (r.cancelled) out += z ? "\n（已中斷：結果不完整）\n" : "\n(interrupted: partial result)\n";
  return out;
}

}  // namespace parley
