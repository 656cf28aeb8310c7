#pragma once
// Stage 1 of a search, plan: the query text becomes the Xapian queries the later stages run.
//
//   plan ─▶ count (how many match) ─▶ match (the page: tiers, dates, sort, collapse)
//        ─▶ page (stored articles) ─▶ snippets ─▶ explain (on request) ─▶ suggest
//
// A search runs its tiers in order: every article of tier 1 ranks above every article of
// tier 2. Tier 1 holds the articles with every word; tier 2, when the query can be relaxed,
// those with some of them (and not all). Date bounds are applied to every query here, so the
// later stages need not know about them.
#include <cstddef>
#include <vector>

#include <xapian.h>

#include "depeche/search_request.hpp"
#include "depeche/status.hpp"
#include "search/query_parser.hpp"

namespace depeche::search {

struct Tier {
    Xapian::Query query;  // its articles, none of an earlier tier's
    bool all_words = true;
};

struct SearchPlan {
    QueryPlan query;          // the parsed query: words, highlight terms, variants searched
    std::vector<Tier> tiers;  // in rank order; at least one
    Xapian::Query matching;   // every article of every tier (what the count stage counts)
    bool date_filtered = false;
    SortOrder sort = SortOrder::relevance;
    Xapian::valueno collapse_slot = Xapian::BAD_VALUENO;  // one result per story by this key
};

// Parses `request.query` (asking the index through `expansions`) and adds the date bounds.
// invalid_argument for a malformed query; Xapian::DatabaseModifiedError from an expansion
// passes through (read_index retries).
Result<SearchPlan> plan_search(const SearchRequest& request, Analyzer& analyzer,
                               const QueryExpansions& expansions);

// The filter of the date bounds alone (MatchAll when there is none).
Xapian::Query date_filter(const SearchRequest& request);

}  // namespace depeche::search
