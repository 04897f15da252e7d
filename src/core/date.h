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

}  // namespace parley
