#pragma once
// Stage 6 of a search, explain (only when SearchRequest::explain): for each result, what each
// scored part of the query (QueryPlan::scored_parts) adds to its score, which of its terms the
// article holds, and whether in the title or the text. For debugging the ranking, and for a
// user who wants to know why an article came first.
#include <vector>

#include <xapian.h>

#include "search/page.hpp"
#include "search/query_parser.hpp"

namespace depeche::search {

// Each part is weighed alone on the one article, with the weighting the match stage uses, so
// the weights of the parts (and the bonus) add up to the result's score; a term repeated in
// two parts makes the sum differ a little (Xapian counts it once, with a higher query
// frequency). Xapian exceptions pass through.
void add_explanations(const Xapian::Database& database, const QueryPlan& query,
                      std::vector<PageEntry>& page);

}  // namespace depeche::search
