#pragma once
// The results model: what one search gives. Every output (text, JSON, and later JSON Lines,
// CSV, HTTP) is a view of this value; nothing here is formatted for one of them. Offsets are
// byte offsets into UTF-8 text.
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "depeche/date.hpp"
#include "depeche/snippet.hpp"

namespace depeche {

// Why an article ranks where it does (SearchRequest::explain): one part of the query (a word
// with its spellings and forms, a phrase, an OR group...) and what it adds to the score.
struct ScoredPart {
    std::string text;          // the part as typed ("" for the typed-spelling bonus)
    bool bonus = false;        // the small bonus of a name's spelling as typed, not a part
    bool matched = false;      // the article holds it
    bool in_title = false;     // where: some of its terms are in the title,
    bool in_text = false;      //        some in the text
    std::vector<std::string> terms;  // its index terms the article holds, as stored
    double weight = 0;         // its share of `SearchHit::score` (the parts sum to it)
};

struct SearchHit {
    std::size_t rank = 0;  // 1-based, counting from the first result (offset included)
    std::string id;
    std::optional<Date> date;
    std::string title;                      // as stored
    std::vector<TextRange> title_highlights;  // the query's words in `title`, sorted
    double score = 0;       // the ranking's weight, unrounded (views round it)
    bool has_all_words = true;  // false for results of the relaxed (some words) tier
    // Other versions of the same story (reprints, updates, reposts with a new title or date:
    // store/story_groups.hpp), earliest first; without SearchRequest::all_versions they are
    // folded into this result, the earliest version that matches the query.
    std::vector<std::string> versions;
    std::size_t reposts = 0;    // versions.size(), kept for the JSON's `reposts`
    Snippet snippet;            // a passage of the text with its highlights
    // With SearchRequest::explain: every scored part of the query, in query order, then the
    // bonus when it weighs. Empty otherwise.
    std::vector<ScoredPart> explanation;
    // With SearchRequest::with_text: the article's whole text as stored.
    std::optional<std::string> text;
};

// A spelling searched as well as what was typed ("idlib" also finds "Idleb").
struct SpellingVariant {
    std::string typed;    // the word as typed, folded
    std::string variant;  // the other spelling, as the index holds it, or an alias as written
    bool operator==(const SpellingVariant&) const = default;
};

// One month of a timeline (SearchRequest::timeline): exact counts of the matching articles
// dated in it.
struct MonthCount {
    std::string month;          // "YYYY-MM"
    std::size_t count = 0;      // matching articles (every version)
    std::size_t stories = 0;    // the same, a story's versions counted once
    double per_1000 = 0;        // count per 1,000 articles of the index dated that month
    bool operator==(const MonthCount&) const = default;
};

// One name of the names facet (SearchRequest::facet_names): a person, place or organisation
// the matching articles mention (analysis/name_mentions.hpp), its spellings counted as one.
struct NameCount {
    std::string name;       // as the matching articles most often write it
    std::size_t count = 0;  // matching articles mentioning it, in any of its spellings
    // The other writings counted with it ("Bashar al-Assad" with "Bachar al-Assad"), most
    // used first.
    std::vector<std::string> spellings;
    bool operator==(const NameCount&) const = default;
};

struct SearchResults {
    std::string query;
    // Matching articles (reposts included), for the whole query whatever page was asked:
    // exact for small counts, Xapian's estimate for large ones (exact up to 1,000 with a date
    // filter). The same for every page of one query.
    std::size_t total_estimate = 0;
    std::optional<std::string> suggestion;  // a respelled query when this one found little
    std::vector<SpellingVariant> also_searched;
    std::vector<SearchHit> hits;  // the page asked for, in rank order
    // With SearchRequest::timeline (nullopt otherwise): every month from the first matching
    // one to the last, months without a match included (count 0); exact, over every
    // matching article, versions included.
    std::optional<std::vector<MonthCount>> timeline;
    std::size_t timeline_undated = 0;  // matching articles without a date (not in timeline)
    // With a timeline: the dates of the earliest and latest matching articles (by the first
    // day their date covers).
    std::optional<Date> first_match_date;
    std::optional<Date> last_match_date;
    // With SearchRequest::facet_names (nullopt otherwise): the names most mentioned by the
    // matching articles, most articles first, exact over `names_counted_over` articles (every
    // match: versions included; unless timed_out, the matches found in time).
    std::optional<std::vector<NameCount>> names;
    std::size_t names_counted_over = 0;
    // The search ran past SearchRequest::time_limit (`time_limit`) and some stage stopped
    // early: then total_estimate is Xapian's estimate (at least the matches the timeline or
    // the facets found), the timeline and the names count only the matches found in time
    // (names_counted_over of them; the timeline's counts add up to what it counted), names
    // may lack spellings, and hits after some rank have the lead of their text as snippet.
    // The hits themselves are the page asked for, as without a limit. False when nothing was
    // cut, even if the limit passed.
    bool timed_out = false;
    std::chrono::milliseconds time_limit{0};  // the limit, when timed_out
};

}  // namespace depeche
