#pragma once
// Stage 2 of a search, count: how many articles match the whole query (every tier, reposts
// included), whatever page is asked for, so that every page of one query reports the same
// total. Later counting (a timeline per month, facets) attaches here, to the same pass.
#include <cstddef>

#include <xapian.h>

#include "search/deadline.hpp"
#include "search/plan.hpp"

namespace depeche::search {

// Matches a count checks at least, so that it is exact up to this many: Xapian's estimate from
// term statistics assumes words independent, and was off tenfold with a date filter ("macron"
// in 2019: about 58 for 1,290) and for words that go together. Counting skips the weights.
inline constexpr Xapian::doccount matches_checked = 1000;

struct MatchCount {
    std::size_t matching = 0;        // articles of every tier
    std::size_t with_all_words = 0;  // articles of tier 1
    // The deadline stopped the checking before matches_checked (or before every match, when
    // fewer): `matching` is Xapian's estimate from what it had seen.
    bool cut = false;
};

// With a deadline, Xapian stops checking matches when it passes (Enquire::set_time_limit with
// the time left); one that has passed already checks none (the estimate from term statistics
// alone).
MatchCount count_matches(const Xapian::Database& database, const SearchPlan& plan,
                         const Deadline& deadline = {});

}  // namespace depeche::search
