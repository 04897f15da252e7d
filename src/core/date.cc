#include "core/date.h"

#include <algorithm>
#include <chrono>
#include <fmt/format.h>

namespace parley {

std::optional<Date> parse_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto digits = [&](std::size_t from, std::size_t n, int& out) {
    out = 0;
    for (std::size_t i = from; i < from + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      out = out * 10 + (s[i] - '0');
    }
    return true;
  };
  int y = 0, m = 0, d = 0;
  if (!digits(0, 4, y) || !digits(5, 2, m) || !digits(8, 2, d)) return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                                  std::chrono::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return Date{static_cast<int>(std::chrono::sys_days{ymd}.time_since_epoch().count())};
}

std::string format_date(Date d) {
  std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{d.days}}};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

Date add_months(Date d, int months) {
  std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{d.days}}};
  int total = static_cast<int>(ymd.year()) * 12 + static_cast<int>(static_cast<unsigned>(ymd.month())) - 1 + months;
  std::chrono::year y{total / 12};
  std::chrono::month m{static_cast<unsigned>(total % 12 + 1)};
  auto last = std::chrono::year_month_day_last{y, std::chrono::month_day_last{m}}.day();
  std::chrono::day day = std::min(ymd.day(), last);
  return Date{static_cast<int>(std::chrono::sys_days{std::chrono::year_month_day{y, m, day}}.time_since_epoch().count())};
}

std::optional<DateStep> parse_step(std::string_view text) {
  if (text.size() < 2) return std::nullopt;
  char unit = text.back();
  if (unit != 'd' && unit != 'w' && unit != 'm') return std::nullopt;
  int n = 0;
  for (char c : text.substr(0, text.size() - 1)) {
    if (c < '0' || c > '9' || n > 100000) return std::nullopt;
    n = n * 10 + (c - '0');
  }
  if (n <= 0) return std::nullopt;
  return DateStep{n, unit};
}

Date advance(Date d, const DateStep& step) {
  switch (step.unit) {
    case 'w': return Date{d.days + 7 * step.count};
    case 'm': return add_months(d, step.count);
    default: return Date{d.days + step.count};
  }
}

std::optional<Duration> parse_duration(std::string_view text) {
  if (text.size() < 2) return std::nullopt;
  char unit = text.back();
  if (unit != 'd' && unit != 'w' && unit != 'm' && unit != 'y') return std::nullopt;
  int n = 0;
  for (char c : text.substr(0, text.size() - 1)) {
    if (c < '0' || c > '9' || n > 10000) return std::nullopt;
    n = n * 10 + (c - '0');
  }
  if (n <= 0 || n > 100000) return std::nullopt;
  return Duration{n, unit};
}

std::string format_duration(Duration d) { return fmt::format("{}{}", d.count, d.unit); }

Date add_duration(Date d, Duration span) {
  switch (span.unit) {
    case 'w': return Date{d.days + 7 * span.count};
    case 'm': return add_months(d, span.count);
    case 'y': return add_months(d, 12 * span.count);
    default: return Date{d.days + span.count};
  }
}

double duration_ratio(Duration part, Duration whole) {
  auto months = [](Duration x) { return x.unit == 'y' ? 12.0 * x.count : static_cast<double>(x.count); };
  auto days = [&](Duration x) {
    switch (x.unit) {
      case 'w': return 7.0 * x.count;
      case 'm':
      case 'y': return months(x) * 365.2425 / 12;
      default: return static_cast<double>(x.count);
    }
  };
  auto calendar = [](Duration x) { return x.unit == 'm' || x.unit == 'y'; };
  if (calendar(part) && calendar(whole)) return months(part) / months(whole);
  return days(part) / days(whole);
}

}  // namespace parley
