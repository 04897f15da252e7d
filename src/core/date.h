// Calendar dates (proleptic Gregorian, no time of day) as a day count, parsed from YYYY-MM-DD.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace parley {

struct Date {
  int days = 0;  // days since 1970-01-01
  auto operator<=>(const Date&) const = default;
};

// Parses exactly YYYY-MM-DD with a valid month and day; nullopt otherwise.
std::optional<Date> parse_date(std::string_view text);
std::string format_date(Date d);

// Adds calendar months, clamping the day to the end of the month (2020-01-31 + 1 month = 2020-02-29).
Date add_months(Date d, int months);

// A step between dates: N days, weeks or calendar months, written "Nd", "Nw" or "Nm".
struct DateStep {
  int count = 1;
  char unit = 'd';
};
std::optional<DateStep> parse_step(std::string_view text);
Date advance(Date d, const DateStep& step);

// A span of time as a scenario writes it: N days, weeks, calendar months or years ("90d", "2w",
// "36m", "2y"); N from 1 to 100000.
struct Duration {
  int count = 1;
  char unit = 'd';  // 'd', 'w', 'm' or 'y'
};
std::optional<Duration> parse_duration(std::string_view text);
std::string format_duration(Duration d);
// The date `d` plus the duration (calendar months and years, as add_months).
Date add_duration(Date d, Duration span);
// part / whole. In months when both are given in months or years (36m / 10y = 0.3 exactly),
// else in days, a month counting 365.2425 / 12 days and a year 365.2425 (the Gregorian mean).
double duration_ratio(Duration part, Duration whole);

}  // namespace parley
