// The cost model: before a command starts its work it estimates the time and memory that work
// needs from the sizes it will touch (packages, parties, half-table rows, samples, rounds,
// actors, stages), and refuses when the estimate is beyond the machine or beyond the budget.
// One mechanism for every command; the table of what each command estimates, its calibration
// and the default budget are in docs/budgets.md.
//
// Budget (defaults; the CLI's --budget-seconds and --budget-memory override them):
//   seconds  600 (10 minutes) of estimated wall time on one thread
//   bytes    half of the machine's physical memory (sysconf), at least 256 MiB
// An estimate above the machine's physical memory is refused whatever the budget: it would not
// finish (the kernel kills the process). Estimates are deliberately simple (a few calibrated
// constants per analysis, measured in docs/performance.md); they are meant to be right within a
// factor of a few, which is what a refusal needs.
#pragma once

#include <cstdint>
#include <string>

namespace parley {

struct CostEstimate {
  double seconds = 0;  // wall time on one thread
  double bytes = 0;    // peak resident memory of the process
  std::string what;    // the sizes it was computed from, e.g. "2.8e14 packages x 64 parties"
};

// Adds two estimates of work done one after the other (times add, memory takes the larger).
CostEstimate then(const CostEstimate& a, const CostEstimate& b);
// The same work repeated n times in sequence (memory unchanged).
CostEstimate repeated(const CostEstimate& a, double n, const std::string& what);

struct Budget {
  double seconds = 600;
  double bytes = 0;             // 0: default_memory_budget()
  bool seconds_given = false;   // set by a flag (the message then does not suggest it again)
  bool bytes_given = false;
};

// The machine's physical memory in bytes (sysconf), 0 when unknown.
double physical_memory();
// Half the physical memory, at least 256 MiB (8 GiB when the memory is unknown).
double default_memory_budget();

// Throws UsageError when the estimate exceeds the budget or the machine, with the estimate,
// the limit it exceeds and the flag that raises the limit (when it is only a safety margin).
void check_budget(const CostEstimate& e, const Budget& b);

// "2.3e+05 s (64 h)", "17.4 GB" etc.: readable sizes for messages.
std::string format_seconds(double s);
std::string format_bytes(double b);
// Parses a byte count with an optional suffix K, M, G, T (powers of 1024; an optional trailing
// B or iB); nullopt-like: returns a negative number when the text is not one.
double parse_bytes(const std::string& text);

}  // namespace parley
