#include "scenario/synthetic.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace parley {

std::uint64_t SplitMix64::next() {
  std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

double SplitMix64::uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

int SplitMix64::uniform_int(int lo, int hi) {
  auto span = static_cast<std::uint64_t>(hi - lo + 1);
  return lo + static_cast<int>(next() % span);
}

static Param param(double v, double lo, double hi) {
  Param p;
  p.value = v;
  p.lo = lo;
  p.hi = hi;
  return p;
}

Scenario synthetic_scenario(const SyntheticSpec& spec) {
  SplitMix64 rng(spec.seed);
  Scenario s;
  s.file = "<synthetic>";
  s.id = spec.boxes > 0 ? fmt::format("synthetic-p{}-i{}-k{}-b{}-s{}", spec.parties, spec.issues, spec.options,
                                      spec.boxes, spec.seed)
                        : fmt::format("synthetic-p{}-i{}-k{}-s{}", spec.parties, spec.issues, spec.options, spec.seed);
  s.title = {{"en", fmt::format("Synthetic: {} parties, {} issues x {} options", spec.parties, spec.issues, spec.options)},
             {"zh-TW", fmt::format("合成情境：{} 方、{} 議題、各 {} 選項", spec.parties, spec.issues, spec.options)}};
  s.date = *parse_date("2020-01-01");
  for (int p = 0; p < spec.parties; ++p) {
    Actor a;
    a.id = fmt::format("P{}", p + 1);
    a.name = {{"en", fmt::format("Party {}", p + 1)}, {"zh-TW", fmt::format("當事方{}", p + 1)}};
    a.role = Role::party;
    a.capability = param(50, 0, 100);
    s.actors.push_back(a);
  }
  for (int i = 0; i < spec.issues; ++i) {
    Issue is;
    is.id = fmt::format("i{}", i + 1);
    is.name = {{"en", fmt::format("Issue {}", i + 1)}, {"zh-TW", fmt::format("議題{}", i + 1)}};
    for (int k = 0; k < spec.options; ++k)
      {
      Option o;
      o.id = fmt::format("o{}", k + 1);
      o.name = {{"en", fmt::format("Option {}", k + 1)}};
      is.options.push_back(o);
    }
    s.issues.push_back(is);
  }
  for (int p = 0; p < spec.parties; ++p) {
    Preferences pref;
    pref.actor = p;
    pref.reservation = param(spec.reservation, 0, 1);
    if (spec.boxes > 0) {
      pref.has_boxes = true;
      double total = 0;
      for (int t = 0; t < spec.boxes; ++t) {
        Box b;
        b.id = fmt::format("b{}", t + 1);
        const int bounded = rng.uniform_int(1, std::min(4, spec.issues));
        std::vector<int> issues;
        while (static_cast<int>(issues.size()) < bounded) {
          const int i = rng.uniform_int(0, spec.issues - 1);
          if (std::find(issues.begin(), issues.end(), i) == issues.end()) issues.push_back(i);
        }
        std::sort(issues.begin(), issues.end());
        for (int i : issues) {
          int lo = rng.uniform_int(0, spec.options - 1), hi = rng.uniform_int(0, spec.options - 1);
          if (lo > hi) std::swap(lo, hi);
          Interaction::Condition c;
          c.issue = i;
          c.range = true;
          for (int o = lo; o <= hi; ++o) c.options.push_back(o);
          b.when.push_back(std::move(c));
        }
        b.value = param(rng.uniform_int(1, 100), -kMaxBoxNumber, kMaxBoxNumber);
        total += b.value.value;
        pref.boxes.terms.push_back(std::move(b));
      }
      pref.boxes.scale = param(total, kMinBoxScale, kMaxBoxNumber);
      pref.boxes.cap = param(1, -kMaxBoxNumber, kMaxBoxNumber);
      pref.boxes.has_cap = true;
      s.preferences.push_back(pref);
      continue;
    }
    for (int i = 0; i < spec.issues; ++i) {
      IssuePreference ip;
      ip.issue = i;
      ip.salience = param(rng.uniform_int(1, 10), 0, 1e6);
      for (int k = 0; k < spec.options; ++k) ip.scores.push_back(param(rng.uniform_int(0, 100), 0, 100));
      pref.issues.push_back(ip);
    }
    for (int t = 0; t < spec.interactions && spec.issues >= 2; ++t) {
      Interaction in;
      in.id = fmt::format("x{}", t + 1);
      int a = rng.uniform_int(0, spec.issues - 1);
      int b = rng.uniform_int(0, spec.issues - 2);
      if (b >= a) ++b;
      if (a > b) std::swap(a, b);
      in.when.push_back({a, {rng.uniform_int(0, spec.options - 1)}});
      in.when.push_back({b, {rng.uniform_int(0, spec.options - 1)}});
      in.bonus = param(std::round((rng.uniform() - 0.5) * 40) / 100, -1, 1);
      pref.interactions.push_back(in);
    }
    s.preferences.push_back(pref);
  }
  if (spec.commitments) {
    for (int i = 0; i < spec.issues; ++i) {
      Issue& is = s.issues[i];
      is.delivered_by = i % spec.parties;
      is.clawback = param(rng.uniform_int(0, 4) / 4.0, 0, 1);
      for (int k = 1; k < spec.options; ++k) {
        if (rng.uniform_int(0, 1) == 0) continue;
        is.options[k].commitment.has_verification = true;
        is.options[k].commitment.verification = param(rng.uniform_int(0, 10) / 10.0, 0, 1);
      }
    }
    if (spec.trust < 1)
      for (int i = 0; i < spec.parties; ++i)
        for (int j = 0; j < spec.parties; ++j) {
          if (i == j) continue;
          Trust t;
          t.actor = i;
          t.trustee = j;
          t.value = param(spec.trust, 0, 1);
          s.trust.push_back(t);
        }
  }
  return s;
}

}  // namespace parley
