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

}  // namespace parley
