#include "render/sequencing_render.h"

#include <algorithm>
#include <fmt/format.h>

#include "core/count.h"
#include "core/version.h"
#include "render/table.h"
#include "render/why_render.h"
#include "scenario/names.h"

namespace parley {

using json = nlohmann::ordered_json;

namespace {

const Actor& party_actor(const Scenario& s, const CompiledModel& m, std::size_t p) {
  return s.actors[m.utilities[m.parties[p]].actor];
}

// What tables and prose show: the party's name.
std::string party_name(const Scenario& s, const CompiledModel& m, std::size_t p, const std::string& lang) {
  const Actor& a = party_actor(s, m, p);
  return pick(a.name, lang, a.id);
}

// A stage's name: that of the scenario's plan `plan_id` when it has the stage, else its id (a
// searched plan's stages are numbered).
std::string stage_name(const Scenario& s, const std::string& plan_id, const std::string& stage_id, const std::string& lang) {
  for (const auto& p : s.plans)
    if (p.id == plan_id)
      for (const auto& st : p.stages)
        if (st.id == stage_id) return pick(st.name, lang, st.id);
  return stage_id;
}

json per_party(const Scenario& s, const CompiledModel& m, const std::vector<double>& v) {
  json j = json::object();
  for (std::size_t p = 0; p < v.size(); ++p) j[party_actor(s, m, p).id] = round9(v[p]);
  return j;
}

json trust_json(const Scenario& s, const CompiledModel& m, const std::vector<std::vector<double>>& t) {
  json j = json::object();
  for (std::size_t i = 0; i < t.size(); ++i) {
    json row = json::object();
    for (std::size_t k = 0; k < t[i].size(); ++k)
      if (k != i) row[party_actor(s, m, k).id] = round9(t[i][k]);
    j[party_actor(s, m, i).id] = row;
  }
  return j;
}

json item_json(const Scenario& s, const CompiledModel& m, const SeqItem& it) {
  json j;
  j["by"] = party_actor(s, m, it.by).id;
  if (it.issue >= 0) {
    j["issue"] = s.issues[it.issue].id;
    j["option"] = s.issues[it.issue].options[it.option].id;
    j["share"] = round9(it.share);
  } else {
    j["action"] = s.actions[it.action].id;
  }
  j["clawback"] = round9(it.clawback);
  // An item's own verification (its option's or issue's), and its lapse, when it has them.
  if (it.verification >= 0) j["verification"] = round9(it.verification);
  if (it.issue >= 0)
    if (auto lapse = lapse_of(s.issues[it.issue], it.option)) {
      j["lapses_after"] = format_duration(*lapse);
      j["in_force"] = round9(it.in_force);
    }
  j["value"] = per_party(s, m, it.value);
  return j;
}

std::string item_text(const Scenario& s, const CompiledModel& m, const SeqItem& it, const std::string& lang) {
  // Names, as everywhere a reader looks; the ids are in the JSON.
  std::string what;
  if (it.issue >= 0) {
    const Issue& is = s.issues[it.issue];
    what = fmt::format("{} → {}", pick(is.name, lang, is.id), pick(is.options[it.option].name, lang, is.options[it.option].id));
    if (it.share < 1) what += fmt::format(fmt::runtime(lang == "zh-TW" ? "（{:.0f}%）" : " ({:.0f}%)"), it.share * 100);
  } else {
    what = pick(s.actions[it.action].name, lang, s.actions[it.action].id);
  }
  const bool zh = lang == "zh-TW";
  if (it.clawback > 0)
    what += zh ? fmt::format("，可收回 {:.0f}%", it.clawback * 100) : fmt::format(", {:.0f}% reversible", it.clawback * 100);
  if (it.verification >= 0)
    what += zh ? fmt::format("，查核 {:.2f}", it.verification) : fmt::format(", verification {:.2f}", it.verification);
  if (it.issue >= 0)
    if (auto lapse = lapse_of(s.issues[it.issue], it.option))
      what += zh ? fmt::format("，{} 後失效（計 {:.0f}%）", format_duration(*lapse), it.in_force * 100)
                 : fmt::format(", lapses after {} ({:.0f}% counted)", format_duration(*lapse), it.in_force * 100);
  return party_name(s, m, it.by, lang) + (zh ? "：" : ": ") + what;
}

std::string num(double x) { return fmt::format("{:.3f}", x); }

// Where audience costs are in a plan's numbers and where they are left out (empty when no party
// ratifies under an audience-cost rule): only the completed plan's value is net of them.
std::string audience_cost_note(const Scenario& s, const CompiledModel& m, const PlanResult& r, const std::string& lang) {
  const bool z = lang == "zh-TW";
  std::string costs;
  for (std::size_t p = 0; p < m.parties.size(); ++p)
    if (has_audience_cost(m, p))
      costs += (costs.empty() ? "" : (z ? "、" : ", ")) +
               fmt::format("{} {}", party_name(s, m, p, lang), num(audience_cost(m, r.final_value, p)));
  if (costs.empty()) return "";
  return z ? fmt::format("觀眾成本（最終方案：{}）只計入完成計畫的價值，因為國內批准針對的是最終方案；各階段的數值（違約利得、累計價值、"
                         "遭欺騙時的價值）是當事方本身的效用，未扣除觀眾成本，預期效用也只在計畫完成的情況下扣除。",
                         costs)
           : fmt::format("Audience costs (at the final package: {}) are in the completed plan's value only, since "
                         "ratification concerns the final package: the stage values (defect gains, cumulative values, "
                         "the value if cheated) are the parties' own utilities and leave them out, and the expected "
                         "utility is net of them only where the plan is completed.",
                         costs);
}

// The requirements of party p the plan breaks: those its final package breaks, then the order
// requirements its stages break (requirement ids, in the order of the party's requirements).
std::vector<std::string> plan_failed_ids(const Scenario& s, const CompiledModel& m, const PlanResult& r, std::size_t p) {
  const int fn = m.parties[p];
  const UtilityFn& u = m.utilities[fn];
  std::vector<int> positions;
  if (!r.final_value.broken.empty())
    for (int k : r.final_value.broken[fn]) positions.push_back(u.requirements[k].index);
  if (!r.broken_orders.empty())
    for (int k : r.broken_orders[fn]) positions.push_back(u.orders[k].index);
  std::sort(positions.begin(), positions.end());
  return requirement_ids(s, u.actor, positions);
}

}  // namespace

json sequence_json(const Scenario& s, const CompiledModel& m, const SeqPlan* plan, const PlanResult* r,
                   const std::optional<SearchInfo>& search, const RunInfo& info) {
  json j = run_header(s, info);
  j["plan"] = plan ? json(plan->id) : json(nullptr);
  if (search) {
    j["search"] = json{{"package", search->package},
                       {"max_stages", search->options.max_stages},
                       {"verification", round9(search->options.verification)},
                       {"plans_evaluated", search->evaluated},
                       {"self_enforcing_plans", search->self_enforcing},
                       {"plans_breaking_order_requirements", search->ordered_out},
                       {"found", plan != nullptr}};
  }
  if (!plan || !r) return j;
  j["start"] = package_json(s, plan->start);
  j["final"] = solution_json(s, m, r->final_value);
  j["self_enforcing"] = r->self_enforcing;
  j["self_enforcing_margin"] = round9(r->margin);
  j["unravels"] = r->unravels_at < 0 ? json(nullptr)
                                     : json{{"stage", plan->stages[r->unravels_at].id},
                                            {"party", party_actor(s, m, r->unravels_by).id}};
  json acc = json::array(), rej = json::object(), reasons = json::object();
  for (std::size_t p = 0; p < r->accepted.size(); ++p) {
    const std::string& id = party_actor(s, m, p).id;
    if (r->accepted[p]) {
      acc.push_back(id);
    } else {
      rej[id] = round9(r->shortfall[p]);
      json why = json::array();
      for (Reason x : r->reasons[p]) why.push_back(to_string(x));
      reasons[id] = why;
    }
  }
  j["accepted_by"] = acc;
  j["rejected_by"] = rej;
  j["reasons"] = reasons;
  json failed = json::object();
  for (std::size_t p = 0; p < r->accepted.size(); ++p) {
    auto ids = plan_failed_ids(s, m, *r, p);
    if (!ids.empty()) failed[party_actor(s, m, p).id] = ids;
  }
  j["failed_requirements"] = failed;
  j["expected_utility"] = per_party(s, m, r->expected);
  j["completion_utility"] = per_party(s, m, r->completion);
  // What lapsing moves lose (docs/sequencing.md §1.2), when the plan has any.
  if (std::any_of(plan->lapsed.begin(), plan->lapsed.end(), [](double x) { return x != 0; }))
    j["lapsed_value"] = per_party(s, m, plan->lapsed);
  j["cheated_utility"] = per_party(s, m, r->cheated);
  j["reservation"] = per_party(s, m, r->reservation);
  // The audience cost each party with an audience-cost rule pays at the final package (included
  // in completion_utility only), and the note saying which values leave it out.
  json costs = json::object();
  for (std::size_t p = 0; p < m.parties.size(); ++p)
    if (has_audience_cost(m, p)) costs[party_actor(s, m, p).id] = round9(audience_cost(m, r->final_value, p));
  j["audience_cost"] = costs;
  const std::string note = audience_cost_note(s, m, *r, info.lang);
  j["audience_cost_note"] = note.empty() ? json(nullptr) : json(note);
  json mt = json::object();
  for (std::size_t p = 0; p < r->min_trust.size(); ++p)
    mt[party_actor(s, m, p).id] = r->min_trust[p] ? json(round9(*r->min_trust[p])) : json(nullptr);
  j["min_trust"] = mt;
  j["trust"] = trust_json(s, m, plan->trust);
  j["cheat_rate"] = round9(plan->cheat_rate);
  json stages = json::array();
  for (std::size_t t = 0; t < plan->stages.size(); ++t) {
    const SeqStage& st = plan->stages[t];
    const StageResult& sr = r->stages[t];
    json order;
    if (st.order.empty()) order = "simultaneous";
    else {
      order = json::array();
      for (int q : st.order) order.push_back(party_actor(s, m, q).id);
    }
    json items = json::array();
    for (const auto& it : st.items) items.push_back(item_json(s, m, it));
    json gains = json::object();
    for (std::size_t p = 0; p < sr.moves.size(); ++p)
      if (sr.moves[p]) gains[party_actor(s, m, p).id] = round9(sr.deviation_gain[p]);
    stages.push_back(json{{"id", st.id},
                          {"order", order},
                          {"verification", round9(st.verification)},
                          {"items", items},
                          {"deviation_gain", gains},
                          {"cumulative", per_party(s, m, sr.cumulative)},
                          {"trust_after", trust_json(s, m, sr.trust_after)}});
  }
  j["stages"] = stages;
  j["explanation"] = explain_plan(s, m, *plan, *r, info.lang);
  return j;
}

std::string explain_plan(const Scenario& s, const CompiledModel& m, const SeqPlan& plan, const PlanResult& r,
                         const std::string& lang) {
  const bool z = lang == "zh-TW";
  auto name = [&](std::size_t p) { return pick(party_actor(s, m, p).name, lang, party_actor(s, m, p).id); };
  std::string out;
  if (r.self_enforcing) {
    out += z ? fmt::format("此計畫可自我執行：在任何階段，沒有一方能因違約而獲益（餘裕 {}：最想違約的一方違約仍會損失這麼多）。",
                           num(r.margin))
             : fmt::format("The plan is self-enforcing: at no stage does any party gain by defecting (margin {}: the "
                           "most tempted party would still lose that much by defecting).",
                           num(r.margin));
  } else {
    std::string who = name(r.unravels_by), st = stage_name(s, plan.id, plan.stages[r.unravels_at].id, lang);
    out += z ? fmt::format("此計畫無法自我執行：{}在階段「{}」違約可獲益，須靠信任、查核或外部保證。", who, st)
             : fmt::format("The plan is not self-enforcing: {} gains by defecting at stage “{}”, so it rests on trust, "
                           "verification or an outside guarantee.",
                           who, st);
  }
  for (std::size_t p = 0; p < r.accepted.size(); ++p) {
    const double d = r.reservation[p];
    if (r.accepted[p]) {
      out += z ? fmt::format("{}接受：其預期效用 {} 不低於保留值 {}。", name(p), num(r.expected[p]), num(d))
               : fmt::format(" {} accepts: its expected utility {} reaches its no-deal value {}.", name(p),
                             num(r.expected[p]), num(d));
      continue;
    }
    std::vector<std::string> why;
    for (Reason x : r.reasons[p]) {
      if (x == Reason::requirement) {
        std::string ids;
        const auto list = plan_failed_ids(s, m, r, p);
        for (const auto& id : list) ids += (ids.empty() ? "" : ", ") + id;
        why.push_back(z ? fmt::format("計畫違反其要求 {}", ids)
                        : fmt::format("the plan breaks its requirement{} {}", list.size() == 1 ? "" : "s", ids));
      }
      if (x == Reason::package) {
        // The number tested: the completed plan's value, i.e. the final package as `analyze`
        // values it (after any audience cost) plus the actions' values.
        const bool actions = p < plan.actions.size() && plan.actions[p] != 0;
        const bool lapsed = p < plan.lapsed.size() && plan.lapsed[p] != 0;
        std::string parts = z ? "最終方案同 analyze 之效用" : "the final package's utility as in `analyze`";
        if (actions) parts += z ? "加上行動之價值" : ", plus the actions' values";
        if (lapsed) parts += z ? "，減去失效措施在期間外的價值" : ", less what its lapsing moves lose after they lapse";
        why.push_back(z ? fmt::format("完成計畫對其價值 {}（{}）低於保留值 {}", num(r.completion[p]), parts, num(d))
                        : fmt::format("the completed plan is worth {} to it ({}), below its no-deal value {}",
                                      num(r.completion[p]), parts, num(d)));
      }
      if (x == Reason::ratification)
        why.push_back(z ? "最終方案在國內無法獲得批准（雙層賽局的第二層）"
                        : "the final package cannot be ratified at home (Level II of the two-level game)");
      if (x == Reason::mistrust) {
        std::string need = r.min_trust[p] ? num(*r.min_trust[p]) : std::string(z ? "（無）" : "(none)");
        why.push_back(z ? fmt::format("在其信任水準下預期效用僅 {}，低於 {}（須至少 {} 的信任）", num(r.expected[p]),
                                      num(d), need)
                        : fmt::format("under its trust its expected utility is only {}, below {} (it would need a "
                                      "trust of at least {})",
                                      num(r.expected[p]), num(d), need));
      }
    }
    std::string joined;
    for (std::size_t k = 0; k < why.size(); ++k) joined += (k ? (z ? "；" : "; ") : "") + why[k];
    out += z ? fmt::format("{}拒絕：{}。", name(p), joined) : fmt::format(" {} rejects: {}.", name(p), joined);
  }
  return out;
}

std::string sequence_text(const Scenario& s, const CompiledModel& m, const SeqPlan* plan, const PlanResult* r,
                          const std::optional<SearchInfo>& search, const RunInfo& info) {
  const bool z = info.lang == "zh-TW";
  const std::string& lang = info.lang;
  std::string out = fmt::format("parley {} · sequence · {}\n{}\n", kVersion, s.id, pick(s.title, lang, s.id));
  for (const auto& o : info.overrides) out += fmt::format("  --set {}={}\n", o.path, o.value);
  for (const auto& e : info.without) out += fmt::format("  --without {}\n", e);
  for (const auto& e : info.without_requirements) out += fmt::format("  --without-requirement {}\n", e);
  if (search) {
    out += z ? fmt::format("\n搜尋：方案 {}，最多 {} 個階段，查核 {}，評估 {} 個計畫，其中 {} 個可自我執行。",
                           package_display_name(s, search->package, lang), search->options.max_stages, search->options.verification,
                           search->evaluated, search->self_enforcing)
             : fmt::format("\nSearch: package “{}”, at most {} stages, verification {}: {} plans evaluated, {} "
                           "self-enforcing.",
                           package_display_name(s, search->package, lang), search->options.max_stages, search->options.verification,
                           search->evaluated, search->self_enforcing);
    if (search->ordered_out > 0)
      out += z ? fmt::format("另有 {} 個計畫違反順序要求，未予考慮。", search->ordered_out)
               : fmt::format(" {} more plans break an order requirement and were left out.", search->ordered_out);
    out += "\n";
  }
  if (!plan || !r) {
    out += z ? "找不到可自我執行的計畫。\n" : "No self-enforcing plan exists among those searched.\n";
    return out;
  }
  const std::size_t P = r->accepted.size();
  auto name = [&](std::size_t p) { return pick(party_actor(s, m, p).name, lang, party_actor(s, m, p).id); };
  const std::string plan_name = plan_display_name(s, plan->id, lang);
  out += z ? fmt::format("\n計畫「{}」：{} → {}\n\n", plan_name, package_names(s, plan->start, lang), package_names(s, plan->final_package, lang))
           : fmt::format("\nPlan “{}”: {} → {}\n\n", plan_name, package_names(s, plan->start, lang), package_names(s, plan->final_package, lang));
  std::vector<std::string> header{z ? "階段" : "stage", z ? "順序" : "order", z ? "查核" : "verif.", z ? "行動" : "actions"};
  std::vector<TextTable::Align> align{TextTable::Align::left, TextTable::Align::left, TextTable::Align::right,
                                      TextTable::Align::left};
  for (std::size_t p = 0; p < P; ++p) {
    header.push_back((z ? "違約利得：" : "defect gain ") + name(p));
    align.push_back(TextTable::Align::right);
  }
  for (std::size_t p = 0; p < P; ++p) {
    header.push_back((z ? "累計：" : "cumul. ") + name(p));
    align.push_back(TextTable::Align::right);
  }
  TextTable table(header, align);
  for (std::size_t t = 0; t < plan->stages.size(); ++t) {
    const SeqStage& st = plan->stages[t];
    const StageResult& sr = r->stages[t];
    std::string order;
    if (st.order.empty()) order = z ? "同步" : "together";
    else {
      for (int q : st.order) order += (order.empty() ? "" : " → ") + name(static_cast<std::size_t>(q));
      bool rest = std::any_of(st.items.begin(), st.items.end(), [&](const SeqItem& it) {
        return std::find(st.order.begin(), st.order.end(), it.by) == st.order.end();
      });
      if (rest) order += z ? " → 其餘" : " → rest";
    }
    for (std::size_t k = 0; k < st.items.size(); ++k) {
      std::vector<std::string> row;
      if (k == 0) {
        row = {stage_name(s, plan->id, st.id, lang), order, fmt::format("{:.2f}", st.verification)};
      } else {
        row = {"", "", ""};
      }
      row.push_back(item_text(s, m, st.items[k], lang));
      for (std::size_t p = 0; p < P; ++p)
        row.push_back(k == 0 ? (sr.moves[p] ? fmt::format("{:+.3f}", sr.deviation_gain[p]) : "-") : "");
      for (std::size_t p = 0; p < P; ++p) row.push_back(k == 0 ? num(sr.cumulative[p]) : "");
      table.add_row(std::move(row));
    }
  }
  out += table.render();
  out += "\n";
  TextTable parties({z ? "當事方" : "party", z ? "保留值" : "no deal", z ? "完成時" : "completed",
                     z ? "遭欺騙時" : "if cheated", z ? "預期效用" : "expected", z ? "信任" : "trust",
                     z ? "所需信任" : "trust needed", z ? "結論" : "verdict"},
                    {TextTable::Align::left, TextTable::Align::right, TextTable::Align::right, TextTable::Align::right,
                     TextTable::Align::right, TextTable::Align::right, TextTable::Align::right, TextTable::Align::left});
  for (std::size_t p = 0; p < P; ++p) {
    std::string trust;
    for (std::size_t q = 0; q < P; ++q)
      if (q != p) {
        // With one partner a bare number is clear; with more, each is labelled with its trustee.
        std::string value = fmt::format("{:.2f}", plan->trust[p][q]);
        trust += (trust.empty() ? "" : (z ? "、" : ", ")) + (P > 2 ? name(q) + " " + value : value);
      }
    std::string verdict;
    if (r->accepted[p]) verdict = z ? "接受" : "accepts";
    else {
      verdict = z ? "拒絕（" : "rejects (";
      for (std::size_t k = 0; k < r->reasons[p].size(); ++k) {
        Reason x = r->reasons[p][k];
        std::string label = x == Reason::package        ? (z ? "方案本身" : "package")
                            : x == Reason::ratification ? (z ? "國內批准" : "ratification")
                            : x == Reason::requirement  ? (z ? "要求" : "requirement")
                                                        : (z ? "互不信任" : "mistrust");
        verdict += (k ? ", " : "") + label;
      }
      verdict += z ? "）" : ")";
    }
    parties.add_row({name(p), num(r->reservation[p]), num(r->completion[p]), num(r->cheated[p]), num(r->expected[p]),
                     trust, r->min_trust[p] ? num(*r->min_trust[p]) : "-", verdict});
  }
  out += parties.render();
  const std::string note = audience_cost_note(s, m, *r, lang);
  if (!note.empty()) out += "\n" + note + "\n";
  out += "\n" + explain_plan(s, m, *plan, *r, lang) + "\n";
  return out;
}

std::string plan_list_text(const Scenario& s, const std::string& lang) {
  const bool z = lang == "zh-TW";
  std::string out = fmt::format("parley {} · sequence · {}\n{}\n\n", kVersion, s.id, pick(s.title, lang, s.id));
  if (s.plans.empty()) {
    out += z ? "此情境沒有計畫。以 parley sequence FILE --search PACKAGE_ID 搜尋分階段達成某方案的計畫。\n"
             : "The scenario has no plans. Search one that reaches a package with parley sequence FILE --search "
               "PACKAGE_ID.\n";
    return out;
  }
  out += z ? fmt::format("此情境有 {} 個計畫：\n\n", s.plans.size())
           : fmt::format("The scenario has {}:\n\n", plural(s.plans.size(), "plan"));
  TextTable t({z ? "計畫" : "plan", z ? "名稱" : "name", z ? "階段數" : "stages"},
              {TextTable::Align::left, TextTable::Align::left, TextTable::Align::right});
  for (const auto& plan : s.plans) t.add_row({plan.id, pick(plan.name, lang, plan.id), fmt::format("{}", plan.stages.size())});
  out += t.render();
  out += z ? "\n評估一個計畫：parley sequence FILE --plan PLAN_ID；搜尋最佳分階段計畫：parley sequence FILE --search PACKAGE_ID\n"
           : "\nEvaluate one: parley sequence FILE --plan PLAN_ID; search the best staged plan: parley sequence FILE "
             "--search PACKAGE_ID\n";
  return out;
}

nlohmann::ordered_json plan_list_json(const Scenario& s, const std::string& lang) {
  nlohmann::ordered_json plans = nlohmann::ordered_json::array();
  for (const auto& plan : s.plans)
    plans.push_back({{"id", plan.id}, {"name", pick(plan.name, lang, plan.id)}, {"stages", plan.stages.size()}});
  return {{"version", kVersion}, {"scenario", s.id}, {"plans", plans}};
}

}  // namespace parley
