#pragma once
// Part of stage 2, count, shared by the timeline and the names facet: every article matching
// the plan, and a walk over one value slot for a list of them.
#include <string>
#include <vector>

#include <xapian.h>

#include "search/plan.hpp"

namespace depeche::search {

// The docids of every article matching `plan.matching`, ascending: exact (every match is
// checked, no MSet is built). Xapian exceptions pass through.
std::vector<Xapian::docid> matching_docids(const Xapian::Database& database,
                                           const SearchPlan& plan);

// visit(index, value) with the value in `slot` of each of `docids` (ascending; "" when it has
// none), walking the slot's value stream once: several times faster than asking each document
// (Document::get_value seeks every time).
template <typename Visit>
void walk_values(const Xapian::Database& database, Xapian::valueno slot,
                 const std::vector<Xapian::docid>& docids, Visit visit) {
    Xapian::ValueIterator value = database.valuestream_begin(slot);
    const Xapian::ValueIterator end = database.valuestream_end(slot);
    for (std::size_t index = 0; index < docids.size(); ++index) {
        if (value != end && value.get_docid() < docids[index]) value.skip_to(docids[index]);
        visit(index, value != end && value.get_docid() == docids[index] ? *value : std::string());
    }
}

}  // namespace depeche::search
