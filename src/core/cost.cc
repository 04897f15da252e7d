#include "core/cost.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fmt/format.h>

#include "core/error.h"

namespace parley {

CostEstimate then(const CostEstimate& a, const CostEstimate& b) {
  CostEstimate e;
  e.seconds = a.seconds + b.seconds;
  e.bytes = std::max(a.bytes, b.bytes);
  e.what = a.what.empty() ? b.what : b.what.empty() ? a.what : a.what + "; then " + b.what;
  return e;
}

CostEstimate repeated(const CostEstimate& a, double n, const std::string& what) {
  CostEstimate e = a;
  e.seconds = a.seconds * n;
  e.what = what + " x (" + a.what + ")";
  return e;
}

double physical_memory() {
  long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
  if (pages <= 0 || size <= 0) return 0;
  return static_cast<double>(pages) * static_cast<double>(size);
}

double default_memory_budget() {
  double phys = physical_memory();
  if (phys <= 0) return 8.0 * (1 << 30);
  return std::max(phys / 2, 256.0 * (1 << 20));
}

std::string format_seconds(double s) {
  if (!std::isfinite(s)) return "forever";
  if (s < 1) return fmt::format("{:.2g} s", s);
  if (s < 120) return fmt::format("{:.0f} s", s);
  if (s < 7200) return fmt::format("{:.0f} min", s / 60);
  if (s < 2 * 86400) return fmt::format("{:.0f} h", s / 3600);
  if (s < 1e3 * 86400) return fmt::format("{:.0f} days", s / 86400);
  return fmt::format("{:.1e} years", s / (365.25 * 86400));
}

std::string format_bytes(double b) {
  if (!std::isfinite(b)) return "unbounded memory";
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  int u = 0;
  while (b >= 1024 && u < 6) {
    b /= 1024;
    ++u;
  }
  return u == 0 ? fmt::format("{:.0f} B", b) : fmt::format("{:.1f} {}", b, units[u]);
}

double parse_bytes(const std::string& text) {
  std::size_t pos = 0;
  double v = 0;
  try {
    v = std::stod(text, &pos);
  } catch (...) {
    return -1;
  }
  if (!std::isfinite(v) || v < 0) return -1;
  std::string rest = text.substr(pos);
  for (auto& c : rest) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (rest == "IB" || rest == "I") return -1;
  if (!rest.empty() && rest.back() == 'B') rest.pop_back();
  if (!rest.empty() && rest.back() == 'I') rest.pop_back();
  if (rest.empty()) return v;
  if (rest.size() != 1) return -1;
  switch (rest[0]) {
    case 'K': return v * 1024.0;
    case 'M': return v * 1024.0 * 1024;
    case 'G': return v * 1024.0 * 1024 * 1024;
    case 'T': return v * 1024.0 * 1024 * 1024 * 1024;
  }
  return -1;
}

void check_budget(const CostEstimate& e, const Budget& b) {
  const std::string est = fmt::format("estimated {} and {} ({})", format_seconds(e.seconds), format_bytes(e.bytes), e.what);
  const double phys = physical_memory();
  if (phys > 0 && e.bytes > phys)
    throw UsageError(fmt::format("{}: more memory than this machine has ({}); reduce the problem (see docs/budgets.md)",
                                 est, format_bytes(phys)));
  const double mem = b.bytes > 0 ? b.bytes : default_memory_budget();
  if (e.bytes > mem)
    throw UsageError(fmt::format("{}: beyond the memory budget of {}{}", est, format_bytes(mem),
                                 b.bytes_given ? "" : "; reduce the problem, or pass --budget-memory SIZE to allow more "
                                                      "(see docs/budgets.md)"));
  if (!(e.seconds <= b.seconds))
    throw UsageError(fmt::format("{}: beyond the time budget of {}{}", est, format_seconds(b.seconds),
                                 b.seconds_given ? "" : "; reduce the problem, or pass --budget-seconds S to allow more "
                                                        "(see docs/budgets.md)"));
}

}  // namespace parley
