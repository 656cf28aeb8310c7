#pragma once
// Stage 5 of a search, snippets: for each result, the passage of its text that holds most of
// the query's words, and the ranges of its title to highlight, found with the same Analyzer
// that built the index (so "onu" highlights "l’ONU" as written).
#include <cstddef>
#include <vector>

#include "depeche/analyzer.hpp"
#include "search/page.hpp"
#include "search/query_parser.hpp"

namespace depeche::search {

// `database` gives the positions of the query's terms in each result, so that only the part
// of its text around them is analysed. Xapian exceptions pass through.
void add_snippets(const Xapian::Database& database, Analyzer& analyzer, const QueryPlan& query,
                  std::size_t snippet_bytes, std::vector<PageEntry>& page);

}  // namespace depeche::search
