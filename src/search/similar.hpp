#pragma once
// The plan of `similar` (Index::similar): instead of parsing a query, the article's most
// distinctive terms (Xapian's ESet over a relevance set of the article alone) become the one
// tier's query, without the article's own story. The later stages run as for a search.
#include <xapian.h>

#include "depeche/search_request.hpp"
#include "depeche/status.hpp"
#include "search/plan.hpp"

namespace depeche::search {

// Terms taken from the article.
inline constexpr Xapian::termcount similar_terms = 40;

// not_found when no article has request.id; Xapian exceptions pass through.
Result<SearchPlan> plan_similar(const Xapian::Database& database, const SimilarRequest& request);

}  // namespace depeche::search
