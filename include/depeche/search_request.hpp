#pragma once
// What a search asks for: the query text as typed, date bounds, order and the page wanted.
#include <chrono>
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
    // How long the search may take, from its start (nullopt: no limit). What is cut once it
    // has passed (SearchResults::timed_out says something was):
    // - the count stops checking matches (Enquire::set_time_limit with the time left):
    //   total_estimate is then Xapian's estimate, not exact up to 1,000;
    // - the timeline's and the facets' walk over every match stops (the clock is read every
    //   4,096 matches; this walk gets half the time left, reading the matches' dates and names
    //   the rest): they count the matches found until then, names_counted_over says how many;
    // - the facets ask no more names for their spellings (each spelling then counts apart);
    // - snippets: the hits left get the lead of their text (no highlights in it).
    // Always exact: the page of hits (the top `limit` from `offset`, in rank order, with
    // versions, titles highlighted, explanations), the plan, the spellings searched. The match
    // of the page itself cannot be stopped (Xapian 1.4); its cost is bounded by the query's
    // size (prefix* and name spellings are capped). A limit of 0 has passed at the start:
    // every stage above is cut (tests rely on it). Index::search_all (an export) ignores it.
    std::optional<std::chrono::milliseconds> time_limit;
};

// What `similar` asks for: the articles most like one article, outside its own story.
struct SimilarRequest {
    std::string id;             // the article's id
    std::optional<Date> since;  // as SearchRequest's
    std::optional<Date> until;
    std::size_t offset = 0;
    std::size_t limit = 10;
    std::size_t snippet_bytes = 240;
    // As SearchRequest's: cuts the count and the snippets, never the page.
    std::optional<std::chrono::milliseconds> time_limit;
};

}  // namespace depeche
