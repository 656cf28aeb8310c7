#include "store/date_terms.hpp"

#include "store/schema.hpp"

namespace depeche::schema {
namespace {

// prefix + value, appended (`std::string(prefix) + value` made g++ 12 -O3 report a false
// -Wrestrict, GCC bug 105329).
std::string prefixed(std::string_view prefix, std::string_view value) {
    std::string term;
    term.reserve(prefix.size() + value.size());
    term.append(prefix).append(value);
    return term;
}

}  // namespace

std::string year_term(int year) {
    return prefixed(year_prefix, std::string_view(Date{year, 1, 1}.first_day_key()).substr(0, 4));
}

std::string month_term(int year, int month) {
    return prefixed(month_prefix,
                    std::string_view(Date{year, month, 1}.first_day_key()).substr(0, 6));
}

std::string day_term(const Date& day) { return prefixed(day_prefix, day.first_day_key()); }

std::vector<std::string> terms_for_article(const Date& date) {
    std::vector<std::string> terms = {year_term(date.year), month_term(date.year, date.month)};
    if (date.day != 0) terms.push_back(day_term(date));
    return terms;
}

std::string term_for_bound(const Date& bound) {
    if (bound.month == 0) return year_term(bound.year);
    if (bound.day == 0) return month_term(bound.year, bound.month);
    return day_term(bound);
}

std::vector<std::string> terms_between(const Date& since, const Date& until) {
    std::vector<std::string> terms;
    const int first_month = since.month == 0 ? 1 : since.month;
    const int last_month = until.month == 0 ? 12 : until.month;
    for (int year = since.year; year <= until.year; ++year) {
        const int from = year == since.year ? first_month : 1;
        const int to = year == until.year ? last_month : 12;
        if (from == 1 && to == 12) {
            terms.push_back(year_term(year));
            continue;
        }
        for (int month = from; month <= to; ++month) terms.push_back(month_term(year, month));
    }
    return terms;
}

}  // namespace depeche::schema
