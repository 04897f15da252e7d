#include "render/bargain_render.h"

#include <fmt/format.h>

#include <cmath>

#include "core/version.h"
#include "render/messages.h"
#include "render/table.h"

namespace parley {

using json = nlohmann::ordered_json;

const MessageTable& bargain_messages() {
  static const MessageTable t{
      "bargain",
      {
          {"header", "parley {} · bargain · {} · seed {}", "parley {} · bargain · {} · 亂數種子 {}"},
          {"step_d", "{}d", "{} 天"},
          {"step_w", "{}w", "{} 週"},
          {"step_m", "{}m", "{} 個月"},
          {"mediator", "mediator", "調停者"},
          {"process_mediated_observes",
           "Process: {} to {}, one round every {} ({} rounds), a single negotiating text by {} (it observes the reservations)\n",
           "談判過程：{} 至 {}，每 {}一輪（共 {} 輪），由{}提出單一談判文本（知道各方的保留值）\n"},
          {"process_mediated_blind",
           "Process: {} to {}, one round every {} ({} rounds), a single negotiating text by {} (it does not observe the "
           "reservations)\n",
           "談判過程：{} 至 {}，每 {}一輪（共 {} 輪），由{}提出單一談判文本（不知道各方的保留值）\n"},
          {"process", "Process: {} to {}, one round every {} ({} rounds), {} offers, {} opens\n",
           "談判過程：{} 至 {}，每 {}一輪（共 {} 輪），{}，由{}先出價\n"},
          {"protocol_alternating", "alternating", "輪流出價"},
          {"protocol_simultaneous", "simultaneous", "同時出價"},
          {"protocol_mediated", "mediated", "由調停者提出文本"},
          {"party_tactic", "  {}: tactic {} ({}){}\n", "  {}：策略 {}（{}）{}\n"},
          {"from_scenario", "scenario", "情境設定"},
          {"from_default", "default", "預設"},
          {"from_flag", "flag", "命令列"},
          {"party_deadline", ", deadline {} ({})", "，期限「{}」（{}）"},
          {"agreement", "Agreement on {} in round {} ({}).\n", "達成協議：{}，第 {} 輪（{}）。\n"},
          {"col_party", "party", "當事方"},
          {"col_utility", "utility", "效用"},
          {"col_concession", "concession", "讓步"},
          {"distance_nash", "Distance to the Nash point {:.3f}; ", "與納許議價解的距離 {:.3f}；"},
          {"distance_pareto", "to the Pareto frontier {:.3f}\n", "與帕雷托前緣的距離 {:.3f}\n"},
          {"breakdown", "Breakdown: {} walks away in round {} ({}): {}.\n", "談判破裂：{}於第 {} 輪（{}）退出，因為{}。\n"},
          {"walk_deadline", "its deadline has passed", "其期限已過"},
          {"walk_no_expected", "its no-deal value beats every package it still expects the others might accept",
           "其保留值高於它預期對方仍可能接受的每個方案"},
          {"no_agreement", "No agreement by {}.\n", "至 {} 仍未達成協議。\n"},
          {"col_round", "round", "輪次"},
          {"col_date", "date", "日期"},
          {"col_proposer", "proposer", "出價方"},
          {"col_package", "package", "方案"},
          {"col_accepted", "accepted", "接受"},
          {"col_refused", "refused by (reason)", "拒絕（理由）"},
          {"yes", "yes", "是"},
          {"list_sep", ", ", "、"},
          {"refusal", "{} ({})", "{}（{}）"},
          {"refuse_home", "home", "國內無法批准"},
          {"refuse_reservation", "reservation", "低於保留值"},
          {"refuse_target", "target", "低於目標"},
          {"refuse_deadline", "deadline", "期限已過"},
          {"refuse_no_expected_package", "no_expected_package", "預期沒有對方可能接受的方案"},
          {"omitted", "({} rounds identical to the round before are not shown)\n", "（另有 {} 輪與前一輪相同，未列出）\n"},
          {"sweep_header", "parley {} · sweep --bargain · {} · seed {} · {} samples",
           "parley {} · sweep --bargain · {} · 亂數種子 {} · {} 個樣本"},
          {"sweep_process", "Process: {} to {}; agreement in {}, breakdown in {}, no agreement by the horizon in {} samples\n",
           "談判過程：{} 至 {}；樣本中達成協議 {} 個、破裂 {} 個、至期末仍未達成 {} 個\n"},
          {"col_by", "by", "截至"},
          {"col_p_agreement", "P(agreement)", "達成協議的機率"},
          {"col_interval", "95% interval", "95% 區間"},
          {"mediator_value",
           "The mediator's value: P(agreement by {}) {:.3f} with it, {:.3f} without ({} offers): {:+.3f}, 95% interval "
           "[{:+.3f}, {:+.3f}]\n",
           "調停者的價值：截至 {0} 達成協議的機率，有調停者為 {1:.3f}，無調停者（{3}）為 {2:.3f}，相差 {4:+.3f}，95% 區間 "
           "[{5:+.3f}, {6:+.3f}]\n"},
          {"agreement_dates", "Agreement dates: {}\n", "協議日期分位數：{}\n"},
          {"agreements_by_month", "Agreements by month: {}\n", "每月協議數：{}\n"},
          {"frequent_packages", "\nMost frequent agreed packages:\n", "\n最常見的協議方案：\n"},
          {"drivers",
           "\nDrivers (share of the variance of agreement-by explained by 5% bins; tornado: P(agreement by) with the number "
           "at its 10th and 90th percentile, {} samples):\n",
           "\n驅動因素（以 5% 分組所解釋的變異比例；龍捲風圖：參數取第 10 與第 90 百分位時的達成協議機率，{} 個樣本）：\n"},
          {"col_parameter", "parameter", "參數"},
          {"col_explained", "explained", "解釋比例"},
          {"col_at_p10", "P at p10", "第 10 百分位"},
          {"col_at_p90", "P at p90", "第 90 百分位"},
          {"col_swing", "swing", "擺幅"},
          {"tail_effect", "tail effect", "尾端效應"},
          {"sobol", "\nSobol indices of agreement-by ({} sample pairs):\n", "\nSobol 指數（達成協議與否，{} 對樣本）：\n"},
          {"sobol_unreliable",
           "  (Not shown, unreliable: in {} sample pairs the rarer outcome (agreement or not) occurs about {:.1f} times "
           "(fewer than {:.0f}), so the indices would be noise. Raise --sobol-samples.)\n",
           "  （不可靠，未列出：{} 對樣本中較少見的結果（達成或未達成協議）約只出現 {:.1f} 次（少於 {:.0f} 次），"
           "指數只是雜訊；請增加 --sobol-samples。）\n"},
          {"sobol_first", "first", "一階"},
          {"sobol_total", "total", "總效應"},
      }};
  return t;
}

namespace {

// The message `key` in `lang`, formatted with `args`.
template <typename... Args>
std::string msg(const std::string& lang, std::string_view key, Args&&... args) {
  return fmt::format(fmt::runtime(bargain_messages()(key, lang)), std::forward<Args>(args)...);
}

// A word the analysis names by a key (a tactic's source, a refusal's reason): its message
// `prefix` + value, or the value itself when the table has none.
std::string word(const std::string& lang, std::string_view prefix, const std::string& value) {
  auto text = bargain_messages().find(std::string(prefix) + value, lang);
  return text ? std::string(*text) : value;
}

std::string step_text(const DateStep& s, const std::string& lang) {
  return msg(lang, std::string("step_") + s.unit, s.count);
}

const std::string& party_id(const Scenario& s, const BargainResult& r, int p) { return s.actors[r.parties[p].actor].id; }

json per_party(const Scenario& s, const BargainResult& r, const std::vector<double>& v) {
  json j = json::object();
  for (std::size_t p = 0; p < r.parties.size() && p < v.size(); ++p) j[party_id(s, r, static_cast<int>(p))] = round9(v[p]);
  return j;
}

// The proposer of an offer: a party, or (mediated protocol, by −1) the mediator.
std::string proposer_id(const Scenario& s, const BargainResult& r, int by) {
  if (by >= 0) return party_id(s, r, by);
  return r.mediator >= 0 ? s.actors[r.mediator].id : "mediator";
}


}  // namespace

json bargain_json(const Scenario& s, const BargainResult& r, const RunInfo& info) {
  json j = run_header(s, info);
  j["seed"] = r.seed;
  j["from"] = format_date(r.from);
  j["to"] = format_date(r.to);
  j["step"] = step_text(r.step, "en");
  j["protocol"] = to_string(r.protocol);
  j["first"] = party_id(s, r, r.first);
  if (r.protocol == Protocol::mediated)
    j["mediator"] = json{{"id", r.mediator >= 0 ? json(s.actors[r.mediator].id) : json(nullptr)},
                         {"bias", per_party(s, r, r.bias)},
                         {"observes_reservations", r.observes_reservations}};
  json parties = json::object();
  for (std::size_t p = 0; p < r.parties.size(); ++p) {
    const BargainParty& bp = r.parties[p];
    parties[party_id(s, r, static_cast<int>(p))] =
        json{{"tactic", describe_tactic(bp.tactic)},
             {"tactic_from", bp.tactic_from},
             {"deadline", bp.deadline.empty() ? json(nullptr) : json(bp.deadline)},
             {"deadline_date", format_date(bp.deadline_date)},
             {"beliefs_from", bp.beliefs_from}};
  }
  j["parties"] = parties;
  j["rounds"] = r.dates.size();
  const ProcessOutcome& o = r.outcome;
  j["result"] = to_string(o.kind);
  if (o.kind == ProcessOutcome::Kind::agreement) {
    json a{{"package", package_json(s, r.packages.back())},
           {"date", format_date(r.dates[o.round])},
           {"round", o.round},
           {"utilities", per_party(s, r, o.utilities)},
           {"concessions", per_party(s, r, r.concessions)},
           {"distance_to_nash", r.distance_to_nash ? json(round9(*r.distance_to_nash)) : json(nullptr)},
           {"distance_to_pareto", r.distance_to_pareto ? json(round9(*r.distance_to_pareto)) : json(nullptr)},
           {"nash_utilities", r.nash_utilities.empty() ? json(nullptr) : per_party(s, r, r.nash_utilities)}};
    j["agreement"] = a;
  } else {
    j["agreement"] = nullptr;
  }
  if (o.kind == ProcessOutcome::Kind::breakdown)
    j["breakdown"] = json{{"party", party_id(s, r, o.walked)}, {"date", format_date(r.dates[o.round])}, {"round", o.round},
                          {"reason", o.why}};
  else
    j["breakdown"] = nullptr;
  // ANAC measures (THEORY.md C10): rounds and offers to the end, welfare of the agreement.
  double welfare = 0;
  for (double u : o.utilities) welfare += u;
  j["measures"] = json{{"agreement", o.kind == ProcessOutcome::Kind::agreement},
                       {"rounds_played", o.round >= 0 ? o.round + 1 : static_cast<int>(r.dates.size())},
                       {"offers", o.trace.size()},
                       {"social_welfare", o.kind == ProcessOutcome::Kind::agreement ? json(round9(welfare)) : json(nullptr)}};
  json trace = json::array();
  for (std::size_t k = 0; k < o.trace.size(); ++k) {
    const Offer& of = o.trace[k];
    json e{{"round", of.round},
           {"date", format_date(r.dates[of.round])},
           {"proposer", proposer_id(s, r, of.by)},
           {"package", package_json(s, r.packages[k])},
           {"utilities", per_party(s, r, of.utilities)},
           {"accepted", of.accepted}};
    if (r.protocol == Protocol::mediated) {
      e["move"] = of.move;
      json v = json::object();
      for (const auto& [p, why] : of.vetoes) v[party_id(s, r, p)] = why;
      e["vetoed_by"] = v;
    }
    trace.push_back(e);
  }
  j["trace"] = trace;
  return j;
}

std::string bargain_text(const Scenario& s, const BargainResult& r, const RunInfo& info) {
  const std::string& lang = info.lang;
  auto name = [&](int p) { return pick(s.actors[r.parties[p].actor].name, lang, party_id(s, r, p)); };
  std::string out = msg(lang, "header", kVersion, s.id, r.seed) + "\n" + pick(s.title, lang, s.id) + "\n\n";
  for (const auto& o : info.overrides) out += fmt::format("  --set {}={}\n", o.path, o.value);
  for (const auto& e : info.without) out += fmt::format("  --without {}\n", e);
  const bool mediated = r.protocol == Protocol::mediated;
  auto proposer = [&](int by) {
    return by >= 0 ? name(by) : r.mediator >= 0 ? pick(s.actors[r.mediator].name, lang, s.actors[r.mediator].id) : msg(lang, "mediator");
  };
  if (mediated)
    out += msg(lang, r.observes_reservations ? "process_mediated_observes" : "process_mediated_blind", format_date(r.from),
               format_date(r.to), step_text(r.step, lang), r.dates.size(), proposer(-1));
  else
    out += msg(lang, "process", format_date(r.from), format_date(r.to), step_text(r.step, lang), r.dates.size(),
               msg(lang, std::string("protocol_") + to_string(r.protocol)), name(r.first));
  for (std::size_t p = 0; p < r.parties.size(); ++p) {
    const BargainParty& bp = r.parties[p];
    std::string deadline;
    if (!bp.deadline.empty()) {
      std::string dname = bp.deadline;
      for (const auto& d : s.deadlines)
        if (d.id == bp.deadline) dname = pick(d.name, lang, d.id);
      deadline = msg(lang, "party_deadline", dname, format_date(bp.deadline_date));
    }
    out += msg(lang, "party_tactic", name(static_cast<int>(p)), describe_tactic(bp.tactic), word(lang, "from_", bp.tactic_from),
               deadline);
  }
  out += "\n";
  const ProcessOutcome& o = r.outcome;
  if (o.kind == ProcessOutcome::Kind::agreement) {
    out += msg(lang, "agreement", package_names(s, r.packages.back(), lang), o.round, format_date(r.dates[o.round]));
    TextTable t({msg(lang, "col_party"), msg(lang, "col_utility"), msg(lang, "col_concession")},
                {TextTable::Align::left, TextTable::Align::right, TextTable::Align::right});
    for (std::size_t p = 0; p < r.parties.size(); ++p)
      t.add_row({name(static_cast<int>(p)), fmt::format("{:.3f}", o.utilities[p]), fmt::format("{:.3f}", r.concessions[p])});
    out += t.render();
    if (r.distance_to_nash) out += msg(lang, "distance_nash", *r.distance_to_nash);
    if (r.distance_to_pareto) out += msg(lang, "distance_pareto", *r.distance_to_pareto);
  } else if (o.kind == ProcessOutcome::Kind::breakdown) {
    out += msg(lang, "breakdown", name(o.walked), o.round, format_date(r.dates[o.round]), msg(lang, o.why == "deadline" ? "walk_deadline" : "walk_no_expected"));
  } else {
    out += msg(lang, "no_agreement", format_date(r.to));
  }
  out += "\n";
  std::vector<std::string> header{msg(lang, "col_round"), msg(lang, "col_date"), msg(lang, "col_proposer"), msg(lang, "col_package")};
  std::vector<TextTable::Align> align{TextTable::Align::right, TextTable::Align::left, TextTable::Align::left, TextTable::Align::left};
  for (std::size_t p = 0; p < r.parties.size(); ++p) {
    header.push_back(name(static_cast<int>(p)));
    align.push_back(TextTable::Align::right);
  }
  header.push_back(msg(lang, "col_accepted"));
  align.push_back(TextTable::Align::left);
  if (mediated) {
    header.push_back(msg(lang, "col_refused"));
    align.push_back(TextTable::Align::left);
  }
  TextTable t(header, align);
  std::size_t omitted = 0;
  for (std::size_t k = 0; k < o.trace.size(); ++k) {
    const Offer& of = o.trace[k];
    // Mediated: a kept text refused as in the round before adds nothing; such rows are counted.
    if (mediated && k > 0 && of.move == "kept" && of.package == o.trace[k - 1].package && of.vetoes == o.trace[k - 1].vetoes &&
        of.utilities == o.trace[k - 1].utilities && k + 1 < o.trace.size()) {
      ++omitted;
      continue;
    }
    std::vector<std::string> cells{fmt::format("{}", of.round), format_date(r.dates[of.round]), proposer(of.by), package_names(s, r.packages[k], info.lang)};
    for (double u : of.utilities) cells.push_back(fmt::format("{:.3f}", u));
    cells.push_back(of.accepted ? msg(lang, "yes") : "");
    if (mediated) {
      std::string v;
      for (const auto& [p, why] : of.vetoes)
        v += (v.empty() ? "" : msg(lang, "list_sep")) + msg(lang, "refusal", name(p), word(lang, "refuse_", why));
      cells.push_back(v);
    }
    t.add_row(cells);
  }
  out += t.render();
  if (omitted > 0) out += msg(lang, "omitted", omitted);
  return out;
}

json bargain_sweep_json(const Scenario& s, const BargainSweepResult& r, const RunInfo& info) {
  json j = run_header(s, info);
  j["seed"] = r.seed;
  j["bargain"] = true;
  j["samples"] = r.samples;
  j["from"] = format_date(r.from);
  j["to"] = format_date(r.to);
  j["by"] = format_date(r.by.date);
  j["p_agreement_by"] = round9(r.by.p);
  j["p_agreement_by_ci"] = json::array({round9(r.by.ci.low), round9(r.by.ci.high)});
  j["outcomes"] = json{{"agreement", r.agreements}, {"breakdown", r.breakdowns}, {"no_agreement", r.no_agreements}};
  json deadlines = json::array();
  for (const auto& d : r.deadlines)
    deadlines.push_back(json{{"id", d.id}, {"date", format_date(d.date)}, {"p_agreement_by", round9(d.p)},
                             {"p_agreement_by_ci", json::array({round9(d.ci.low), round9(d.ci.high)})}});
  j["deadlines"] = deadlines;
  json q = json::object();
  for (const auto& [name, d] : r.date_quantiles) q[name] = format_date(d);
  j["agreement_date_quantiles"] = q;
  json months = json::object();
  for (const auto& [m, n] : r.by_month) months[m] = n;
  j["agreements_by_month"] = months;
  json packages = json::array();
  for (const auto& [c, n] : r.packages) packages.push_back(json{{"package", package_json(s, c)}, {"samples", n}});
  j["packages"] = packages;
  json drivers = json::array();
  for (const auto& d : r.drivers)
    drivers.push_back(json{{"path", r.uncertain[d.param].path},
                           {"explained", round9(d.effect.explained)},
                           {"p_value", round9(d.effect.p_value)},
                           {"tail_effect", d.tail_effect},
                           {"bin_samples", d.bin_samples},
                           {"bin_agreements", d.bin_agreements},
                           {"low", round9(d.low)},
                           {"high", round9(d.high)},
                           {"swing", round9(d.swing)},
                           {"low_value", round9(r.uncertain[d.param].p10)},
                           {"high_value", round9(r.uncertain[d.param].p90)}});
  j["drivers"] = drivers;
  j["sensitivity_samples"] = r.sensitivity_samples;
  json idx = json::array();
  for (const auto& row : r.sobol)
    idx.push_back(json{{"parameter", r.uncertain[row.param].path}, {"first_order", round9(row.first)},
                       {"total", round9(row.total)}});
  j["sobol"] = json{{"output", "agreement by `by` (0/1)"},
                    {"estimator", "Saltelli et al. 2010 (first order), Jansen 1999 (total)"},
                    {"samples", r.sobol_samples},
                    {"variance", round9(r.sobol_variance)},
                    {"indices", idx},
                    {"reliable", r.sobol.empty() || sobol_reliable(r.sobol_samples, r.sobol_variance)}};
  if (r.mediator_value) {
    // The mediated protocol against its baseline on the same samples (mediator_value.h).
    const MediatorValue& v = *r.mediator_value;
    j["mediator_value"] = json{
        {"baseline", to_string(v.baseline)},
        {"with", round9(v.value.with)},
        {"with_ci", json::array({round9(r.by.ci.low), round9(r.by.ci.high)})},
        {"without", round9(v.value.without)},
        {"without_ci", json::array({round9(v.without_ci.low), round9(v.without_ci.high)})},
        {"without_outcomes", json{{"agreement", v.agreements}, {"breakdown", v.breakdowns}, {"no_agreement", v.no_agreements}}},
        {"difference", round9(v.value.difference)},
        {"ci", json::array({round9(v.value.ci.low), round9(v.value.ci.high)})},
        {"paired", json{{"both", v.value.both}, {"only_with", v.value.only_with}, {"only_without", v.value.only_without},
                        {"neither", v.value.neither}}}};
  }
  return j;
}

std::string bargain_sweep_text(const Scenario& s, const BargainSweepResult& r, const RunInfo& info) {
  const std::string& lang = info.lang;
  std::string out = msg(lang, "sweep_header", kVersion, s.id, r.seed, r.samples) + "\n" + pick(s.title, lang, s.id) + "\n\n";
  for (const auto& o : info.overrides) out += fmt::format("  --set {}={}\n", o.path, o.value);
  out += msg(lang, "sweep_process", format_date(r.from), format_date(r.to), r.agreements, r.breakdowns, r.no_agreements);
  TextTable t({msg(lang, "col_by"), msg(lang, "col_date"), msg(lang, "col_p_agreement"), msg(lang, "col_interval")},
              {TextTable::Align::left, TextTable::Align::left, TextTable::Align::right, TextTable::Align::left});
  auto row = [&](const AgreementBy& a) {
    std::string label = a.id == "by" ? "--by" : a.id;
    for (const auto& d : s.deadlines)
      if (d.id == a.id) label = pick(d.name, lang, d.id);
    t.add_row({label, format_date(a.date), fmt::format("{:.3f}", a.p), fmt::format("[{:.3f}, {:.3f}]", a.ci.low, a.ci.high)});
  };
  row(r.by);
  for (const auto& d : r.deadlines) row(d);
  out += t.render();
  if (r.mediator_value) {
    const MediatorValue& v = *r.mediator_value;
    out += msg(lang, "mediator_value", format_date(r.by.date), v.value.with, v.value.without, msg(lang, std::string("protocol_") + to_string(v.baseline)),
               v.value.difference, v.value.ci.low, v.value.ci.high);
  }
  if (!r.date_quantiles.empty()) {
    std::string q;
    for (const auto& [name, d] : r.date_quantiles) q += fmt::format("{}{} {}", q.empty() ? "" : msg(lang, "list_sep"), name, format_date(d));
    out += msg(lang, "agreement_dates", q);
    std::string m;
    for (const auto& [month, n] : r.by_month) m += fmt::format("{}{} {}", m.empty() ? "" : msg(lang, "list_sep"), month, n);
    out += msg(lang, "agreements_by_month", m);
  }
  if (!r.packages.empty()) {
    out += msg(lang, "frequent_packages");
    for (const auto& [c, n] : r.packages) out += fmt::format("  {:>7}  {}\n", n, package_names(s, c, lang));
  }
  if (!r.drivers.empty()) {
    out += msg(lang, "drivers", r.sensitivity_samples);
    TextTable d({msg(lang, "col_parameter"), msg(lang, "col_explained"), "p", msg(lang, "col_at_p10"), msg(lang, "col_at_p90"),
                 msg(lang, "col_swing"), ""},
                {TextTable::Align::left, TextTable::Align::right, TextTable::Align::right, TextTable::Align::right,
                 TextTable::Align::right, TextTable::Align::right, TextTable::Align::left});
    for (std::size_t k = 0; k < r.drivers.size() && k < 10; ++k) {
      const BargainDriver& row = r.drivers[k];
      d.add_row({r.uncertain[row.param].path, fmt::format("{:.3f}", row.effect.explained),
                 fmt::format("{:.3g}", row.effect.p_value), fmt::format("{:.3f}", row.low),
                 fmt::format("{:.3f}", row.high), fmt::format("{:.3f}", row.swing),
                 row.tail_effect ? msg(lang, "tail_effect") : ""});
    }
    out += d.render();
  }
  if (!r.sobol.empty()) {
    out += msg(lang, "sobol", r.sobol_samples);
    if (!sobol_reliable(r.sobol_samples, r.sobol_variance))
      out += msg(lang, "sobol_unreliable", r.sobol_samples, static_cast<double>(r.sobol_samples) * r.sobol_variance,
                 kSobolMinOutcomes);
    else
      for (const auto& row : r.sobol)
        out += fmt::format("  {}  {:.3f}  {}  {:.3f}  {}\n", msg(lang, "sobol_first"), row.first, msg(lang, "sobol_total"),
                           row.total, r.uncertain[row.param].path);
  }
  return out;
}

}  // namespace parley
