// JSON and terminal rendering of `parley levers` and of the robustness line.
#include "render/levers_render.h"

#include <fmt/format.h>

#include "core/count.h"
#include "core/date.h"
#include "core/text.h"
#include "core/version.h"
#include "render/messages.h"
#include "render/table.h"
#include "scenario/names.h"

namespace parley {

using json = nlohmann::ordered_json;

const MessageTable& levers_messages() {
  static const MessageTable t{
      "levers",
      {
          {"effect_opens_zopa", "opens the ZOPA", "開啟 ZOPA"},
          {"effect_closes_zopa", "closes the ZOPA", "關閉 ZOPA"},
          {"effect_accepts_package", "package accepted", "方案被接受"},
          {"effect_rejects_package", "package rejected", "方案被拒絕"},
          {"effect_adopts_plan", "plan adopted", "計畫被採納"},
          {"effect_fails_plan", "plan fails", "計畫失敗"},
          {"plan_adopted", "plan {} is adopted", "計畫「{}」被採納"},
          {"plan_not_adopted", "plan {} is not adopted", "計畫「{}」未被採納"},
          {"package_accepted", "package {} is accepted by every party", "方案「{}」為各方接受"},
          {"package_not_accepted", "package {} is not accepted by every party", "方案「{}」未為各方接受"},
          {"deal_possible", "a deal is possible (the ZOPA is not empty)", "可能達成協議（ZOPA 非空）"},
          {"no_deal", "no deal is possible (the ZOPA is empty)", "無法達成協議（ZOPA 為空）"},
          {"verdict", "Verdict: {}. Searched {} and {}; {}.\n", "結論：{}。搜尋了{}與{}；{}。\n"},
          {"n_parameter_one", "{} parameter", "{} 個參數"},
          {"n_parameter", "{} parameters", "{} 個參數"},
          {"n_event_one", "{} event", "{} 個事件"},
          {"n_event", "{} events", "{} 個事件"},
          {"n_flip_one", "{} single change flips it", "{} 個單一變更可翻轉結論"},
          {"n_flip", "{} single changes flip it", "{} 個單一變更可翻轉結論"},
          {"issue_order", "\nPackages list options in issue order: {}\n\n", "\n表中方案依議題順序列出選項：{}\n\n"},
          {"col_lever", "lever", "參數"},
          {"col_now", "now", "現值"},
          {"col_flips_at", "flips at", "翻轉點"},
          {"col_change", "change", "變動"},
          {"col_share", "share", "占範圍"},
          {"col_holds_for", "holds for", "結論成立範圍"},
          {"col_effect", "effect", "效果"},
          {"col_deal", "deal", "方案"},
          {"col_evidence", "evidence", "依據"},
          {"col_reproduce", "reproduce", "重現"},
          {"without_event", "without {}", "移除{}"},
          {"in_force", "in force", "生效"},
          {"removed", "removed", "移除"},
          {"more", "({} more: --top)\n", "（另有 {} 個，見 --top）\n"},
          {"legend",
           "\nshare: the change as a share of the parameter's plausible range (its distribution's support, else its valid "
           "range); holds for: the values (as --set gives them) between the flips on either side, in which the verdict "
           "holds; reproduce a flip with --set PATH=VALUE; deal: the Nash package (or the named package) after the "
           "flip, with each party's utility.\n",
           "\n占範圍：變動占參數合理範圍（其分布的支撐集，否則其有效範圍）的比例；結論成立範圍：兩側翻轉點之間（以 --set "
           "的值計）結論成立的範圍；翻轉點可用 --set PATH=VALUE 重現；方案：翻轉後的納許議價解方案（或具名方案）及各方效用。\n"},
          {"pairs", "\nPairs (both parameters moved by the same share of their ranges):\n",
           "\n成對變更（兩參數各移動其範圍的相同比例）：\n"},
          {"col_levers", "levers", "參數"},
          {"col_flip_at", "flip at", "翻轉點"},
          {"not_computed", "Robustness: not computed ({}).\n", "穩健性：未計算（{}）。\n"},
          {"label_robust", "robust", "穩健"},
          {"label_fragile", "fragile", "脆弱"},
          {"label_knife-edge", "knife-edge", "一觸即翻"},
          {"robustness", "Robustness: {}", "穩健性：{}"},
          {"knife", " ({} flips it by {:+.6g}, within its stated precision ±{:g})", "（{} 只需變動 {:+.6g}，在其陳述精度 ±{:g} 之內）"},
          {"no_lever", "; no single change flips the verdict", "；沒有任何單一變更能翻轉結論"},
          {"nearest_event", "; the nearest lever is removing event “{}” (--without {})", "；最近的槓桿是移除事件「{}」（--without {}）"},
          {"nearest", "; the nearest lever is {} ({}) {:.6g} → {:.6g} ({} of its plausible range)",
           "；最近的槓桿是{}（{}）{:.6g} → {:.6g}（占其合理範圍 {}）"},
          {"p_holds", "; the verdict holds in {1:.1f}% of {0} sampled inputs (simulation precision {2:.1f}% to {3:.1f}%)",
           "；在 {0} 組抽樣輸入中，結論成立的比例為 {1:.1f}%（模擬精度區間 {2:.1f}% 至 {3:.1f}%）"},
          {"counts", "; {} varied, {} fixed, {}.\n", "；變動 {}、固定 {} 個，依據 {}。\n"},
          {"n_number_one", "{} number", "{} 個數值"},
          {"n_number", "{} numbers", "{} 個數值"},
          {"n_source_one", "{} source", "{} 個來源"},
          {"n_source", "{} sources", "{} 個來源"},
          {"cell_not_computed", "not computed", "未計算"},
          {"cell_without", ": without “{}”", "：移除「{}」"},
          {"cell_nearest", ": {} {:.6g} → {:.6g} ({})", "：{} {:.6g} → {:.6g}（{}）"},
          {"cell_holds", "; holds in {:.1f}%", "；結論成立 {:.1f}%"},
      }};
  return t;
}

namespace {

// The message `key` in `lang`, formatted with `args`.
template <typename... Args>
std::string msg(const std::string& lang, std::string_view key, Args&&... args) {
  return fmt::format(fmt::runtime(levers_messages()(key, lang)), std::forward<Args>(args)...);
}

// `key` + "_one" for a count of one, else `key` (English plurals; Chinese has one form).
template <typename N>
std::string counted(const std::string& lang, const std::string& key, N n) {
  return msg(lang, n == 1 ? key + "_one" : key, n);
}

json num(const std::optional<double>& x) { return x ? json(round9(*x)) : json(nullptr); }

// Full precision for the values a user passes back to --set (round9 would move a breakpoint).
json exact_num(double x) { return json(x); }

json utilities_of(const Scenario& s, const LeversResult& r, const LeverOutcome& o) {
  json u = json::object();
  for (std::size_t p = 0; p < r.parties.size() && p < o.utilities.size(); ++p)
    u[s.actors[static_cast<std::size_t>(r.parties[p])].id] = round9(o.utilities[p]);
  return u;
}

json package_of(const Scenario& s, const LeverOutcome& o) {
  if (o.package == LeverOutcome::kNoPackage) return nullptr;
  return package_json(s, choice_of_index(s, o.package));
}

json evidence_json(const std::vector<Evidence>& ev) {
  json a = json::array();
  for (const auto& e : ev) a.push_back({{"source", e.source}, {"locator", e.locator}, {"note", e.note}});
  return a;
}

std::string effect_text(LeverEffect e, const std::string& lang) { return msg(lang, std::string("effect_") + to_string(e)); }

std::string num_text(double x) { return fmt::format("{:.6g}", x); }
std::string share_text(const std::optional<double>& s) {
  return s ? fmt::format("{:.1f}%", 100 * *s) : std::string("-");
}

// The window in which the verdict holds: strictly between the two flips, up to the searched
// range's end (inclusive) on a side without one.
std::string window_text(const Lever& l) {
  if (l.event) return "-";
  std::optional<double> down, up;
  for (const std::optional<double>& x : {std::optional<double>(l.flip_at), l.other_flip_at})
    if (x) (*x < l.current ? down : up) = *x;
  std::string out = down ? fmt::format("({}", num_text(*down)) : fmt::format("[{}", num_text(l.search_lo));
  out += up ? fmt::format(", {})", num_text(*up)) : fmt::format(", {}]", num_text(l.search_hi));
  return out;
}

std::string verdict_text(const LeversResult& r, const Scenario& s, const std::string& lang) {
  if (r.plan >= 0) {
    const auto& plan = s.plans[static_cast<std::size_t>(r.plan)];
    return msg(lang, r.baseline.holds ? "plan_adopted" : "plan_not_adopted", pick(plan.name, lang, plan.id));
  }
  if (r.package >= 0) {
    const auto& pkg = s.packages[static_cast<std::size_t>(r.package)];
    return msg(lang, r.baseline.holds ? "package_accepted" : "package_not_accepted", pick(pkg.name, lang, pkg.id));
  }
  return msg(lang, r.baseline.holds ? "deal_possible" : "no_deal");
}

}  // namespace

json levers_json(const Scenario& s, const LeversResult& r, const RunInfo& info, std::size_t top) {
  json j = run_header(s, info);
  j["package"] = r.package >= 0 ? json(s.packages[static_cast<std::size_t>(r.package)].id) : json(nullptr);
  j["plan"] = r.plan >= 0 ? json(s.plans[static_cast<std::size_t>(r.plan)].id) : json(nullptr);
  j["holds"] = r.baseline.holds;
  j["baseline"] = {{"package", package_of(s, r.baseline)}, {"utilities", utilities_of(s, r, r.baseline)}};
  j["parameters_searched"] = r.parameters;
  j["events_tried"] = r.events;
  j["skipped"] = r.skipped;
  json arr = json::array();
  const std::size_t n = top ? std::min(top, r.levers.size()) : r.levers.size();
  for (std::size_t i = 0; i < n; ++i) {
    const Lever& l = r.levers[i];
    json e;
    e["path"] = l.event ? "without=" + l.path : l.path;
    e["kind"] = l.event ? "event" : "parameter";
    e["current"] = l.event ? json(nullptr) : exact_num(l.current);
    e["flip_at"] = l.event ? json(nullptr) : exact_num(l.flip_at);
    e["change"] = l.event ? json(nullptr) : exact_num(l.change);
    e["share_of_range"] = num(l.share_of_range);
    e["effect"] = to_string(l.effect);
    e["package"] = package_of(s, l.outcome);
    e["utilities"] = utilities_of(s, r, l.outcome);
    e["evidence"] = evidence_json(l.evidence);
    if (!l.event) {
      e["plausible_range"] = {{"min", l.plausible_lo},
                              {"max", l.plausible_hi},
                              {"from", l.plausible_from_distribution ? "distribution" : "valid range"}};
      e["other_flip_at"] = l.other_flip_at ? exact_num(*l.other_flip_at) : json(nullptr);
      e["searched_range"] = {{"min", l.search_lo}, {"max", l.search_hi}};
      e["precision"] = l.precision;
    }
    arr.push_back(std::move(e));
  }
  j["levers"] = arr;
  j["levers_found"] = r.levers.size();
  json pairs = json::array();
  for (const LeverPair& p : r.pairs) {
    const Lever& a = r.levers[static_cast<std::size_t>(p.first)];
    const Lever& b = r.levers[static_cast<std::size_t>(p.second)];
    pairs.push_back({{"paths", {a.path, b.path}},
                     {"flip_at", {exact_num(p.first_at), exact_num(p.second_at)}},
                     {"share_of_range", round9(p.share)},
                     {"effect", to_string(a.effect)},
                     {"package", package_of(s, p.outcome)},
                     {"utilities", utilities_of(s, r, p.outcome)}});
  }
  j["pairs"] = pairs;
  return j;
}

std::string levers_text(const Scenario& s, const LeversResult& r, const RunInfo& info, std::size_t top) {
  const std::string& lang = info.lang;
  std::string out = fmt::format("parley {} · {} · {} · {}\n{}\n", kVersion, info.command, s.id, format_date(r.date),
                                pick(s.title, lang, s.id));
  for (const auto& w : info.without) out += fmt::format("  --without {}\n", w);
  for (const auto& o : info.overrides) out += fmt::format("  --set {}={}\n", o.path, o.value);
  out += "\n";
  out += msg(lang, "verdict", verdict_text(r, s, lang), counted(lang, "n_parameter", r.parameters), counted(lang, "n_event", r.events),
             counted(lang, "n_flip", r.levers.size()));
  if (r.levers.empty()) return out;
  const std::string order = issue_names(s, lang);
  out += msg(lang, "issue_order", order);
  std::vector<std::string> header;
  for (const char* k : {"col_lever", "col_now", "col_flips_at", "col_change", "col_share", "col_holds_for", "col_effect", "col_deal"})
    header.push_back(msg(lang, k));
  std::vector<TextTable::Align> align = {TextTable::Align::left,  TextTable::Align::right, TextTable::Align::right,
                                         TextTable::Align::right, TextTable::Align::right, TextTable::Align::left,
                                         TextTable::Align::left,  TextTable::Align::left};
  for (int a : r.parties) {
    const Actor& actor = s.actors[static_cast<std::size_t>(a)];
    header.push_back(pick(actor.name, lang, actor.id));
    align.push_back(TextTable::Align::right);
  }
  header.push_back(msg(lang, "col_evidence"));
  align.push_back(TextTable::Align::left);
  header.push_back(msg(lang, "col_reproduce"));
  align.push_back(TextTable::Align::left);
  TextTable t(header, align);
  const std::size_t n = top ? std::min(top, r.levers.size()) : r.levers.size();
  for (std::size_t i = 0; i < n; ++i) {
    const Lever& l = r.levers[i];
    std::vector<std::string> row;
    if (l.event) {
      row = {msg(lang, "without_event", event_display_name(s, l.path, lang)), msg(lang, "in_force"), msg(lang, "removed"), "-", "-", "-"};
    } else {
      row = {param_display_name(s, l.path, lang), num_text(l.current), num_text(l.flip_at), fmt::format("{:+.6g}", l.change), share_text(l.share_of_range),
             window_text(l)};
    }
    row.push_back(effect_text(l.effect, lang));
    row.push_back(l.outcome.package == LeverOutcome::kNoPackage ? "-" : package_names(s, choice_of_index(s, l.outcome.package), lang));
    for (std::size_t p = 0; p < r.parties.size(); ++p) row.push_back(fmt::format("{:.3f}", l.outcome.utilities[p]));
    row.push_back(l.evidence.empty() ? "-" : l.evidence.front().source + (l.evidence.front().locator.empty() ? "" : " " + l.evidence.front().locator));
    row.push_back(l.event ? "--without " + l.path : fmt::format("--set {}={}", l.path, num_text(l.flip_at)));
    t.add_row(std::move(row));
  }
  out += t.render();
  if (n < r.levers.size()) out += msg(lang, "more", r.levers.size() - n);
  out += msg(lang, "legend");
  if (!r.pairs.empty()) {
    out += msg(lang, "pairs");
    TextTable pt({msg(lang, "col_levers"), msg(lang, "col_flip_at"), msg(lang, "col_share"), msg(lang, "col_deal")},
                 {TextTable::Align::left, TextTable::Align::left, TextTable::Align::right, TextTable::Align::left});
    for (const LeverPair& p : r.pairs) {
      const Lever& a = r.levers[static_cast<std::size_t>(p.first)];
      const Lever& b = r.levers[static_cast<std::size_t>(p.second)];
      pt.add_row({param_display_name(s, a.path, lang) + " + " + param_display_name(s, b.path, lang), num_text(p.first_at) + ", " + num_text(p.second_at), share_text(p.share),
                  p.outcome.package == LeverOutcome::kNoPackage ? "-" : package_names(s, choice_of_index(s, p.outcome.package), lang)});
    }
    out += pt.render();
  }
  return out;
}

json robustness_json(const Robustness& r) {
  json j;
  j["label"] = r.label;
  if (!r.computed) {
    j["note"] = r.note;
  }
  if (r.nearest) {
    const Lever& l = *r.nearest;
    j["nearest_lever"] = {{"path", l.event ? "without=" + l.path : l.path},
                          {"kind", l.event ? "event" : "parameter"},
                          {"current", l.event ? json(nullptr) : json(l.current)},
                          {"flip_at", l.event ? json(nullptr) : json(l.flip_at)},
                          {"change", l.event ? json(nullptr) : json(l.change)},
                          {"effect", to_string(l.effect)}};
    j["share_of_range"] = num(l.share_of_range);
  } else {
    j["nearest_lever"] = nullptr;
    j["share_of_range"] = nullptr;
  }
  if (r.knife)
    j["knife_edge"] = {{"path", r.knife->path}, {"change", r.knife->change}, {"precision", r.knife->precision}};
  j["p_holds"] = num(r.p_holds);
  if (r.p_holds_ci)
    j["p_holds_ci"] = {{"low", round9(r.p_holds_ci->low)}, {"high", round9(r.p_holds_ci->high)}, {"name", "simulation precision"}};
  else j["p_holds_ci"] = nullptr;
  j["samples"] = r.samples;
  j["seed"] = r.seed;
  j["varied"] = r.varied;
  j["fixed"] = r.fixed;
  j["sources"] = r.sources;
  return j;
}

std::string robustness_text(const Scenario& s, const Robustness& r, const std::string& lang) {
  if (!r.computed) return msg(lang, "not_computed", r.note);
  std::string out = msg(lang, "robustness", msg(lang, "label_" + r.label));
  if (r.knife) out += msg(lang, "knife", param_display_name(s, r.knife->path, lang), r.knife->change, r.knife->precision);
  if (!r.nearest) out += msg(lang, "no_lever");
  else if (r.nearest->event)
    out += msg(lang, "nearest_event", event_display_name(s, r.nearest->path, lang), r.nearest->path);
  else
    out += msg(lang, "nearest", param_display_name(s, r.nearest->path, lang), r.nearest->path, r.nearest->current,
               r.nearest->flip_at, share_text(r.nearest->share_of_range));
  if (r.p_holds)
    out += msg(lang, "p_holds", r.samples, 100 * *r.p_holds, 100 * r.p_holds_ci->low, 100 * r.p_holds_ci->high);
  out += msg(lang, "counts", counted(lang, "n_number", r.varied), r.fixed, counted(lang, "n_source", r.sources));
  return out;
}

std::string robustness_cell(const Scenario& s, const Robustness& r, const std::string& lang) {
  if (!r.computed) return msg(lang, "cell_not_computed");
  std::string out = msg(lang, "label_" + r.label);
  if (r.nearest) {
    if (r.nearest->event) out += msg(lang, "cell_without", event_display_name(s, r.nearest->path, lang));
    else
      out += msg(lang, "cell_nearest", param_display_name(s, r.nearest->path, lang), r.nearest->current, r.nearest->flip_at, share_text(r.nearest->share_of_range));
  }
  if (r.p_holds) out += msg(lang, "cell_holds", 100 * *r.p_holds);
  return out;
}

}  // namespace parley
