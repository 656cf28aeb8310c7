#pragma once
// An index opened for reading: search, fetch an article, statistics. Owns a Xapian database
// and an Analyzer; not thread-safe (open one Index per thread). Every failure, Xapian's
// included, comes back as a Status.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "depeche/article.hpp"
#include "depeche/date.hpp"
#include "depeche/snippet.hpp"
#include "depeche/status.hpp"

namespace depeche {

enum class SortOrder { relevance, newest, oldest };

struct SearchRequest {
    std::string query;
    std::optional<Date> since;  // inclusive; an article dated by month is in when its month is
    std::optional<Date> until;  // inclusive; undated articles are out when either bound is set
    SortOrder sort = SortOrder::relevance;
    std::size_t offset = 0;
    std::size_t limit = 10;
    std::size_t snippet_bytes = 240;
};

struct SearchHit {
    std::size_t rank = 0;  // 1-based, counting from the first result (offset included)
    std::string id;
    std::optional<Date> date;
    std::string title;
    double score = 0;
    bool has_all_words = true;  // false for results of the relaxed (some words) query
    std::size_t reposts = 0;    // other matching articles with the same title and date, hidden
    Snippet snippet;
};

struct SearchResults {
    std::string query;
    std::size_t total_estimate = 0;
    std::optional<std::string> suggestion;  // a respelled query when this one found little
    // Rare words typed that were also searched under a far more frequent spelling
    // (typed, variant): "idlib" also finds "Idleb".
    std::vector<std::pair<std::string, std::string>> also_searched;
    std::vector<SearchHit> hits;
};

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

class Index {
public:
    static Result<Index> open(const std::filesystem::path& index_dir);
    ~Index();
    Index(Index&&) noexcept;
    Index& operator=(Index&&) noexcept;

    Result<SearchResults> search(const SearchRequest& request);
    // not_found when no article has this id.
    Result<Article> article(const std::string& id);
    Result<IndexStats> stats();

private:
    struct Impl;
    explicit Index(std::unique_ptr<Impl> impl);
    // One attempt; throws Xapian::DatabaseModifiedError for the public calls to retry.
    Result<SearchResults> search_once(const SearchRequest& request);
    Result<Article> article_once(const std::string& id);
    std::unique_ptr<Impl> impl_;
};

}  // namespace depeche
