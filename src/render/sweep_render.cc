#include "render/sweep_render.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <optional>

#include "core/count.h"
#include "core/version.h"
#include "model/compiled.h"
#include "render/messages.h"
#include "render/table.h"
#include "scenario/names.h"
#include "scenario/distribution.h"

namespace parley {

using json = nlohmann::ordered_json;

const MessageTable& sweep_messages() {
  static const MessageTable t{
      "sweep",
      {
          {"seed", "seed", "亂數種子"},
          {"partial_samples", "PARTIAL RESULT: interrupted after {} of {} samples.\n\n",
           "（中斷：僅完成 {} / {} 個樣本，結果不完整）\n\n"},
          {"partial_drivers", "PARTIAL RESULT: interrupted after the samples; the drivers and Sobol indices are missing.\n\n",
           "（中斷：樣本已完成，但驅動因素與 Sobol 指數未完成）\n\n"},
          {"samples_over", "{} over {}.\n", "{}，涵蓋 {}。\n"},
          {"n_sample_one", "{} sample", "{} 個樣本"},
          {"n_sample", "{} samples", "{} 個樣本"},
          {"n_uncertain_one", "{} uncertain parameter", "{} 個不確定參數"},
          {"n_uncertain", "{} uncertain parameters", "{} 個不確定參數"},
          {"what_plan", "plan {} accepted by every party and self-enforcing", "計畫「{}」被各方接受且可自我執行"},
          {"what_deal", "a deal exists (non-empty ZOPA)", "存在可達成協議區間（ZOPA 非空）"},
          {"p_deal", "P({}) = {:.1f}% (95% Wilson interval {:.1f}% to {:.1f}%)\n",
           "{}的機率：{:.1f}%（95% Wilson 區間 {:.1f}% 至 {:.1f}%）\n"},
          {"plan_shares", "Plan {}: accepted by every party in {} of the samples, self-enforcing in {}, both (a deal) in {}.\n",
           "計畫「{}」：各方皆接受 {}，可自我執行 {}，兩者皆是（協議）{}。\n"},
          {"frequent_nash", "Most frequent Nash packages:\n", "最常見的納許方案：\n"},
          {"col_frequency", "frequency", "頻率"},
          {"col_package", "package", "方案"},
          {"expected_utility", "Expected utility of the outcome (deal or no deal): ", "各方期望效用（結果為協議或無協議）："},
          {"list_sep", ", ", "、"},
          {"drivers",
           "Drivers, ranked by the share of the variance of the deal each parameter explains over its\n"
           "whole distribution ({} samples in 5% bins of the parameter), with P(deal) in its bottom\n"
           "5%, per decile (▁ 0% to █ 100%) and in its top 5%; then the tornado: P(deal) with the\n"
           "parameter at its 10th and 90th percentile ({} samples) and the swing between them:\n",
           "驅動因素，依各參數在其整個分布上所解釋的協議變異比例排序（{} 個樣本，按參數的 5% 區間分組）；\n"
           "並列出參數落在最低 5%、各十分位（▁ 0% 至 █ 100%）與最高 5% 時達成協議的機率；\n"
           "接著是龍捲風圖：參數固定在第 10 與第 90 百分位時達成協議的機率與兩者之差（{} 個樣本）：\n"},
          {"col_parameter", "parameter", "參數"},
          {"col_explained", "explained", "解釋比例"},
          {"col_bottom", "bottom 5%", "最低 5%"},
          {"col_deciles", "deciles", "十分位"},
          {"col_top", "top 5%", "最高 5%"},
          {"col_at_p10", "at p10", "於 p10"},
          {"col_at_p90", "at p90", "於 p90"},
          {"col_swing", "swing", "擺幅"},
          {"tail_effect", "tail effect", "尾端效應"},
          {"could_be_chance", "could be chance", "可能只是雜訊"},
          {"same_outcome", "(Every sample had the same outcome: no parameter changed it within these ranges.)\n",
           "（每個樣本的結果都相同，因此在這些範圍內沒有參數改變結果。）\n"},
          {"sobol", "Sobol indices of the deal indicator ({} A/B sample pairs):\n", "Sobol 指數（協議與否，{} 組 A/B 樣本）：\n"},
          {"col_first_order", "first order", "一階"},
          {"col_total", "total", "總效應"},
          {"sobol_unreliable",
           "(Not shown, unreliable: with P(deal) = {:.1f}% and {} A/B sample pairs the rarer outcome occurs about {:.1f} "
           "times (fewer than {:.0f}), so the indices would be noise. Raise --sobol-samples.)\n",
           "（不可靠，未列出：達成協議的機率為 {:.1f}%，{} 組 A/B 樣本中較少見的結果約只出現 {:.1f} 次（少於 {:.0f} 次），"
           "指數只是雜訊；請增加 --sobol-samples。）\n"},
      }};
  return t;
}

namespace {

constexpr std::size_t kListedPackages = 50;

// The message `key` in `lang`, formatted with `args`.
template <typename... Args>
std::string msg(const std::string& lang, std::string_view key, Args&&... args) {
  return fmt::format(fmt::runtime(sweep_messages()(key, lang)), std::forward<Args>(args)...);
}

// `key` + "_one" for a count of one, else `key` (English plurals; Chinese has one form).
template <typename N>
std::string counted(const std::string& lang, const std::string& key, N n) {
  return msg(lang, n == 1 ? key + "_one" : key, n);
}

double share(std::uint64_t k, std::uint64_t n) { return n ? static_cast<double>(k) / static_cast<double>(n) : 0.0; }

// P(deal) in bins [from, to) of a row's 5% bins; nullopt when they hold no sample.
std::optional<double> bin_share(const SensitivityRow& row, std::size_t from, std::size_t to) {
  std::uint64_t n = 0, d = 0;
  for (std::size_t b = from; b < to && b < row.bin_samples.size(); ++b) {
    n += row.bin_samples[b];
    d += row.bin_deals[b];
  }
  if (n == 0) return std::nullopt;
  return share(d, n);
}

json optional_json(std::optional<double> x) { return x ? json(round9(*x)) : json(nullptr); }

// A proportion as a percentage with one decimal that never rounds a non-zero value to 0.0 (or
// a value short of 1 to 100.0).
std::string percent(double x) {
  if (x > 0 && x < 0.0005) return "<0.1%";
  if (x < 1 && x > 0.9995) return ">99.9%";
  return fmt::format("{:.1f}%", 100 * x);
}

// Ten deciles as a sparkline: ▁ for P(deal) 0 up to █ for 1; · for a decile without samples.
std::string decile_sparkline(const SensitivityRow& row) {
  static const char* const kLevels[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
  std::string out;
  const std::size_t per = static_cast<std::size_t>(kDriverBins) / 10;
  for (std::size_t k = 0; k < 10; ++k) {
    std::optional<double> p = bin_share(row, k * per, (k + 1) * per);
    out += p ? kLevels[static_cast<int>(std::lround(*p * 7))] : "·";
  }
  return out;
}

}  // namespace

json sweep_json(const Scenario& s, const SweepResult& r, const RunInfo& info) {
  json j = run_header(s, info);
  j["seed"] = r.seed;
  j["samples"] = r.samples;
  j["samples_requested"] = r.samples_requested;
  j["partial"] = r.partial;
  json parties = json::array();
  for (int a : r.parties) parties.push_back(s.actors[a].id);
  j["parties"] = parties;
  json unc = json::array();
  for (const auto& u : r.uncertain)
    unc.push_back(json{{"parameter", u.path}, {"distribution", describe(u.dist)}, {"value", round9(u.value)},
                       {"p10", round9(u.p10)}, {"p90", round9(u.p90)}});
  j["uncertain"] = unc;
  j["deal"] = r.plan >= 0 ? "the plan is accepted by every party and self-enforcing"
                          : "the ZOPA (packages every party accepts and ratifies) is not empty";
  j["p_deal"] = round9(r.p_deal);
  j["p_deal_ci"] = json::array({round9(r.p_deal_ci.low), round9(r.p_deal_ci.high)});
  j["p_zopa"] = round9(share(r.zopa_deals, r.samples));
  j["mean_zopa_size"] = round9(r.mean_zopa_size);
  json nash = json::array();
  std::uint64_t listed = 0;
  for (std::size_t k = 0; k < r.nash.size() && k < kListedPackages; ++k) {
    nash.push_back(json{{"package", package_json(s, choice_of_index(s, r.nash[k].first))},
                        {"frequency", round9(share(r.nash[k].second, r.samples))},
                        {"samples", r.nash[k].second}});
    listed += r.nash[k].second;
  }
  j["nash_distribution"] = nash;
  j["nash_packages"] = r.nash.size();
  j["nash_unlisted_frequency"] = round9(share(r.zopa_deals - listed, r.samples));
  json eu = json::object();
  for (std::size_t p = 0; p < r.parties.size(); ++p) eu[s.actors[r.parties[p]].id] = round9(r.expected_utility[p]);
  j["expected_utility"] = eu;
  if (r.plan >= 0)
    j["plan"] = json{{"id", s.plans[r.plan].id},
                     {"p_accepted", round9(share(r.plan_accepted, r.samples))},
                     {"p_self_enforcing", round9(share(r.plan_self_enforcing, r.samples))}};
  else
    j["plan"] = nullptr;
  json sens = json::array();
  const std::size_t B = static_cast<std::size_t>(kDriverBins), per = B / 10;
  for (const auto& row : r.sensitivity) {
    const auto& u = r.uncertain[row.param];
    json deciles = json::array();
    for (std::size_t k = 0; k < 10; ++k) deciles.push_back(optional_json(bin_share(row, k * per, (k + 1) * per)));
    sens.push_back(json{{"parameter", u.path},
                        {"explained", round9(row.effect.explained)},
                        {"p_value", round9(row.effect.p_value)},
                        {"tail_effect", row.tail_effect},
                        {"p_deal_bottom_5pct", optional_json(bin_share(row, 0, 1))},
                        {"p_deal_by_decile", deciles},
                        {"p_deal_top_5pct", optional_json(bin_share(row, B - 1, B))},
                        {"low", round9(row.low)},
                        {"high", round9(row.high)},
                        {"swing", round9(row.swing)},
                        {"low_value", round9(u.p10)},
                        {"high_value", round9(u.p90)}});
  }
  j["sensitivity_ranking"] =
      "explained: the share of the variance of the deal explained by the parameter's 5% bin over the main samples "
      "(eta squared), largest first; p_value: its chi-square test; low/high/swing: the tornado";
  j["sensitivity_samples"] = r.sensitivity_samples;
  j["sensitivity"] = sens;
  json idx = json::array();
  for (const auto& row : r.sobol)
    idx.push_back(json{{"parameter", r.uncertain[row.param].path}, {"first_order", round9(row.first)},
                       {"total", round9(row.total)}});
  j["sobol"] = json{{"output", "deal (0/1)"}, {"estimator", "Saltelli et al. 2010 (first order), Jansen 1999 (total)"},
                    {"samples", r.sobol_samples}, {"variance", round9(r.sobol_variance)}, {"indices", idx},
                    {"reliable", r.sobol.empty() || sobol_reliable(r.sobol_samples, r.sobol_variance)}};
  // Every sample had the same outcome (p_deal 0 or 1): the drivers' effects and swings are all 0
  // because nothing changed, not because no parameter matters.
  j["drivers_all_zero"] = r.samples > 0 && (r.deals == 0 || r.deals == r.samples);
  return j;
}

std::string sweep_text(const Scenario& s, const SweepResult& r, const RunInfo& info) {
  const std::string& lang = info.lang;
  std::string out = fmt::format("parley {} · sweep · {} · {} · {} {}\n{}\n\n", kVersion, s.id, format_date(s.date),
                                msg(lang, "seed"), r.seed, pick(s.title, lang));
  if (r.partial && r.samples < r.samples_requested)
    out += msg(lang, "partial_samples", r.samples, r.samples_requested);
  else if (r.partial)
    out += msg(lang, "partial_drivers");
  out += msg(lang, "samples_over", counted(lang, "n_sample", r.samples), counted(lang, "n_uncertain", r.uncertain.size()));
  std::string what = r.plan >= 0 ? msg(lang, "what_plan", pick(s.plans[r.plan].name, lang, s.plans[r.plan].id)) : msg(lang, "what_deal");
  out += msg(lang, "p_deal", what, 100 * r.p_deal, 100 * r.p_deal_ci.low, 100 * r.p_deal_ci.high);
  if (r.plan >= 0)
    out += msg(lang, "plan_shares", pick(s.plans[r.plan].name, lang, s.plans[r.plan].id), percent(share(r.plan_accepted, r.samples)),
               percent(share(r.plan_self_enforcing, r.samples)), percent(r.p_deal));
  out += "\n";
  if (!r.nash.empty()) {
    out += msg(lang, "frequent_nash");
    TextTable t({msg(lang, "col_frequency"), msg(lang, "col_package")}, {TextTable::Align::right, TextTable::Align::left});
    for (std::size_t k = 0; k < r.nash.size() && k < 5; ++k)
      t.add_row({fmt::format("{:.1f}%", 100 * share(r.nash[k].second, r.samples)),
                 package_names(s, choice_of_index(s, r.nash[k].first), info.lang)});
    out += t.render() + "\n";
  }
  out += msg(lang, "expected_utility");
  for (std::size_t p = 0; p < r.parties.size(); ++p)
    out += fmt::format("{}{} {:.3f}", p ? msg(lang, "list_sep") : "", pick(s.actors[r.parties[p]].name, lang, s.actors[r.parties[p]].id),
                       r.expected_utility[p]);
  out += "\n\n";
  if (!r.sensitivity.empty()) {
    out += msg(lang, "drivers", r.samples, r.sensitivity_samples);
    std::vector<std::string> header;
    for (const char* k : {"col_parameter", "col_explained", "col_bottom", "col_deciles", "col_top", "col_at_p10", "col_at_p90", "col_swing"})
      header.push_back(msg(lang, k));
    header.push_back("");
    TextTable t(header,
                {TextTable::Align::left, TextTable::Align::right, TextTable::Align::right, TextTable::Align::left,
                 TextTable::Align::right, TextTable::Align::right, TextTable::Align::right, TextTable::Align::right,
                 TextTable::Align::left});
    const std::size_t B = static_cast<std::size_t>(kDriverBins);
    auto maybe = [](std::optional<double> p) { return p ? percent(*p) : std::string("–"); };
    for (const auto& row : r.sensitivity) {
      const double e = row.effect.explained;
      std::string explained = e > 0 && e < 0.0005 ? "<0.001" : fmt::format("{:.3f}", e);
      std::string swing = row.swing > 0 && row.swing < 0.0005 ? "<0.1" : fmt::format("{:.1f}", 100 * row.swing);
      std::string note = row.tail_effect ? msg(lang, "tail_effect") : !has_effect(row) ? msg(lang, "could_be_chance") : "";
      t.add_row({param_display_name(s, r.uncertain[row.param].path, lang), explained, maybe(bin_share(row, 0, 1)), decile_sparkline(row),
                 maybe(bin_share(row, B - 1, B)), percent(row.low), percent(row.high), swing, note});
    }
    out += t.render();
    if (r.deals == 0 || r.deals == r.samples) out += msg(lang, "same_outcome");
    out += "\n";
  }
  if (!r.sobol.empty()) {
    out += msg(lang, "sobol", r.sobol_samples);
    TextTable t({msg(lang, "col_parameter"), msg(lang, "col_first_order"), msg(lang, "col_total")},
                {TextTable::Align::left, TextTable::Align::right, TextTable::Align::right});
    for (const auto& row : r.sobol)
      t.add_row({param_display_name(s, r.uncertain[row.param].path, lang), fmt::format("{:.3f}", row.first), fmt::format("{:.3f}", row.total)});
    if (sobol_reliable(r.sobol_samples, r.sobol_variance)) {
      out += t.render();
    } else {
      const double p = r.samples ? static_cast<double>(r.deals) / static_cast<double>(r.samples) : 0;
      out += msg(lang, "sobol_unreliable", 100 * p, r.sobol_samples, static_cast<double>(r.sobol_samples) * r.sobol_variance,
                 kSobolMinOutcomes);
    }
  }
  return out;
}

}  // namespace parley
