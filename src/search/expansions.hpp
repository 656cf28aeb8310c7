#pragma once
// What the query parser may ask the index (search/query_parser.hpp, QueryExpansions): the
// spelling variant of a rare word and the words a prefix* stands for. Both read the index's
// lexicon. Xapian exceptions pass through (read_index handles them).
#include <string>

#include <xapian.h>

#include "depeche/analyzer.hpp"
#include "search/lexicon_reader.hpp"
#include "search/query_parser.hpp"

namespace depeche::search {

// A typed word in fewer articles than this is also searched under a spelling found in at least
// `variant_frequency_ratio` times more articles (and at least `min_variant_articles`).
inline constexpr Xapian::doccount rare_word_articles = 5;
inline constexpr Xapian::doccount variant_frequency_ratio = 3;
inline constexpr Xapian::doccount min_variant_articles = 3;
// prefix* searches the stems of at most this many words (the most frequent) starting with it.
inline constexpr std::size_t max_prefix_words = 200;

// The lexicon's nearest word to a folded word, with an edit distance that suits its length:
// one edit for short words (two would turn "foo" into "croo"), two from 6 letters on. "" when
// there is none.
std::string spelling_for(const Xapian::Database& database, LexiconReader& lexicon,
                         const std::string& folded);

// The expansions backed by `database`, `analyzer` and `lexicon`, which must outlive the
// result.
QueryExpansions index_expansions(const Xapian::Database& database, Analyzer& analyzer,
                                 LexiconReader& lexicon);

}  // namespace depeche::search
