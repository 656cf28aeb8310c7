#include "depeche/date.hpp"

#include <charconv>
#include <cstdio>

namespace depeche {
namespace {

bool parse_digits(std::string_view text, std::size_t count, int* value) {
    if (text.size() != count) return false;
    for (char c : text) {
        if (c < '0' || c > '9') return false;
    }
    std::from_chars(text.data(), text.data() + text.size(), *value);
    return true;
}

// Parses "YYYY", "YYYY-MM" or "YYYY-MM-DD"; checks month and day ranges.
std::optional<Date> parse(std::string_view text, bool allow_year_only) {
    Date date;
    if (!parse_digits(text.substr(0, 4), 4, &date.year)) return std::nullopt;
    if (text.size() == 4) return allow_year_only ? std::optional<Date>(date) : std::nullopt;
    if (text.size() != 7 && text.size() != 10) return std::nullopt;
    if (text[4] != '-' || !parse_digits(text.substr(5, 2), 2, &date.month)) return std::nullopt;
    if (date.month < 1 || date.month > 12) return std::nullopt;
    if (text.size() == 10) {
        if (text[7] != '-' || !parse_digits(text.substr(8, 2), 2, &date.day)) return std::nullopt;
        if (date.day < 1 || date.day > days_in_month(date.year, date.month)) return std::nullopt;
    }
    return date;
}

}  // namespace

int days_in_month(int year, int month) {
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (month == 2 && leap) return 29;
    return days[month - 1];
}

std::optional<Date> Date::parse_article_date(std::string_view text) { return parse(text, false); }
std::optional<Date> Date::parse_bound(std::string_view text) { return parse(text, true); }

std::string Date::to_string() const {
    char buffer[16];
    if (month == 0) {
        std::snprintf(buffer, sizeof buffer, "%04d", year);
    } else if (day == 0) {
        std::snprintf(buffer, sizeof buffer, "%04d-%02d", year, month);
    } else {
        std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
    }
    return buffer;
}

std::string Date::first_day_key() const {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d%02d%02d", year, month == 0 ? 1 : month,
                  day == 0 ? 1 : day);
    return buffer;
}

std::string Date::last_day_key() const {
    const int last_month = month == 0 ? 12 : month;
    const int last_day = day == 0 ? days_in_month(year, last_month) : day;
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d%02d%02d", year, last_month, last_day);
    return buffer;
}

std::vector<std::string> months_between(std::string_view first, std::string_view last) {
    std::vector<std::string> months;
    const std::optional<Date> from = Date::parse_article_date(first);
    const std::optional<Date> to = Date::parse_article_date(last);
    if (!from || !to || from->day != 0 || to->day != 0) return months;
    const int end = to->year * 12 + (to->month - 1);
    for (int at = from->year * 12 + (from->month - 1); at <= end; ++at) {
        months.push_back(Date{at / 12, at % 12 + 1, 0}.to_string());
    }
    return months;
}

}  // namespace depeche
