#pragma once
// What a search asks for: the query text as typed, date bounds, order and the page wanted.
#include <cstddef>
#include <optional>
#include <string>

#include "depeche/aliases.hpp"
#include "depeche/date.hpp"

namespace depeche {

enum class SortOrder { relevance, newest, oldest };

struct SearchRequest {
    std::string query;          // query syntax: README.md, "Query syntax"
    std::optional<Date> since;  // inclusive; an article dated by month is in when its month is
    std::optional<Date> until;  // inclusive; undated articles are out when either bound is set
    SortOrder sort = SortOrder::relevance;
    std::size_t offset = 0;  // results to skip: page k of n results is offset k*n, limit n
    std::size_t limit = 10;
    std::size_t snippet_bytes = 240;
    // Only the spellings typed: no other spelling of a name, no respelling (--exact). Names
    // are still matched exactly, not by stem.
    bool exact = false;
    // User aliases searched with the query (not owned; must outlive the search, and not change
    // while an Index is given it: the Index keeps what it prepared from it). Unused with exact.
    const Aliases* aliases = nullptr;
    // Also say, for each result, what each part of the query adds to its score and where it
    // matched (SearchHit::explanation). Costs a few small matches per result.
    bool explain = false;
    // Every version of a story as its own result, rather than one result per story.
    bool all_versions = false;
    // Also count every matching article per month (SearchResults::timeline).
    bool timeline = false;
    // Also the names most mentioned by the matching articles, this many (SearchResults::names);
    // 0 for none.
    std::size_t facet_names = 0;
    // Each hit also carries the article's whole text (SearchHit::text).
    bool with_text = false;
    // No snippets (an export that does not show them skips their cost).
    bool no_snippets = false;
};

// What `similar` asks for: the articles most like one article, outside its own story.
struct SimilarRequest {
    std::string id;             // the article's id
    std::optional<Date> since;  // as SearchRequest's
    std::optional<Date> until;
    std::size_t offset = 0;
    std::size_t limit = 10;
    std::size_t snippet_bytes = 240;
};

}  // namespace depeche
