#pragma once
// Part of stage 2, count (only with SearchRequest::timeline): every article matching the plan,
// counted per month of its date, exactly (every match is checked, not estimated), with the
// stories (versions of one story counted once: store/story_groups.hpp) and the rate per 1,000
// articles the index holds for that month.
#include <cstddef>
#include <optional>
#include <vector>

#include <xapian.h>

#include "depeche/search_results.hpp"
#include "search/deadline.hpp"

namespace depeche::search {

struct Timeline {
    std::vector<MonthCount> months;  // first matching month to last, gaps filled with zeros
    std::size_t undated = 0;
    std::optional<Date> first_date;  // of the earliest and latest matching articles
    std::optional<Date> last_date;
    // The articles counted (the months' counts and `undated` add up to it): all of `docids`
    // unless the deadline passed while their dates were read (then `cut`, and the first ones).
    std::size_t counted = 0;
    bool cut = false;
};

// `docids`: the matching articles, ascending (matching_docids). With a deadline, the reading
// of their dates stops when it passes. Xapian exceptions pass through.
Timeline count_by_month(const Xapian::Database& database,
                        const std::vector<Xapian::docid>& docids, const Deadline& deadline = {});

}  // namespace depeche::search
