#pragma once
// The date terms and value keys of the schema (store/schema.hpp), built in one place for the
// document builder, the query parser (date:) and the date filter of searches, so that they
// cannot drift apart. Years are always four digits ("Y0999"), as in the day keys.
#include <string>
#include <vector>

#include "depeche/date.hpp"

namespace depeche::schema {

// "Y2020": every dated article in 2020.
std::string year_term(int year);
// "M202002": every article dated in February 2020 (to the day or to the month).
std::string month_term(int year, int month);
// "D20200216": articles dated on that day (only articles dated to the day have one).
std::string day_term(const Date& day);

// The boolean terms an article dated `date` gets: year, month, and day when it has one.
std::vector<std::string> terms_for_article(const Date& date);

// The one term of a `date:` bound: a year-only bound ("2020") gives its year term, a month
// ("2020-02") its month term, a day its day term.
std::string term_for_bound(const Date& bound);

// The month and year terms covering every month from `since` to `until` (a year whose every
// month is covered is one year term). Empty when `until` is before `since`.
std::vector<std::string> terms_between(const Date& since, const Date& until);

}  // namespace depeche::schema
