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

namespace depeche::search {

struct Timeline {
    std::vector<MonthCount> months;  // first matching month to last, gaps filled with zeros
    std::size_t undated = 0;
    std::optional<Date> first_date;  // of the earliest and latest matching articles
    std::optional<Date> last_date;
};

// `docids`: the matching articles, ascending (matching_docids). Xapian exceptions pass
// through.
Timeline count_by_month(const Xapian::Database& database,
                        const std::vector<Xapian::docid>& docids);

}  // namespace depeche::search
