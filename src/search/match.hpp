#pragma once
// Stage 3 of a search, match: the page of results asked for, from the plan's tiers in order
// (every tier-1 result ranks above every tier-2 one), sorted by relevance or by date, with one
// result per story (the collapse): articles sharing the plan's collapse key are folded into
// the best-ranked one, which counts them. Pages of one query never repeat or skip a result:
// a later tier is asked for results only once the earlier ones are exhausted, from the exact
// number of results they had.
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include <xapian.h>

#include "search/plan.hpp"

namespace depeche::search {

struct Match {
    Xapian::Document document;
    double weight = 0;          // the relevance weight (also when sorted by date)
    std::size_t collapsed = 0;  // other matches of the same story, folded into this one
    std::size_t tier = 0;       // index into plan.tiers
    // The ids of the story's other versions (search/versions.hpp), earliest first; empty for
    // an article that is no other's version.
    std::vector<std::string> versions;
};

// Results [offset, offset + limit) of the whole ranking.
std::vector<Match> match_page(const Xapian::Database& database, const SearchPlan& plan,
                              std::size_t offset, std::size_t limit);

// Every result of the ranking, in order, handed to `visit` `chunk` at a time (the last chunk
// may be shorter); stops when `visit` returns false. Each tier's ranking is held (docids and
// weights), its documents are read chunk by chunk.
void match_each(const Xapian::Database& database, const SearchPlan& plan, std::size_t chunk,
                const std::function<bool(std::vector<Match>&)>& visit);

}  // namespace depeche::search
