#pragma once
// Stage 6 of a search, suggest: when a query finds little, the same query with its rare words
// respelled as the index's lexicon has them ("Did you mean").
#include <optional>
#include <string>

#include <xapian.h>

#include "search/count.hpp"
#include "search/lexicon_reader.hpp"
#include "search/query_parser.hpp"

namespace depeche::search {

// Suggest a spelling below this many matching articles, or when no article has every word.
inline constexpr std::size_t suggestion_threshold = 3;

std::optional<std::string> suggest_spelling(const Xapian::Database& database,
                                            LexiconReader& lexicon, const std::string& query_text,
                                            const QueryPlan& query, const MatchCount& count);

}  // namespace depeche::search
