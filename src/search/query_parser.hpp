#pragma once
// Parses what a user types into Xapian queries, running every word through the same Analyzer
// that built the index. Syntax:
//   words              all of them rank first, then articles with some of them (see QueryPlan)
//   "exact phrase"     also «...» and “...”; matched on analysed terms, stop words included
//   a OR b             either (binds tighter than the implicit AND: `x a OR b` = x AND (a OR b))
//   a AND b            every word, strictly: a query with AND is never relaxed
//   a NEAR b           within 10 words of each other (NEAR/n for n words)
//   NOT a, -a          articles without a;   +a: a is required even when relaxing
//   prefix*            words starting with prefix (at least 2 letters)
//   title:word         in the title (title:"a phrase" too)
//   date:2020-02       dated in that year, month or day
//   name:"Bachar al-Assad"  mentioning that name (any of its spellings), a filter: the
//                      articles the names facet counts for it (name:Macron is "Macron" alone,
//                      not "Emmanuel Macron")
//   ( ... )            grouping
// Lower-case or, not, near, and are ordinary words. Punctuation that carries no word (a full
// stop after a closing quote, "(...)", a lone "-") is ignored wherever it is; only a query
// with no searchable word at all, or a misused operator, is an error: a Status naming the
// column, never an exception.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "depeche/analyzer.hpp"
#include "depeche/status.hpp"

namespace depeche {

// A plain word of the query, for spelling suggestions.
struct QueryWord {
    std::size_t begin = 0;  // byte range in the query text
    std::size_t end = 0;
    std::string folded;     // folded form (what the lexicon holds)
    std::string term;       // index term
};

// Another spelling searched with a word of the query.
struct WordVariant {
    std::string term;  // its index term, searched as a synonym of the typed word's
    std::string word;  // the spelling as a word (for display): "idleb"
};

// A variant searched with a typed word: (typed folded word, the variant).
struct SearchedVariant {
    std::string typed;
    WordVariant variant;
};

struct QueryPlan {
    // Articles matching every positive part of the query.
    Xapian::Query all_words;
    // Articles matching some of them (required parts still required): a superset of all_words.
    // Empty when relaxing would not find more (a single part, or an explicit AND).
    Xapian::Query any_words;
    // Exclusions and date: filters are already applied to both queries above.
    std::vector<std::string> highlight_terms;     // unprefixed index terms worth highlighting
    std::vector<std::string> highlight_prefixes;  // unprefixed folded prefixes of prefix* words
    // Folded spellings of the names searched (typed and variants): a capitalised word with
    // this form is highlighted; their N terms' positions place the snippet.
    std::vector<std::string> highlight_names;
    // How many words of the query are highlighted (a name with all its spellings, a common
    // word with its capitalised forms: one each). No passage can hold more distinct matches
    // of different words: snippets stop looking once one does.
    std::size_t highlighted_words = 0;
    // Ranking only: the typed spellings of names searched with others, a little weight each,
    // so that an article with the spelling typed ranks first. Added by the plan stage around
    // each tier (AND_MAYBE), never inside all_words or any_words: Xapian 1.4.22 returns
    // articles that AND_NOT should exclude when its right side holds an AND_MAYBE of a
    // SYNONYM (seen under AddressSanitizer; regression test in search_test, the seeds).
    Xapian::Query typed_bonus;
    std::vector<QueryWord> words;
    std::vector<SearchedVariant> variants;
    // The parts of the query that add to an article's score, in query order: each word (a
    // name with its spellings, a common word with its forms), phrase, NEAR, OR group or
    // parenthesis, with the text it was parsed from. all_words is their AND (filters and
    // exclusions add nothing to a score), so an article's weight is the sum of theirs plus
    // typed_bonus: the explain stage (search/explain.hpp) weighs each alone.
    struct ScoredPart {
        std::string text;
        Xapian::Query query;
    };
    std::vector<ScoredPart> scored_parts;
};

// For a plain word of the query, another spelling to search as a synonym (a far more frequent
// spelling, "idleb" for "idlib"), or nullopt.
using WordVariants = std::function<std::optional<WordVariant>(const QueryWord&)>;

// For the folded prefix of a prefix* word, the index terms (stems) of the words the index
// knows that start with it ("negociati" -> "negoci"). Terms are unprefixed.
using PrefixExpansion = std::function<std::vector<std::string>(const std::string& folded)>;

// A plain word the index reads as a name: searched by its exact term and those of its other
// spellings, never by its stem.
struct NameQuery {
    std::string typed_term;             // N term of the typed spelling (may match nothing)
    std::vector<WordVariant> variants;  // N terms of the other spellings
    bool with_stem = false;             // also the word's stem (a name that is a common word too)
};

// For a plain common word, the folded forms the corpus writes with a capital initial inside
// sentences that share its stem ("sante" for "santé": "l'Organisation mondiale de la Santé").
// Those occurrences have no stem term (store/schema.hpp): their N terms are searched too.
using CapitalisedForms = std::function<std::vector<std::string>(const QueryWord&)>;

// For a plain word (typed capitalised or not), with the plain words before and after it in
// the query (folded, "" when none: the rest of a multi-word name), nullopt when it is not a
// name.
using NameLookup = std::function<std::optional<NameQuery>(
    const QueryWord&, bool typed_capitalised, const std::string& before, const std::string& after)>;

namespace search {
class AliasTable;
}

// What the parser may ask the index; any callback may be empty.
struct QueryExpansions {
    NameLookup names;            // names and their spellings
    CapitalisedForms capitalised;  // N terms a common word is searched by too
    WordVariants variants;       // respelling of words the index lacks (not asked for names)
    PrefixExpansion prefixes;    // words of prefix*; without it, prefix* matches stems only
    const search::AliasTable* aliases = nullptr;  // user aliases (search/alias_table.hpp)
};

// Xapian::DatabaseModifiedError thrown by an expansion passes through (the caller reopens the
// database and retries); every other problem is a Status.
Result<QueryPlan> parse_query(std::string_view query, Analyzer& analyzer,
                              const QueryExpansions& expansions = {});

}  // namespace depeche
