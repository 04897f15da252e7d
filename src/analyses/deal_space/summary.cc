#include "analyses/deal_space/summary.h"

#include <algorithm>

#include "analyses/deal_space/deal_space_internal.h"

namespace parley {

using namespace deal_space_detail;

DealSummarizer::DealSummarizer(const CompiledModel& m) : F_(m.utilities.size()), P_(m.parties.size()) {
  for (const auto& issues : m.blocks) {
    Block b;
    b.issues = issues;
    b.rows = 1;
    for (int i : issues) b.rows *= static_cast<std::size_t>(m.n_options[i]);
    // Rows in lexicographic order of the block's options (first issue most significant).
    std::vector<int> x(issues.size(), 0);
    for (std::size_t r = 0; r < b.rows; ++r) {
      std::uint64_t idx = 0;
      for (std::size_t k = 0; k < issues.size(); ++k) {
        b.option.push_back(x[k]);
        idx += static_cast<std::uint64_t>(x[k]) * m.stride[issues[k]];
      }
      b.index.push_back(idx);
      for (std::size_t k = issues.size(); k-- > 0;) {
        if (++x[k] < m.n_options[issues[k]]) break;
        x[k] = 0;
      }
    }
    b.table.assign(b.rows * F_, 0.0);
    blocks_.push_back(std::move(b));
  }
  // Requirements are structural (no parameter changes them): counted once per block row.
  requirements_ = m.has_requirements();
  if (requirements_) {
    Choice x(m.n_options.size(), 0);
    for (std::size_t bi = 0; bi < blocks_.size(); ++bi) {
      Block& b = blocks_[bi];
      b.broken.assign(b.rows * F_, 0.0);
      for (std::size_t r = 0; r < b.rows; ++r) {
        for (std::size_t k = 0; k < b.issues.size(); ++k) x[b.issues[k]] = b.option[r * b.issues.size() + k];
        for (std::size_t f = 0; f < F_; ++f)
          b.broken[r * F_ + f] = m.block_broken(static_cast<int>(f), static_cast<int>(bi), x);
      }
    }
    partial_broken_.assign((blocks_.size() + 1) * F_, 0.0);
    br_.assign(F_, 0.0);
  }
  for (std::size_t f = 0; f < F_; ++f) {
    const auto& ins = m.utilities[f].interactions;
    for (std::size_t k = 0; k < ins.size(); ++k) {
      Term t;
      t.fn = static_cast<int>(f);
      t.interaction = static_cast<int>(k);
      int first = ins[k].when.front().first;
      for (std::size_t b = 0; b < blocks_.size(); ++b)
        if (std::binary_search(blocks_[b].issues.begin(), blocks_[b].issues.end(), first)) t.block = static_cast<int>(b);
      const Block& b = blocks_[t.block];
      for (std::size_t r = 0; r < b.rows; ++r) {
        bool holds = true;
        for (const auto& [issue, mask] : ins[k].when) {
          auto pos = std::find(b.issues.begin(), b.issues.end(), issue) - b.issues.begin();
          if (!((mask >> b.option[r * b.issues.size() + pos]) & 1u)) holds = false;
        }
        if (holds) t.rows.push_back(static_cast<std::uint32_t>(r));
      }
      terms_.push_back(std::move(t));
    }
  }
  box_refs_.resize(blocks_.size());
  auto block_of = [&](int issue) {
    for (std::size_t b = 0; b < blocks_.size(); ++b)
      if (std::binary_search(blocks_[b].issues.begin(), blocks_[b].issues.end(), issue)) return b;
    return std::size_t{0};
  };
  for (std::size_t f = 0; f < F_; ++f) {
    const auto& groups = m.utilities[f].boxes;
    for (std::size_t g = 0; g < groups.size(); ++g) {
      if (groups[g].joint()) {
        box_refs_[block_of(groups[g].anchor())].push_back({static_cast<int>(f), static_cast<int>(g), -1});
        continue;
      }
      for (std::size_t k = 0; k < groups[g].boxes.size(); ++k)
        box_refs_[block_of(groups[g].anchor(k))].push_back({static_cast<int>(f), static_cast<int>(g), static_cast<int>(k)});
    }
  }
  x_.assign(m.n_options.size(), 0);
  partial_.assign((blocks_.size() + 1) * F_, 0.0);
  v_.assign(F_, 0.0);
  gains_.assign(P_, 0.0);
  eff_.assign(P_, 0.0);
  d_.assign(P_, 0.0);
  row_.assign(blocks_.size(), 0);
  pidx_.assign(blocks_.size(), 0);
  out_.nash_effective.assign(P_, 0.0);
}

const DealSummary& DealSummarizer::run(const CompiledModel& m) {
  // Block tables: option values plus the interactions that hold.
  for (Block& b : blocks_) {
    const std::size_t K = b.issues.size();
    for (std::size_t r = 0; r < b.rows; ++r)
      for (std::size_t f = 0; f < F_; ++f) {
        double sum = 0;
        const auto& value = m.utilities[f].value;
        for (std::size_t k = 0; k < K; ++k) sum += value[b.issues[k]][b.option[r * K + k]];
        b.table[r * F_ + f] = sum;
      }
  }
  for (const Term& t : terms_) {
    double bonus = m.utilities[t.fn].interactions[t.interaction].bonus;
    Block& b = blocks_[t.block];
    for (std::uint32_t r : t.rows) b.table[r * F_ + t.fn] += bonus;
  }
  for (std::size_t bi = 0; bi < blocks_.size(); ++bi) {
    if (box_refs_[bi].empty()) continue;
    Block& b = blocks_[bi];
    const std::size_t K = b.issues.size();
    for (std::size_t r = 0; r < b.rows; ++r) {
      for (std::size_t k = 0; k < K; ++k) x_[b.issues[k]] = b.option[r * K + k];
      for (const BoxRef& ref : box_refs_[bi]) {
        const CompiledBoxes& g = m.utilities[ref.fn].boxes[ref.group];
        b.table[r * F_ + ref.fn] += ref.box < 0                  ? g.value(x_)
                                    : g.boxes[ref.box].holds(x_) ? g.boxes[ref.box].value
                                                                 : 0.0;
      }
    }
  }

  std::vector<double>& d = d_;
  for (std::size_t p = 0; p < P_; ++p) d[p] = m.utilities[m.parties[p]].reservation;
  const Exactness exact = exactness_of(m);
  Best nash;
  LogFloor nash_floor(nash.floor());
  out_.zopa_size = 0;
  out_.nash = DealSummary::kNone;

  const std::size_t B = blocks_.size();
  if (B == 0) return out_;
  // Odometer over blocks 0..B-2 with running sums; the innermost loop runs over block B-1.
  std::vector<std::size_t>& row = row_;
  std::vector<std::uint64_t>& pidx = pidx_;
  std::fill(row.begin(), row.end(), 0);
  std::fill(pidx.begin(), pidx.end(), 0);
  auto refresh = [&](std::size_t from) {  // partial sums of levels from+1 .. B-1
    for (std::size_t l = from; l + 1 < B; ++l) {
      const double* prev = &partial_[l * F_];
      const double* t = &blocks_[l].table[row[l] * F_];
      double* next = &partial_[(l + 1) * F_];
      for (std::size_t f = 0; f < F_; ++f) next[f] = prev[f] + t[f];
      if (requirements_) {
        const double* pb = &partial_broken_[l * F_];
        const double* tb = &blocks_[l].broken[row[l] * F_];
        double* nb = &partial_broken_[(l + 1) * F_];
        for (std::size_t f = 0; f < F_; ++f) nb[f] = pb[f] + tb[f];
      }
      pidx[l + 1] = pidx[l] + blocks_[l].index[row[l]];
    }
  };
  std::fill(partial_.begin(), partial_.begin() + static_cast<std::ptrdiff_t>(F_), 0.0);
  refresh(0);
  const Block& inner = blocks_[B - 1];
  for (;;) {
    const double* base = &partial_[(B - 1) * F_];
    for (std::size_t j = 0; j < inner.rows; ++j) {
      const double* t = &inner.table[j * F_];
      for (std::size_t f = 0; f < F_; ++f) v_[f] = base[f] + t[f];
      if (requirements_) {
        const double* pb = &partial_broken_[(B - 1) * F_];
        const double* tb = &inner.broken[j * F_];
        for (std::size_t f = 0; f < F_; ++f) br_[f] = pb[f] + tb[f];
      }
      bool all = true;
      LogProduct prod;  // the Nash product
      for (std::size_t p = 0; p < P_ && all; ++p) {
        PartyVerdict pv = party_verdict(m, p, v_.data(), requirements_ ? br_.data() : nullptr);
        all = pv.accepted;
        eff_[p] = pv.effective;
        gains_[p] = std::max(0.0, pv.effective - d[p]);
        prod.times(gains_[p]);
      }
      if (!all) continue;
      ++out_.zopa_size;
      if (!nash_floor.below(prod)) {
        std::uint64_t index = pidx[B - 1] + inner.index[j];
        Best cand = make_best(prod.log(), index, gains_.data(), exact);
        if (cand.better_than(nash)) {
          nash = std::move(cand);
          nash_floor = LogFloor(nash.floor());
          for (std::size_t p = 0; p < P_; ++p)
            out_.nash_effective[p] = m.utilities[m.parties[p]].to_utility(eff_[p]);
        }
      }
    }
    // Advance the odometer over the outer blocks.
    std::size_t l = B - 1;
    while (l > 0) {
      --l;
      if (++row[l] < blocks_[l].rows) break;
      row[l] = 0;
      if (l == 0) {
        l = B;  // wrapped around: done
        break;
      }
    }
    if (l == B || B == 1) break;
    refresh(l);
  }
  if (out_.zopa_size > 0) out_.nash = nash.index;
  return out_;
}

}  // namespace parley
