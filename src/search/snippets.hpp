#pragma once
// Stage 5 of a search, snippets: for each result, the passage of its text that holds most of
// the query's words, and the ranges of its title to highlight, found with the same Analyzer
// that built the index (so "onu" highlights "l’ONU" as written).
#include <cstddef>
#include <vector>

#include "depeche/analyzer.hpp"
#include "search/deadline.hpp"
#include "search/page.hpp"
#include "search/query_parser.hpp"

namespace depeche::search {

// `database` gives the positions of the query's terms in each result, so that only the part
// of its text around them is analysed. Once `deadline` has passed (read before each result),
// the results left get the lead of their text instead (its first `snippet_bytes`, cut at a
// word, without highlights: no position list is read, a few hundred bytes are analysed); their
// titles are still highlighted. Gives how many got a lead so. Xapian exceptions pass through.
std::size_t add_snippets(const Xapian::Database& database, Analyzer& analyzer,
                         const QueryPlan& query, std::size_t snippet_bytes,
                         std::vector<PageEntry>& page, const Deadline& deadline = {});

}  // namespace depeche::search
