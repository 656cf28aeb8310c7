#pragma once
// Part of stage 2, count, shared by the timeline and the names facet: every article matching
// the plan, and a walk over one value slot for a list of them.
#include <string>
#include <vector>

#include <xapian.h>

#include "search/deadline.hpp"
#include "search/plan.hpp"

namespace depeche::search {

// The docids of every article matching `plan.matching`, ascending: exact (every match is
// checked, no MSet is built). With a deadline, the match stops when it passes (checked every
// deadline_check_every candidates, the first included: one already passed finds none) and
// `*cut` is set: the docids are then those found until then. Xapian exceptions pass through.
std::vector<Xapian::docid> matching_docids(const Xapian::Database& database,
                                           const SearchPlan& plan, const Deadline& deadline = {},
                                           bool* cut = nullptr);

// visit(index, value) with the value in `slot` of each of `docids` (ascending; "" when it has
// none), walking the slot's value stream once: several times faster than asking each document
// (Document::get_value seeks every time). With a deadline, the walk stops when it passes
// (checked as matching_docids does). Gives how many of `docids` were visited (the first ones).
template <typename Visit>
std::size_t walk_values(const Xapian::Database& database, Xapian::valueno slot,
                        const std::vector<Xapian::docid>& docids, Visit visit,
                        const Deadline& deadline = {}) {
    Xapian::ValueIterator value = database.valuestream_begin(slot);
    const Xapian::ValueIterator end = database.valuestream_end(slot);
    DeadlineCheck check(deadline);
    for (std::size_t index = 0; index < docids.size(); ++index) {
        if (check.passed()) return index;
        if (value != end && value.get_docid() < docids[index]) value.skip_to(docids[index]);
        visit(index, value != end && value.get_docid() == docids[index] ? *value : std::string());
    }
    return docids.size();
}

}  // namespace depeche::search
