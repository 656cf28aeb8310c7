#pragma once
// Calendar dates as articles carry them: a year and month, and a day when the source gives one.
#include <optional>
#include <string>
#include <vector>
#include <string_view>

namespace depeche {

struct Date {
    int year = 0;
    int month = 0;  // 1..12
    int day = 0;    // 1..31, or 0 when the source gives only the month

    // Parses "YYYY-MM" or "YYYY-MM-DD" (a real calendar day). Anything else: nullopt.
    static std::optional<Date> parse_article_date(std::string_view text);
    // Parses "YYYY", "YYYY-MM" or "YYYY-MM-DD" as a filter bound; a year-only bound has month 0.
    static std::optional<Date> parse_bound(std::string_view text);

    // "YYYY-MM" or "YYYY-MM-DD" (or "YYYY" for a year-only bound).
    std::string to_string() const;
    // First and last calendar day covered, as sortable "YYYYMMDD" strings.
    std::string first_day_key() const;
    std::string last_day_key() const;

    bool operator==(const Date&) const = default;
};

int days_in_month(int year, int month);

// Every month from `first` to `last`, both "YYYY-MM", inclusive, as "YYYY-MM"; empty when
// either is malformed or `last` is before `first`.
std::vector<std::string> months_between(std::string_view first, std::string_view last);

}  // namespace depeche
