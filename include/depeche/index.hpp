#pragma once
// An index opened for reading: search, fetch an article, statistics. Every failure, Xapian's
// included, comes back as a Status; nothing throws.
//
// Staying open: an Index follows the index as indexers change it. Each call first catches up
// with the live generation (new commits, and the new generation a `--rebuild` swapped in), so
// a process may hold an Index for hours (a server, a batch of thousands of queries) and see
// every change, and never reads a generation a later rebuild deleted.
//
// Threads: an Index is not thread-safe (it owns a Xapian database and an Analyzer with
// memos). Opening one is cheap (a few milliseconds: Xapian opens its tables lazily), so a
// multi-threaded process opens one Index per thread.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "depeche/article.hpp"
#include "depeche/date.hpp"
#include "depeche/name_variants.hpp"
#include "depeche/search_request.hpp"
#include "depeche/search_results.hpp"
#include "depeche/status.hpp"

namespace depeche {

struct IndexStats {
    std::filesystem::path path;
    std::size_t articles = 0;
    std::size_t undated = 0;
    std::optional<Date> first_day;  // earliest and latest dated day covered
    std::optional<Date> last_day;
    std::vector<std::pair<std::string, std::size_t>> articles_per_month;  // "YYYY-MM", count
    std::uintmax_t size_bytes = 0;
    std::string analyzer;
};

// A story the index holds in several versions (reprints, updates, reposts with another title
// or date), found by their text when indexing.
struct StoryGroup {
    struct Version {
        std::string id;
        std::optional<Date> date;
        std::string title;
    };
    std::vector<Version> versions;  // earliest first (undated last, then by id)
};

class Index {
public:
    static Result<Index> open(const std::filesystem::path& index_dir);
    ~Index();
    Index(Index&&) noexcept;
    Index& operator=(Index&&) noexcept;

    // Malformed queries are invalid_argument (with the column); text without any searchable
    // word too. Punctuation that carries no word is ignored wherever it is. With
    // request.time_limit, what runs past it is cut (SearchResults::timed_out), never the hits.
    Result<SearchResults> search(const SearchRequest& request);
    // Every result of the query (offset and limit ignored), in rank or date order, one story
    // per result as search gives them, handed to `sink` in order as they are read: pages of
    // 1,000 articles at a time, so memory holds the ranking (a few dozen bytes a match) and
    // one page, never the whole export. `sink` returns false to stop. Gives the number of
    // hits handed over; `results` gets the rest of what search gives (total, variants...,
    // its `hits` stay empty). The same errors as search. Should the index be rewritten twice
    // while it runs (Xapian's DatabaseModifiedError), it starts again: `sink` then sees the
    // first hits a second time. request.time_limit is ignored: an export is never cut.
    Result<std::size_t> search_all(const SearchRequest& request,
                                   const std::function<bool(const SearchHit&)>& sink,
                                   SearchResults* results = nullptr);
    // not_found when no article has this id.
    Result<Article> article(const std::string& id);
    // The other versions of the article's story, earliest first; empty when it has none.
    // not_found when no article has this id.
    Result<std::vector<StoryGroup::Version>> versions(const std::string& id);
    // Every story with at least `min_size` versions (2 or more), largest first, then by
    // their earliest version's id.
    Result<std::vector<StoryGroup>> story_groups(std::size_t min_size = 2);
    // The articles most like request.id (its most distinctive terms, chosen by Xapian's
    // relevance feedback, searched together), one result per story, its own story left out.
    // Results as a search's: snippets highlight those terms. not_found for an unknown id.
    Result<SearchResults> similar(const SimilarRequest& request);
    Result<IndexStats> stats();
    // The spellings the index knows for a name, one or more words ("Bashar al-Assad").
    // invalid_argument when it holds no word.
    // With `aliases`, also the alternatives of the alias groups holding the whole name.
    Result<NameVariants> variants(const std::string& name, const Aliases* aliases = nullptr);
    // The byte ranges of `text` (an article's whole text, its title, any text) holding the
    // words of request.query as a search's snippets highlight them: the same spellings, forms,
    // prefixes and aliases, read from request.query, exact and aliases only. Sorted, not
    // overlapping. The same errors as search (invalid_argument for a malformed query).
    Result<std::vector<TextRange>> highlight(const SearchRequest& request, std::string_view text);

private:
    struct Impl;
    explicit Index(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace depeche
