#pragma once
// What the query parser may ask the index (search/query_parser.hpp, QueryExpansions): names
// and their spellings (search/names.hpp), the capitalised forms of common words, the
// respelling of words the index lacks and the words a prefix* stands for. All read the index's
// lexicon. Xapian exceptions pass through (read_index handles them).
#include <string>

#include <xapian.h>

#include "depeche/analyzer.hpp"
#include "search/lexicon_reader.hpp"
#include "search/names.hpp"
#include "search/query_parser.hpp"

namespace depeche::search {

// A typed word the index does not hold at all (no term, no lexicon entry) of at least
// `min_respelled_letters` letters is also searched under its nearest spelling in the lexicon
// when that one is in at least `min_variant_articles` articles ("retraittes" -> "retraites").
// A word the index holds is never respelled: a rare word is what the user wanted ("micron" is
// not "omicron"), and a name's spellings come from the name model (search/names.hpp). Shorter
// words are only suggested ("paty": Did you mean "party"), since one edit of four letters is
// another word more often than a typo.
inline constexpr std::size_t min_respelled_letters = 5;
inline constexpr Xapian::doccount min_variant_articles = 3;
// prefix* searches the stems of at most this many words (the most frequent) starting with it.
inline constexpr std::size_t max_prefix_words = 200;

// The lexicon's nearest word to a folded word, with an edit distance that suits its length:
// one edit for short words (two would turn "foo" into "croo"), two from 6 letters on. "" when
// there is none.
std::string spelling_for(const Xapian::Database& database, LexiconReader& lexicon,
                         const std::string& folded);

// The expansions backed by `database`, `analyzer`, `lexicon` and `names`, which must outlive
// the result. Without `expand` (--exact), names are still searched exactly but without their
// other spellings, and nothing is respelled.
QueryExpansions index_expansions(const Xapian::Database& database, Analyzer& analyzer,
                                 LexiconReader& lexicon, NameModel& names, bool expand = true);

}  // namespace depeche::search
