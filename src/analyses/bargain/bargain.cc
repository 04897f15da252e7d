#include "analyses/bargain/bargain.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "analyses/deal_space/deal_space.h"
#include "analyses/deal_space/deal_space_internal.h"
#include "analyses/timeline/timeline.h"
#include "model/reservations.h"
#include "scenario/distribution.h"
#include "scenario/params.h"

namespace parley {

namespace {

// The signature: every number of the compiled model that decides utilities and verdicts at
// home, but not the parties' own reservations (those are read each round without re-evaluating
// the packages).
// Writes the signature into `sig` in place and says whether any number differs from the one it
// held (no allocation once sized).
bool update_signature(const CompiledModel& m, std::vector<double>& sig) {
  std::size_t i = 0;
  bool changed = false;
  auto put = [&](double v) {
    if (i < sig.size()) {
      if (!(sig[i] == v)) {
        sig[i] = v;
        changed = true;
      }
    } else {
      sig.push_back(v);
      changed = true;
    }
    ++i;
  };
  for (std::size_t f = 0; f < m.utilities.size(); ++f) {
    const UtilityFn& u = m.utilities[f];
    put(u.unit);
    bool party = std::find(m.parties.begin(), m.parties.end(), static_cast<int>(f)) != m.parties.end();
    if (!party) put(u.reservation);
    for (const auto& row : u.value)
      for (double v : row) put(v);
    for (const auto& in : u.interactions) put(in.bonus);
    for (const auto& bx : u.boxes) {  // box terms (scenario-format.md, boxes): values and caps
      put(bx.cap);
      for (const auto& b : bx.boxes) put(b.value);
    }
  }
  for (const auto& r : m.ratification) {
    put(r.active);
    put(r.threshold);
    put(r.cost);
    for (double w : r.weight) put(w);
    for (double pen : r.penalty) put(pen);
  }
  if (i != sig.size()) {
    sig.resize(i);
    changed = true;
  }
  return changed;
}

// Each utility function's numbers block by block (the blocks of issues that interactions, boxes
// and requirements link), tabulated over the block's own options once per evaluation, so that a
// package's utility is a sum of one table entry per block, added in block order as
// CompiledModel::utility adds block_utility (the same numbers, bit for bit). Blocks with more
// than kMaxBlockRows combinations are not tabulated (evaluated per package instead). The tables
// are reused across dates and runs: no allocation once sized.
constexpr std::uint64_t kMaxBlockRows = 4096;

struct BlockTables {
  std::vector<std::vector<std::uint64_t>> stride;  // [block][position in block]: stride in its rows
  std::vector<std::uint64_t> rows;                 // [block]: combinations, 0 when not tabulated
  std::vector<std::vector<double>> value, broken;  // [fn · blocks + block][row]
  Choice y;
  std::vector<std::uint64_t> row;                  // [block]: the current package's row
  std::vector<char> same;                          // [fn]: its tables equal the last build's
  std::vector<std::vector<double>> units, broken_of;  // [fn][package]: evaluate_all's last values

  void build(const CompiledModel& m, const std::vector<int>& fns, bool requirements) {
    const std::size_t B = m.blocks.size();
    stride.resize(B);
    rows.assign(B, 0);
    for (std::size_t b = 0; b < B; ++b) {
      const auto& issues = m.blocks[b];
      stride[b].assign(issues.size(), 1);
      std::uint64_t n = 1;
      for (std::size_t q = issues.size(); q-- > 0;) {
        stride[b][q] = n;
        n *= static_cast<std::uint64_t>(m.n_options[static_cast<std::size_t>(issues[q])]);
        if (n > kMaxBlockRows) break;
      }
      rows[b] = n > kMaxBlockRows ? 0 : n;
    }
    value.resize(m.utilities.size() * B);
    broken.resize(m.utilities.size() * B);
    same.assign(m.utilities.size(), 0);
    y.assign(m.n_options.size(), 0);
    row.assign(B, 0);
    for (int f : fns) {
      // Unchanged since the last build when every block is tabulated and every entry is equal.
      bool equal = true;
      for (std::size_t b = 0; b < B; ++b) {
        if (rows[b] == 0) {
          equal = false;
          continue;
        }
        auto& v = value[static_cast<std::size_t>(f) * B + b];
        auto& k = broken[static_cast<std::size_t>(f) * B + b];
        const std::size_t kr = requirements ? rows[b] : 0;
        if (v.size() != rows[b] || k.size() != kr) equal = false;
        v.resize(rows[b]);
        k.resize(kr);
        const auto& issues = m.blocks[b];
        for (int i : issues) y[static_cast<std::size_t>(i)] = 0;
        for (std::uint64_t r = 0; r < rows[b]; ++r) {
          const double nv = m.block_utility(f, static_cast<int>(b), y);
          if (!(v[r] == nv) || std::signbit(v[r]) != std::signbit(nv)) equal = false, v[r] = nv;
          if (requirements) {
            const double nk = m.block_broken(f, static_cast<int>(b), y);
            if (k[r] != nk) equal = false, k[r] = nk;
          }
          for (std::size_t q = issues.size(); q-- > 0;) {  // next row (last issue fastest)
            auto& o = y[static_cast<std::size_t>(issues[q])];
            if (++o < m.n_options[static_cast<std::size_t>(issues[q])]) break;
            o = 0;
          }
        }
      }
      same[static_cast<std::size_t>(f)] = equal;
    }
  }
  // Per block, the row of each package of a chunk of consecutive packages (kChunk at most),
  // and the accumulators of a column: filled per chunk, kept while the whole space is one chunk.
  static constexpr std::uint64_t kChunk = 4096;
  std::vector<std::vector<std::uint32_t>> chunk_row;  // [block][package in the chunk]
  std::uint64_t chunk_start = ~0ULL, chunk_size = 0;
  std::vector<std::vector<std::uint64_t>> chunk_stride;  // the strides the chunk's rows were made with
  std::vector<double> acc, acc_broken;

  bool all_tabulated() const {
    for (std::uint64_t r : rows)
      if (r == 0) return false;
    return true;
  }
  // The rows of packages [start, start + size) (every block tabulated).
  void locate_chunk(const CompiledModel& m, std::uint64_t start, std::uint64_t size) {
    if (chunk_start == start && chunk_size == size && chunk_stride == stride) return;
    const std::size_t B = rows.size();
    chunk_row.resize(B);
    for (auto& r : chunk_row) r.resize(size);
    Choice x = m.choice_of(start);
    for (std::uint64_t k = 0; k < size; ++k) {
      for (std::size_t b = 0; b < B; ++b) {
        std::uint64_t r = 0;
        const auto& issues = m.blocks[b];
        for (std::size_t q = 0; q < issues.size(); ++q) r += static_cast<std::uint64_t>(x[static_cast<std::size_t>(issues[q])]) * stride[b][q];
        chunk_row[b][k] = static_cast<std::uint32_t>(r);
      }
      for (std::size_t i = x.size(); i-- > 0;) {  // next package (last issue fastest)
        if (++x[i] < m.n_options[i]) break;
        x[i] = 0;
      }
    }
    chunk_start = start;
    chunk_size = size;
    chunk_stride = stride;
  }
  // Function f's values (and counts of broken requirements when `broken_out`) of the packages
  // of the located chunk, into out[0..size): per package the blocks' entries added in block
  // order from 0, as utility() adds them (the same numbers, bit for bit), one block at a time
  // over the chunk.
  void fill_chunk(int f, double* out, double* broken_out) {
    const std::size_t B = rows.size();
    const std::uint64_t n = chunk_size;
    std::fill(out, out + n, 0.0);
    for (std::size_t b = 0; b < B; ++b) {
      const double* v = value[static_cast<std::size_t>(f) * B + b].data();
      const std::uint32_t* r = chunk_row[b].data();
      for (std::uint64_t k = 0; k < n; ++k) out[k] += v[r[k]];
    }
    if (!broken_out) return;
    std::fill(broken_out, broken_out + n, 0.0);  // small integers: exact in any order
    for (std::size_t b = 0; b < B; ++b) {
      const double* v = broken[static_cast<std::size_t>(f) * B + b].data();
      const std::uint32_t* r = chunk_row[b].data();
      for (std::uint64_t k = 0; k < n; ++k) broken_out[k] += v[r[k]];
    }
  }

  // The rows of package x, once per package.
  void locate(const CompiledModel& m, const Choice& x) {
    for (std::size_t b = 0; b < rows.size(); ++b) {
      if (rows[b] == 0) continue;
      std::uint64_t r = 0;
      const auto& issues = m.blocks[b];
      for (std::size_t q = 0; q < issues.size(); ++q) r += static_cast<std::uint64_t>(x[static_cast<std::size_t>(issues[q])]) * stride[b][q];
      row[b] = r;
    }
  }
  // CompiledModel::utility(f, x) of the located package.
  double utility(const CompiledModel& m, int f, const Choice& x) const {
    const std::size_t B = rows.size();
    double sum = 0;
    for (std::size_t b = 0; b < B; ++b)
      sum += rows[b] ? value[static_cast<std::size_t>(f) * B + b][row[b]] : m.block_utility(f, static_cast<int>(b), x);
    return sum;
  }
  // broken_requirements(f, x).size() of the located package (requirements tabulated).
  int broken_count(const CompiledModel& m, int f, const Choice& x) const {
    const std::size_t B = rows.size();
    int n = 0;
    for (std::size_t b = 0; b < B; ++b)
      n += rows[b] ? static_cast<int>(broken[static_cast<std::size_t>(f) * B + b][row[b]]) : m.block_broken(f, static_cast<int>(b), x);
    return n;
  }
};

// Fills utilities and verdicts at home for every package (package index order). `reference`:
// through evaluate_package, the deal space's full evaluation (the check of fresh_every_round);
// else the same numbers from the utility functions' block tables and party_verdict, without
// allocating per package.
void evaluate_all(const CompiledModel& m, ProcessState& st, BlockTables& tab, bool reference = false,
                  const CancelToken* cancel = nullptr) {
  const std::size_t n = m.parties.size(), F = m.utilities.size();
  const std::uint64_t total = st.packages;
  // Reused across dates and runs: sized once.
  st.utility.resize(n);
  for (auto& u : st.utility) u.resize(total);
  const bool full = m.has_ratification() || m.has_requirements();
  const bool requirements = m.has_requirements();
  st.home_ok.resize(n);
  for (auto& h : st.home_ok) h.assign(full ? total : 0, 0);
  std::vector<double> units(F), broken(F, 0.0);
  // party_verdict reads the party's and its constituents' values only.
  std::vector<int> read;
  for (std::size_t p = 0; p < n; ++p) {
    read.push_back(m.parties[p]);
    if (full) read.insert(read.end(), m.ratification[p].constituents.begin(), m.ratification[p].constituents.end());
  }
  std::sort(read.begin(), read.end());
  read.erase(std::unique(read.begin(), read.end()), read.end());
  tab.build(m, read, full && requirements);
  // Per utility function read, its value and count of broken requirements per package, kept from
  // the last evaluation and reused when the function's tables did not change.
  auto& st_units = tab.units;
  auto& st_broken = tab.broken_of;
  st_units.resize(F);
  st_broken.resize(F);
  std::vector<char> reuse(F, 0);
  for (int f : read) {
    const auto fi = static_cast<std::size_t>(f);
    reuse[fi] = !reference && tab.same[fi] && st_units[fi].size() == total && st_broken[fi].size() == (requirements ? total : 0);
    st_units[fi].resize(total);
    st_broken[fi].resize(requirements ? total : 0);
  }
  // Every block tabulated (and no reference check): each function's values are filled column
  // by column, a chunk of packages at a time, before the verdicts.
  const bool columns = !reference && tab.all_tabulated();
  if (columns) {
    for (std::uint64_t start = 0; start < total; start += BlockTables::kChunk) {
      if (cancel && cancel->cancelled()) throw AnalysisError("the bargaining was cancelled");
      const std::uint64_t size = std::min(BlockTables::kChunk, total - start);
      bool located = false;
      for (int f : read) {
        const auto fi = static_cast<std::size_t>(f);
        if (reuse[fi]) continue;
        if (!located) tab.locate_chunk(m, start, size), located = true;
        tab.fill_chunk(f, st_units[fi].data() + start, requirements ? st_broken[fi].data() + start : nullptr);
      }
    }
    for (int f : read) reuse[static_cast<std::size_t>(f)] = 1;  // filled: read them below
  }
  Choice x(m.n_options.size(), 0);
  for (std::uint64_t k = 0; k < total; ++k) {
    if ((k & 0xFFFF) == 0 && cancel && cancel->cancelled()) throw AnalysisError("the bargaining was cancelled");
    if (columns) {
      if (!full) {
        for (std::size_t p = 0; p < n; ++p)
          st.utility[p][k] = m.utilities[m.parties[p]].to_utility(st_units[static_cast<std::size_t>(m.parties[p])][k]);
        continue;
      }
    } else {
      tab.locate(m, x);
    }
    if (full && reference) {
      PackageValue v = evaluate_package(m, x);
      for (std::size_t p = 0; p < n; ++p) {
        st.utility[p][k] = v.effective[p];
        // Under an audience-cost rule `ratified` also compares the effective utility with the
        // party's own reservation, which the process reads at every round: at home, only a veto
        // blocks.
        const CompiledRatification& r = m.ratification[p];
        const bool audience = r.active && r.rule == Ratification::Rule::audience_cost;
        st.home_ok[p][k] = (audience || v.ratified[p]) && !v.vetoed[p] && v.broken[m.parties[p]].empty();
      }
    } else if (full) {
      for (int f : read) {
        const auto fi = static_cast<std::size_t>(f);
        if (reuse[fi]) {
          units[fi] = st_units[fi][k];
          if (requirements) broken[fi] = st_broken[fi][k];
          continue;
        }
        units[fi] = st_units[fi][k] = tab.utility(m, f, x);
        if (requirements) broken[fi] = st_broken[fi][k] = static_cast<double>(tab.broken_count(m, f, x));
      }
      for (std::size_t p = 0; p < n; ++p) {
        const deal_space_detail::PartyVerdict pv = deal_space_detail::party_verdict(m, p, units.data(), broken.data());
        st.utility[p][k] = m.utilities[m.parties[p]].to_utility(pv.effective);
        // A veto, as evaluate_package: a constituent below its reservation with a veto, or one
        // breaking a requirement of its own.
        const CompiledRatification& r = m.ratification[p];
        bool vetoed = false;
        for (std::size_t c = 0; c < r.constituents.size() && !vetoed; ++c) {
          const int f = r.constituents[c];
          const bool breaks = broken[static_cast<std::size_t>(f)] > 0;
          if (units[static_cast<std::size_t>(f)] >= m.utilities[f].reservation && !breaks) continue;
          vetoed = r.veto[c] || breaks;
        }
        const bool audience = r.active && r.rule == Ratification::Rule::audience_cost;
        st.home_ok[p][k] = (audience || pv.ratified) && !(r.active && vetoed) && broken[static_cast<std::size_t>(m.parties[p])] == 0;
      }
    } else {
      for (std::size_t p = 0; p < n; ++p) {
        const UtilityFn& u = m.utilities[m.parties[p]];
        st.utility[p][k] = u.to_utility(tab.utility(m, m.parties[p], x));
      }
    }
    // next package (last issue fastest: the canonical index order)
    for (std::size_t i = x.size(); i-- > 0 && !columns;) {
      if (++x[i] < m.n_options[i]) break;
      x[i] = 0;
    }
  }
  if (reference)  // the kept values were not filled: never reuse them
    for (auto& v : st_units) v.clear();
}

void reservations(const CompiledModel& m, std::vector<double>& r) {
  r.clear();
  for (int f : m.parties) r.push_back(m.utilities[f].to_utility(m.utilities[f].reservation));
}

std::vector<double> reservations(const CompiledModel& m) {
  std::vector<double> r;
  reservations(m, r);
  return r;
}

// The mediated protocol's mediator: the named one, else the first actor with role mediator,
// else a neutral one; its bias over the parties (normalised, equal when it gives none) and
// whether it observes reservations (scenario `mediation`, docs/mediate.md).
void configure_mediator(const Scenario& s, const std::string& id, BargainResult& res, MediatorSetup& ms) {
  int med = -1;
  if (!id.empty()) {
    med = s.actor_index(id);
    if (med < 0 || s.actors[med].role != Role::mediator) {
      std::string list;
      for (const auto& a : s.actors)
        if (a.role == Role::mediator) list += (list.empty() ? "" : ", ") + a.id;
      throw UsageError(fmt::format("--mediator '{}' is not a mediator of the scenario; its mediators are: {}", id,
                                   list.empty() ? "none" : list));
    }
  }
  for (std::size_t a = 0; a < s.actors.size() && med < 0 && id.empty(); ++a)
    if (s.actors[a].role == Role::mediator) med = static_cast<int>(a);
  res.mediator = med;
  const Mediation* md = med >= 0 ? s.mediation_of(med) : nullptr;
  const std::size_t np = res.parties.size();
  res.bias.assign(np, !md || md->bias.empty() ? 1.0 : 0.0);
  if (md)
    for (const auto& [actor, w] : md->bias)
      for (std::size_t p = 0; p < np; ++p)
        if (res.parties[p].actor == actor) res.bias[p] = w.value;
  double tot = 0;
  for (double b : res.bias) tot += b;
  if (tot <= 0) res.bias.assign(np, 1.0), tot = static_cast<double>(np);
  for (double& b : res.bias) b /= tot;
  res.observes_reservations = !md || md->observes_reservations;
  ms.bias = res.bias;
  ms.observes_reservations = res.observes_reservations;
  ms.n_options.clear();
  for (const auto& issue : s.issues) ms.n_options.push_back(static_cast<int>(issue.options.size()));
  ms.start = 0;
}

// The utility function of `m` whose reservation parameter `p` is (its actor's own reservation,
// or the level or effect of a patron's support of the actor), −1 when it is another number.
int reservation_owner(const Scenario& s, const CompiledModel& m, const Param* p) {
  for (std::size_t f = 0; f < m.utilities.size(); ++f) {
    const int a = m.utilities[f].actor;
    const Preferences* pref = s.preferences_of(a);
    bool own = pref && &pref->reservation == p;
    for (const auto& sp : s.support)
      own = own || (sp.party == a && (&sp.level == p || &sp.effect == p));
    if (own) return static_cast<int>(f);
  }
  return -1;
}

struct ProgramRef {
  ChangeProgram program;
};

// The run's header (dates, parties, tactics, deadlines, beliefs) and the process's setup.
void prepare(const Scenario& base, const BargainOptions& opt, BargainResult& res, ProcessSetup& setup) {
  res.protocol = opt.protocol;
  res.seed = opt.seed;
  res.step = opt.step;
  res.from = opt.from.value_or(base.date);
  if (opt.to) {
    res.to = *opt.to;
  } else if (!base.deadlines.empty()) {
    res.to = base.deadlines.front().date;
    for (const auto& d : base.deadlines) res.to = std::max(res.to, d.date);
  } else {
    res.to = add_months(res.from, 12);
  }
  if (res.to < res.from)
    throw UsageError(fmt::format("--to {} is before --from {}", format_date(res.to), format_date(res.from)));
  res.dates = timeline_dates(res.from, res.to, opt.step);
  validate_what_if(base, opt.what_if);

  const std::vector<int> party_actors = base.parties();
  if (party_actors.size() < 2)
    throw AnalysisError(fmt::format("scenario '{}' has {} part{}; the process needs at least two", base.id,
                                    party_actors.size(), party_actors.size() == 1 ? "y" : "ies"));
  for (const auto& [id, spec] : opt.tactics) {
    int a = base.actor_index(id);
    if (a < 0 || base.actors[a].role != Role::party) {
      std::string ids;
      for (int p : party_actors) ids += (ids.empty() ? "" : ", ") + base.actors[p].id;
      throw UsageError(fmt::format("--tactic {}=...: '{}' is not a party of the scenario; expected one of: {}", id, id, ids));
    }
  }
  std::vector<Diagnostic> problems;
  setup.protocol = opt.protocol;
  setup.rounds = static_cast<int>(res.dates.size());
  for (Date d : res.dates) setup.day.push_back(d.days - res.dates.front().days);
  for (int a : party_actors) {
    const Actor& actor = base.actors[a];
    BargainParty bp;
    bp.actor = a;
    if (auto it = opt.tactics.find(actor.id); it != opt.tactics.end()) {
      bp.tactic = it->second;
      bp.tactic_from = "flag";
    } else if (!actor.tactic.empty()) {
      bp.tactic_from = "scenario";
      try {
        bp.tactic = parse_tactic(actor.tactic);
      } catch (const UsageError& e) {
        problems.push_back({actor.tactic_loc, e.what()});
      }
    } else {
      bp.tactic = TacticSpec{"linear", {}};
      bp.tactic_from = "default";
    }
    bp.deadline_date = res.to;
    ProcessParty pp;
    pp.id = actor.id;
    pp.tactic = bp.tactic;
    if (!actor.deadline.empty()) {
      auto d = std::find_if(base.deadlines.begin(), base.deadlines.end(), [&](const Deadline& x) { return x.id == actor.deadline; });
      if (d == base.deadlines.end()) {
        problems.push_back({actor.deadline_loc, fmt::format("deadline '{}' of party '{}' is not a deadline of the scenario",
                                                            actor.deadline, actor.id)});
      } else {
        bp.deadline = d->id;
        bp.deadline_date = d->date;
      }
    }
    // The last round on or before the deadline (the first round when the deadline is earlier).
    int last = 0;
    for (std::size_t k = 0; k < res.dates.size(); ++k)
      if (res.dates[k] <= bp.deadline_date) last = static_cast<int>(k);
    pp.deadline_round = last;
    pp.deadline_day = bp.deadline_date.days - res.dates.front().days;
    // A deadline after the horizon: the party's clock runs past it (τ < 1 at the last round).
    if (bp.deadline_date > res.to) {
      pp.deadline_round = -1;
      pp.walk_after_deadline = false;
    }
    pp.beliefs.resize(party_actors.size());
    bp.beliefs_from = "default";
    for (std::size_t j = 0; j < party_actors.size(); ++j) {
      if (party_actors[j] == a) continue;
      auto own = std::find_if(actor.beliefs.begin(), actor.beliefs.end(),
                              [&](const Actor::Belief& b) { return b.about == party_actors[j]; });
      if (own != actor.beliefs.end()) {
        const Distribution d = own->dist;
        pp.beliefs[j] = belief_values([&](double q) { return quantile(d, q, 0, 1); });
        bp.beliefs_from = "scenario";
      } else if (const Preferences* pr = base.preferences_of(party_actors[j]); pr && pr->fallback < 0 && pr->reservation.dist) {
        const Param& r = pr->reservation;
        pp.beliefs[j] = belief_values([&](double q) { return quantile(*r.dist, q, r.lo, r.hi); });
        if (bp.beliefs_from == "default") bp.beliefs_from = "distribution";
      }
    }
    res.parties.push_back(bp);
    setup.parties.push_back(std::move(pp));
  }
  if (!problems.empty()) throw InputError(problems);
  if (!opt.first.empty()) {
    auto it = std::find_if(res.parties.begin(), res.parties.end(), [&](const BargainParty& p) { return base.actors[p.actor].id == opt.first; });
    if (it == res.parties.end()) {
      std::string ids;
      for (int p : party_actors) ids += (ids.empty() ? "" : ", ") + base.actors[p].id;
      throw UsageError(fmt::format("--first '{}' is not a party of the scenario; expected one of: {}", opt.first, ids));
    }
    res.first = static_cast<int>(it - res.parties.begin());
  }
  setup.first = res.first;
  if (opt.protocol == Protocol::mediated) {
    configure_mediator(base, opt.mediator, res, setup.mediator);
  } else if (!opt.mediator.empty()) {
    throw UsageError(fmt::format("--mediator '{}' needs --protocol mediated", opt.mediator));
  }
  // The calendar's scheduled changes: rounds whose deadlines' effects differ from the round
  // before (events are news, not schedule: they do not count).
  std::vector<std::vector<double>> effects;
  for (Date d : res.dates) {
    std::vector<double> f;
    for (const auto& dl : base.deadlines) f.push_back(deadline_effect(dl, d));
    effects.push_back(std::move(f));
  }
  setup.next_change.assign(res.dates.size(), static_cast<int>(res.dates.size()));
  for (std::size_t k = res.dates.size(); k-- > 0;)
    if (k + 1 < res.dates.size())
      setup.next_change[k] = effects[k + 1] != effects[k] ? static_cast<int>(k + 1) : setup.next_change[k + 1];
}

bool same_program(const ChangeProgram& a, const ChangeProgram& b) {
  if (a.slots != b.slots || a.steps.size() != b.steps.size()) return false;
  for (std::size_t k = 0; k < a.steps.size(); ++k) {
    const ChangeStep &x = a.steps[k], &y = b.steps[k];
    if (x.op != y.op || x.param != y.param || x.amount != y.amount || x.factor != y.factor || x.slot != y.slot ||
        x.from_slot != y.from_slot)
      return false;
  }
  return true;
}

}  // namespace

struct BargainSession::Impl {
  const Scenario& base;
  BargainOptions opt;
  BargainResult header;
  ProcessSetup setup;
  // The scenario is copied once with the what-if's overrides (and dropped requirements) but no
  // dated change; each date restores the touched parameters to these values and applies its
  // changes.
  Scenario work;
  std::vector<ParamRef> refs;
  std::vector<int> varied;             // list_params indices
  std::vector<ProgramRef> programs;    // distinct consecutive programs of the dates
  std::vector<int> round_program;      // per round: index into programs
  std::vector<int> touched;            // parameters any program or a varied value changes
  std::vector<double> restore_value;   // per touched parameter: its value before the dates' changes
  std::vector<double> compiled_value;  // per touched parameter: its value in the compiled model
  std::vector<std::vector<int>> readers;  // per touched parameter: the utility functions reading it
  std::vector<char> fn_dirty;          // per utility function: reads a parameter that changed
  std::vector<int> dirty;              // the utility functions to recompile at this date
  // Per touched parameter: the utility function whose reservation it is (its actor's own, or a
  // patron's support of it), −1 for any other number. A date that changes only such parameters
  // rewrites those reservations alone (ReservationRecompiler) unless a scale could move.
  std::vector<int> reservation_fn;
  std::vector<int> reservation_dirty;  // the utility functions whose reservations changed
  std::unique_ptr<ReservationRecompiler> reservations_only;
  std::vector<char> is_party_fn;       // per utility function: a party's
  BlockTables tables;                  // evaluate_all's block tables, reused
  std::vector<double> slots, sig;
  std::optional<CompiledModel> model;
  ProcessState state;
  int current_program = -1;            // the program the state was built with in this run
  ProcessOutcome outcome;
  ProcessScratch scratch;              // the process's tactics and buffers, reused by every run
  const CancelToken* cancel = nullptr;  // of the run now (run_bargain's); checked per round

  Impl(const Scenario& b, const BargainOptions& o) : base(b), opt(o) {}

  const ProcessState& state_at(int k) {
    if (cancel && cancel->cancelled()) {
      // The state may be half evaluated: the next run starts from a fresh evaluation.
      current_program = -1;
      sig.clear();
      throw AnalysisError("the bargaining was cancelled");
    }
    if (opt.fresh_every_round) {
      WhatIf w = opt.what_if;
      w.at = header.dates[k];
      w.without_requirements.clear();  // already dropped from work
      model = compile(apply_what_if(work, w));  // work: the base with the values set
      state.packages = model->package_count();
      evaluate_all(*model, state, tables, true, cancel);
      ++state.version;
      state.reservation = reservations(*model);
      return state;
    }
    const int prog = round_program[k];
    if (prog == current_program) return state;
    current_program = prog;
    for (std::size_t t = 0; t < touched.size(); ++t) refs[touched[t]].param->value = restore_value[t];
    apply_changes(programs[prog].program, refs, slots);
    bool changed = !model, only_reservations = true;
    std::fill(fn_dirty.begin(), fn_dirty.end(), 0);
    reservation_dirty.clear();
    for (std::size_t t = 0; t < touched.size(); ++t)
      if (refs[touched[t]].param->value != compiled_value[t]) {
        compiled_value[t] = refs[touched[t]].param->value;
        changed = true;
        if (model) {
          for (int f : readers[t]) fn_dirty[static_cast<std::size_t>(f)] = 1;
          if (reservation_fn[t] < 0) only_reservations = false;
          else reservation_dirty.push_back(reservation_fn[t]);
        }
      }
    if (!changed) return state;
    if (!model) {
      CompileOptions co;
      co.keep_zero_terms = true;
      model = compile(work, co);
      std::uint64_t count = model->package_count();
      if (count > (1ULL << 32))
        throw AnalysisError(fmt::format("the deal space has {} packages; the process lists at most 2^32", count));
      state.packages = count;
      // Per touched parameter, the utility functions reading it: a date recompiles only those
      // of the parameters whose values changed.
      for (int t : touched) readers.push_back(utilities_reading(work, *model, {refs[t].param}));
      fn_dirty.assign(model->utilities.size(), 0);
      for (int t : touched) reservation_fn.push_back(reservation_owner(work, *model, refs[t].param));
      reservations_only = std::make_unique<ReservationRecompiler>(work);
      is_party_fn.assign(model->utilities.size(), 0);
      for (int f : model->parties) is_party_fn[static_cast<std::size_t>(f)] = 1;
      reservations_only->snapshot(*model);
    } else if (only_reservations && reservations_only->update(*model, reservation_dirty)) {
      // Only reservations moved: the signature (which leaves out the parties' own) can change
      // only when a reservation of another utility function (a constituent's) did.
      bool others = false;
      for (int f : reservation_dirty) others = others || !is_party_fn[static_cast<std::size_t>(f)];
      if (!others && !state.utility.empty()) {
        reservations(*model, state.reservation);
        return state;
      }
    } else {
      dirty.clear();
      for (std::size_t f = 0; f < fn_dirty.size(); ++f)
        if (fn_dirty[f]) dirty.push_back(static_cast<int>(f));
      recompile(work, *model, dirty);
      reservations_only->snapshot(*model);
    }
    const CompiledModel& m = *model;
    if (update_signature(m, sig) || state.utility.empty()) {
      try {
        evaluate_all(m, state, tables, false, cancel);
      } catch (...) {
        // Half evaluated: the next run evaluates again, and reuses none of the kept values.
        sig.clear();
        for (auto& v : tables.units) v.clear();
        throw;
      }
      ++state.version;
    }
    reservations(m, state.reservation);
    return state;
  }
};

BargainSession::BargainSession(const Scenario& base, const BargainOptions& opt, const std::vector<std::string>& varied)
    : impl_(std::make_unique<Impl>(base, opt)) {
  Impl& I = *impl_;
  prepare(base, opt, I.header, I.setup);
  WhatIf undated = opt.what_if;
  undated.at = Date{std::numeric_limits<int>::min() / 2};  // before every event and deadline
  I.work = apply_what_if(base, undated);
  I.work.date = I.header.from;
  I.refs = list_params(I.work);
  for (const auto& path : varied) {
    auto it = std::find_if(I.refs.begin(), I.refs.end(), [&](const ParamRef& r) { return r.path == path; });
    if (it == I.refs.end()) throw UsageError(fmt::format("'{}' is not a parameter of the scenario", path));
    I.varied.push_back(static_cast<int>(it - I.refs.begin()));
  }
  if (opt.fresh_every_round) return;
  // The dates' programs: consecutive dates with the same changes share one.
  DatedChanges changes(I.work, opt.what_if);
  const bool dated = !I.work.events.empty() || !I.work.deadlines.empty();
  for (std::size_t k = 0; k < I.header.dates.size(); ++k) {
    ChangeProgram p = dated ? changes.at(I.header.dates[k]) : ChangeProgram{};
    if (I.programs.empty() || !same_program(I.programs.back().program, p)) I.programs.push_back({std::move(p)});
    I.round_program.push_back(static_cast<int>(I.programs.size()) - 1);
  }
  for (const auto& p : I.programs) {
    auto t = p.program.touched();
    I.touched.insert(I.touched.end(), t.begin(), t.end());
  }
  I.touched.insert(I.touched.end(), I.varied.begin(), I.varied.end());
  std::sort(I.touched.begin(), I.touched.end());
  I.touched.erase(std::unique(I.touched.begin(), I.touched.end()), I.touched.end());
  for (int t : I.touched) I.restore_value.push_back(I.refs[t].param->value);
  I.compiled_value = I.restore_value;
}

BargainSession::~BargainSession() = default;

void BargainSession::set_values(const std::vector<double>& values) {
  Impl& I = *impl_;
  PARLEY_CHECK(values.size() == I.varied.size());
  for (std::size_t v = 0; v < values.size(); ++v) {
    auto it = std::lower_bound(I.touched.begin(), I.touched.end(), I.varied[v]);
    if (it != I.touched.end() && *it == I.varied[v]) I.restore_value[static_cast<std::size_t>(it - I.touched.begin())] = values[v];
    else I.refs[I.varied[v]].param->value = values[v];  // fresh_every_round: no touched list
  }
  I.current_program = -1;
}

const BargainResult& BargainSession::header() const { return impl_->header; }

std::size_t BargainSession::changing_dates() const {
  return impl_->opt.fresh_every_round ? impl_->header.dates.size() : impl_->programs.size();
}

Choice BargainSession::choice_of(std::uint64_t package) const {
  const Impl& I = *impl_;
  if (I.model) return I.model->choice_of(package);
  return compile(I.work).choice_of(package);
}

const ProcessOutcome& BargainSession::run_outcome() {
  Impl& I = *impl_;
  I.current_program = -1;
  I.setup.keep_trace = false;
  I.outcome = run_process(I.setup, [&](int k) -> const ProcessState& { return I.state_at(k); }, &I.scratch);
  return I.outcome;
}

BargainResult BargainSession::run(bool details, const CancelToken* cancel) {
  Impl& I = *impl_;
  I.cancel = cancel;
  I.current_program = -1;
  I.setup.keep_trace = details;
  BargainResult res = I.header;
  res.outcome = run_process(I.setup, [&](int k) -> const ProcessState& { return I.state_at(k); }, &I.scratch);
  res.reservations_at_end = I.state.reservation;
  if (!details) return res;
  const CompiledModel& model = *I.model;
  for (const auto& o : res.outcome.trace) res.packages.push_back(model.choice_of(o.package));
  if (res.outcome.kind == ProcessOutcome::Kind::agreement) {
    // The state of the agreement's round is the current one (the process stopped there).
    Measures ms = measure(I.state);
    if (ms.nash) {
      res.nash_utilities = ms.nash_utilities;
      res.distance_to_nash = distance_to(res.outcome.utilities, ms.nash_utilities);
    }
    res.distance_to_pareto = distance_to_frontier(res.outcome.utilities, ms);
    for (std::size_t p = 0; p < res.parties.size(); ++p)
      res.concessions.push_back(std::isnan(res.outcome.opening[p]) ? 0 : res.outcome.opening[p] - res.outcome.utilities[p]);
  }
  return res;
}

BargainResult run_bargain(const Scenario& base, const BargainOptions& opt, const CancelToken* cancel) {
  BargainSession session(base, opt);
  return session.run(true, cancel);
}

}  // namespace parley
