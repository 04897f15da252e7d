// JSON and terminal rendering of `parley levers` and of the robustness line.
#include "render/levers_render.h"

#include <fmt/format.h>

#include "core/count.h"
#include "core/date.h"
#include "core/text.h"
#include "core/version.h"
#include "render/table.h"
#include "scenario/names.h"

namespace parley {

using json = nlohmann::ordered_json;

namespace {

bool zh(const std::string& lang) { return lang == "zh-TW"; }

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

std::string effect_text(LeverEffect e, bool z) {
  switch (e) {
    case LeverEffect::opens_zopa: return z ? "開啟 ZOPA" : "opens the ZOPA";
    case LeverEffect::closes_zopa: return z ? "關閉 ZOPA" : "closes the ZOPA";
    case LeverEffect::accepts_package: return z ? "方案被接受" : "package accepted";
    case LeverEffect::rejects_package: return z ? "方案被拒絕" : "package rejected";
    case LeverEffect::adopts_plan: return z ? "計畫被採納" : "plan adopted";
    case LeverEffect::fails_plan: return z ? "計畫失敗" : "plan fails";
  }
  return "?";
}

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

std::string verdict_text(const LeversResult& r, const Scenario& s, bool z) {
  if (r.plan >= 0) {
    const std::string& id = s.plans[static_cast<std::size_t>(r.plan)].id;
    return r.baseline.holds ? (z ? fmt::format("計畫 {} 被採納", id) : fmt::format("plan {} is adopted", id))
                            : (z ? fmt::format("計畫 {} 未被採納", id) : fmt::format("plan {} is not adopted", id));
  }
  if (r.package >= 0) {
    const std::string& id = s.packages[static_cast<std::size_t>(r.package)].id;
    return r.baseline.holds ? (z ? fmt::format("方案 {} 為各方接受", id) : fmt::format("package {} is accepted by every party", id))
                            : (z ? fmt::format("方案 {} 未為各方接受", id) : fmt::format("package {} is not accepted by every party", id));
  }
  return r.baseline.holds ? (z ? "可能達成協議（ZOPA 非空）" : "a deal is possible (the ZOPA is not empty)")
                          : (z ? "無法達成協議（ZOPA 為空）" : "no deal is possible (the ZOPA is empty)");
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
  const bool z = zh(info.lang);
  std::string out = fmt::format("parley {} · {} · {} · {}\n{}\n", kVersion, info.command, s.id, format_date(r.date),
                                pick(s.title, info.lang, s.id));
  for (const auto& w : info.without) out += fmt::format("  --without {}\n", w);
  for (const auto& o : info.overrides) out += fmt::format("  --set {}={}\n", o.path, o.value);
  out += "\n";
  out += z ? fmt::format("結論：{}。搜尋了 {} 個參數與 {} 個事件；{} 個單一變更可翻轉結論。\n", verdict_text(r, s, z), r.parameters,
                         r.events, r.levers.size())
           : fmt::format("Verdict: {}. Searched {} and {}; {} {} it.\n", verdict_text(r, s, z),
                         plural(r.parameters, "parameter"), plural(r.events, "event"),
                         plural(r.levers.size(), "single change"), r.levers.size() == 1 ? "flips" : "flip");
  if (r.levers.empty()) return out;
  const std::string order = issue_names(s, info.lang);
  out += z ? fmt::format("\n表中方案依議題順序列出選項：{}\n\n", order)
           : fmt::format("\nPackages list options in issue order: {}\n\n", order);
  std::vector<std::string> header = z ? std::vector<std::string>{"參數", "現值", "翻轉點", "變動", "占範圍", "結論成立範圍", "效果", "方案"}
                                      : std::vector<std::string>{"lever", "now", "flips at", "change", "share", "holds for", "effect", "deal"};
  std::vector<TextTable::Align> align = {TextTable::Align::left,  TextTable::Align::right, TextTable::Align::right,
                                         TextTable::Align::right, TextTable::Align::right, TextTable::Align::left,
                                         TextTable::Align::left,  TextTable::Align::left};
  for (int a : r.parties) {
    header.push_back(pick(s.actors[static_cast<std::size_t>(a)].name, info.lang, s.actors[static_cast<std::size_t>(a)].id));
    align.push_back(TextTable::Align::right);
  }
  header.push_back(z ? "依據" : "evidence");
  align.push_back(TextTable::Align::left);
  header.push_back(z ? "重現" : "reproduce");
  align.push_back(TextTable::Align::left);
  TextTable t(header, align);
  const std::size_t n = top ? std::min(top, r.levers.size()) : r.levers.size();
  for (std::size_t i = 0; i < n; ++i) {
    const Lever& l = r.levers[i];
    std::vector<std::string> row;
    if (l.event) {
      row = {(z ? "移除 " : "without ") + event_display_name(s, l.path, info.lang), z ? "生效" : "in force",
             z ? "移除" : "removed", "-", "-", "-"};
    } else {
      row = {param_display_name(s, l.path, info.lang), num_text(l.current), num_text(l.flip_at), fmt::format("{:+.6g}", l.change), share_text(l.share_of_range),
             window_text(l)};
    }
    row.push_back(effect_text(l.effect, z));
    row.push_back(l.outcome.package == LeverOutcome::kNoPackage ? "-" : package_names(s, choice_of_index(s, l.outcome.package), info.lang));
    for (std::size_t p = 0; p < r.parties.size(); ++p) row.push_back(fmt::format("{:.3f}", l.outcome.utilities[p]));
    row.push_back(l.evidence.empty() ? "-" : l.evidence.front().source + (l.evidence.front().locator.empty() ? "" : " " + l.evidence.front().locator));
    row.push_back(l.event ? "--without " + l.path : fmt::format("--set {}={}", l.path, num_text(l.flip_at)));
    t.add_row(std::move(row));
  }
  out += t.render();
  if (n < r.levers.size())
    out += z ? fmt::format("（另有 {} 個，見 --top）\n", r.levers.size() - n) : fmt::format("({} more: --top)\n", r.levers.size() - n);
  out += z ? "\n占範圍：變動占參數合理範圍（其分布的支撐，否則其有效範圍）的比例；結論成立範圍：兩側翻轉點之間（以 --set 的值計）結論成立；翻轉點可用 --set 重現；方案欄為翻轉後的納許議價解方案（或具名方案）及各方效用。\n"
           : "\nshare: the change as a share of the parameter's plausible range (its distribution's support, else its valid "
             "range); holds for: the values (as --set gives them) between the flips on either side, in which the verdict "
             "holds; reproduce a flip with --set PATH=VALUE; deal: the Nash package (or the named package) after the "
             "flip, with each party's utility.\n";
  if (!r.pairs.empty()) {
    out += z ? "\n成對變更（兩參數各移動其範圍的相同比例）：\n" : "\nPairs (both parameters moved by the same share of their ranges):\n";
    TextTable pt(z ? std::vector<std::string>{"參數", "翻轉點", "占範圍", "方案"}
                   : std::vector<std::string>{"levers", "flip at", "share", "deal"},
                 {TextTable::Align::left, TextTable::Align::left, TextTable::Align::right, TextTable::Align::left});
    for (const LeverPair& p : r.pairs) {
      const Lever& a = r.levers[static_cast<std::size_t>(p.first)];
      const Lever& b = r.levers[static_cast<std::size_t>(p.second)];
      pt.add_row({param_display_name(s, a.path, info.lang) + " + " + param_display_name(s, b.path, info.lang), num_text(p.first_at) + ", " + num_text(p.second_at), share_text(p.share),
                  p.outcome.package == LeverOutcome::kNoPackage ? "-" : package_names(s, choice_of_index(s, p.outcome.package), info.lang)});
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
  const bool z = zh(lang);
  if (!r.computed) return z ? fmt::format("穩健性：未計算（{}）。\n", r.note) : fmt::format("Robustness: not computed ({}).\n", r.note);
  auto label = [&]() -> std::string {
    if (!z) return r.label;
    if (r.label == "robust") return "穩健";
    if (r.label == "fragile") return "脆弱";
    return "一觸即翻";
  };
  std::string out = z ? fmt::format("穩健性：{}", label()) : fmt::format("Robustness: {}", label());
  if (r.knife)
    out += z ? fmt::format("（{} 只需變動 {:+.6g}，在其陳述精度 ±{:g} 之內）", r.knife->path, r.knife->change, r.knife->precision)
             : fmt::format(" ({} flips it by {:+.6g}, within its stated precision ±{:g})", r.knife->path, r.knife->change,
                           r.knife->precision);
  if (!r.nearest) out += z ? "；沒有任何單一變更能翻轉結論" : "; no single change flips the verdict";
  else if (r.nearest->event)
    out += z ? fmt::format("；最近的槓桿是移除事件「{}」（--without {}）", event_display_name(s, r.nearest->path, lang), r.nearest->path)
             : fmt::format("; the nearest lever is removing event “{}” (--without {})", event_display_name(s, r.nearest->path, lang),
                           r.nearest->path);
  else
    out += z ? fmt::format("；最近的槓桿是{}（{}）{:.6g} → {:.6g}（占其合理範圍 {}）", param_display_name(s, r.nearest->path, lang), r.nearest->path, r.nearest->current,
                           r.nearest->flip_at, share_text(r.nearest->share_of_range))
             : fmt::format("; the nearest lever is {} ({}) {:.6g} → {:.6g} ({} of its plausible range)",
                           param_display_name(s, r.nearest->path, lang), r.nearest->path,
                           r.nearest->current, r.nearest->flip_at, share_text(r.nearest->share_of_range));
  if (r.p_holds)
    out += z ? fmt::format("；在 {} 組抽樣輸入中結論成立 {:.1f}%（模擬精度 {:.1f}% 至 {:.1f}%）", r.samples, 100 * *r.p_holds,
                           100 * r.p_holds_ci->low, 100 * r.p_holds_ci->high)
             : fmt::format("; the verdict holds in {:.1f}% of {} sampled inputs (simulation precision {:.1f}% to {:.1f}%)",
                           100 * *r.p_holds, r.samples, 100 * r.p_holds_ci->low, 100 * r.p_holds_ci->high);
  out += z ? fmt::format("；{} 個數值變動、{} 個固定、{} 個來源。\n", r.varied, r.fixed, r.sources)
           : fmt::format("; {} {} varied, {} fixed, {} {}.\n", r.varied, r.varied == 1 ? "number" : "numbers", r.fixed,
                         r.sources, r.sources == 1 ? "source" : "sources");
  return out;
}

std::string robustness_cell(const Robustness& r, const std::string& lang) {
  const bool z = zh(lang);
  if (!r.computed) return z ? "未計算" : "not computed";
  std::string label = r.label;
  if (z) label = r.label == "robust" ? "穩健" : r.label == "fragile" ? "脆弱" : "一觸即翻";
  std::string out = label;
  if (r.nearest) {
    if (r.nearest->event) out += (z ? "：移除 " : ": without ") + r.nearest->path;
    else
      out += fmt::format("{}{} {:.6g} → {:.6g} ({})", z ? "：" : ": ", r.nearest->path, r.nearest->current, r.nearest->flip_at,
                         share_text(r.nearest->share_of_range));
  }
  if (r.p_holds) out += z ? fmt::format("；成立 {:.1f}%", 100 * *r.p_holds) : fmt::format("; holds in {:.1f}%", 100 * *r.p_holds);
  return out;
}

}  // namespace parley
