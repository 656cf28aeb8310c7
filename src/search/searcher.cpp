#include "depeche/index.hpp"

#include <algorithm>
#include <cmath>
#include <system_error>

#include <xapian.h>

#include "store/generations.hpp"
#include "store/date_terms.hpp"
#include "store/schema.hpp"
#include "search/query_parser.hpp"
#include "store/stored_article.hpp"

namespace depeche {

struct Index::Impl {
    std::filesystem::path path;
    Xapian::Database database;
    Analyzer analyzer;
};

namespace {

constexpr std::size_t suggestion_threshold = 3;  // suggest a spelling below this many hits
// A typed word in fewer articles than this is also searched under a spelling found in at least
// `variant_frequency_ratio` times more articles.
constexpr Xapian::doccount rare_word_articles = 5;
constexpr Xapian::doccount variant_frequency_ratio = 3;
// Matches a date-filtered search checks at least, so that its total is exact up to this many.
constexpr Xapian::doccount date_filtered_matches_checked = 1000;
// prefix* searches the stems of at most this many words (the most frequent) starting with it.
constexpr std::size_t max_prefix_words = 200;

// Xapian's spelling suggestion, with an edit distance that suits the word's length: one edit
// for short words (two would turn "foo" into "croo"), two from 6 letters on.
std::string spelling_for(Xapian::Database& database, const std::string& folded) {
    const unsigned max_edits = folded.size() >= 6 ? 2 : 1;
    if (folded.size() < 3) return {};
    return database.get_spelling_suggestion(folded, max_edits);
}

Status xapian_failure(const std::filesystem::path& path, const Xapian::Error& error) {
    return Status::io_error("index " + path.string() + ": " + error.get_description());
}

std::optional<Date> date_from_day_key(const std::string& key) {
    if (key.size() != 8) return std::nullopt;
    return Date::parse_article_date(key.substr(0, 4) + "-" + key.substr(4, 2) + "-" +
                                    key.substr(6, 2));
}

// Every dated article has the term of its month, and an article can only overlap the range if
// its month does: Xapian skips through these terms faster than it checks each candidate's
// date value, which stays as the exact test.
Xapian::Query months_between(const Date& since, const Date& until) {
    const std::vector<std::string> terms = schema::terms_between(since, until);
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

Xapian::Query date_filter(const SearchRequest& request) {
    std::vector<Xapian::Query> bounds;
    if (request.since && request.until && request.since->year <= request.until->year &&
        request.until->year - request.since->year < 100) {
        bounds.push_back(months_between(*request.since, *request.until));
    }
    if (request.since) {
        bounds.emplace_back(Xapian::Query::OP_VALUE_GE, schema::last_day_slot,
                            request.since->first_day_key());
    }
    if (request.until) {
        bounds.emplace_back(Xapian::Query::OP_VALUE_LE, schema::first_day_slot,
                            request.until->last_day_key());
    }
    return Xapian::Query(Xapian::Query::OP_AND, bounds.begin(), bounds.end());
}

// The number of articles (reposts included) matching an MSet's query. Xapian's uncollapsed
// estimate can disagree with its own bounds of collapsed matches (40 when it knows there is no
// match at all): it is kept within them.
Xapian::doccount articles_estimate(const Xapian::MSet& matches) {
    if (matches.get_matches_upper_bound() == 0) return 0;
    return std::max(matches.get_uncollapsed_matches_estimated(), matches.get_matches_lower_bound());
}

// One tier of results: up to `limit` matches of `query` from `offset`.
// `sorter` (not owned) orders by date; nullptr orders by relevance.
Xapian::MSet run_query(Xapian::Database& database, const Xapian::Query& query,
                       const SearchRequest& request, std::size_t offset, std::size_t limit,
                       Xapian::KeyMaker* sorter) {
    Xapian::Enquire enquire(database);
    enquire.set_query(query);
    enquire.set_collapse_key(schema::repost_slot);
    if (sorter) enquire.set_sort_by_key_then_relevance(sorter, request.sort == SortOrder::newest);
    const auto wanted = static_cast<Xapian::doccount>(offset + limit);
    // With a date filter, Xapian's estimate of the total can be off tenfold ("macron" in 2019:
    // about 58, exactly 1,290), and a date-filtered count is what users rely on: check enough
    // matches for counts up to a thousand to be exact. (Unfiltered estimates were close.)
    const bool date_filtered = request.since || request.until;
    const auto check = date_filtered ? std::max(wanted, date_filtered_matches_checked) : wanted;
    return enquire.get_mset(static_cast<Xapian::doccount>(offset),
                            static_cast<Xapian::doccount>(limit), check);
}

}  // namespace

Index::Index(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Index::~Index() = default;
Index::Index(Index&&) noexcept = default;
Index& Index::operator=(Index&&) noexcept = default;

Result<Index> Index::open(const std::filesystem::path& index_dir) {
    auto database = open_index_for_reading(index_dir);
    if (!database.is_ok()) return database.status();
    auto impl = std::make_unique<Impl>();
    impl->path = index_dir;
    impl->database = std::move(database.value());
    return Index(std::move(impl));
}

// The spelling variant of a rare unprefixed word, as an index term ("idlib" -> "idleb").
std::optional<std::string> frequent_variant(Xapian::Database& database, Analyzer& analyzer,
                                            const QueryWord& word) {
    if (word.term.empty() || !schema::is_unprefixed(word.term)) return std::nullopt;
    const Xapian::doccount frequency = database.get_termfreq(word.term);
    if (frequency >= rare_word_articles) return std::nullopt;
    const std::string spelling = spelling_for(database, word.folded);
    if (spelling.empty() || spelling == word.folded) return std::nullopt;
    const std::vector<Token> tokens = analyzer.analyze(spelling);
    if (tokens.size() != 1 || tokens.front().term == word.term) return std::nullopt;
    const Xapian::doccount variant_frequency = database.get_termfreq(tokens.front().term);
    if (variant_frequency < std::max<Xapian::doccount>(suggestion_threshold,
                                                       variant_frequency_ratio * frequency)) {
        return std::nullopt;
    }
    return tokens.front().term;
}

// The stems of the most frequent words of the spelling table that start with `folded`.
std::vector<std::string> stems_of_words_starting_with(Xapian::Database& database,
                                                      Analyzer& analyzer,
                                                      const std::string& folded) {
    std::vector<std::pair<Xapian::doccount, std::string>> words;
    Xapian::TermIterator word = database.spellings_begin();
    word.skip_to(folded);
    for (; word != database.spellings_end() && (*word).starts_with(folded); ++word) {
        words.emplace_back(word.get_termfreq(), *word);
    }
    const std::size_t kept = std::min(words.size(), max_prefix_words);
    std::partial_sort(words.begin(), words.begin() + static_cast<std::ptrdiff_t>(kept),
                      words.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    std::vector<std::string> stems;
    for (std::size_t index = 0; index < kept; ++index) {
        for (const Token& token : analyzer.analyze(words[index].second)) {
            if (token.compound_parts == 0) stems.push_back(token.term);
        }
    }
    std::sort(stems.begin(), stems.end());
    stems.erase(std::unique(stems.begin(), stems.end()), stems.end());
    return stems;
}

Result<SearchResults> Index::search(const SearchRequest& request) {
    // An indexer committing while we read can make Xapian throw DatabaseModifiedError: the
    // revision we read was replaced. Reopening gives the new one; try a few times.
    constexpr int attempts = 5;
    for (int attempt = 1;; ++attempt) {
        try {
            return search_once(request);
        } catch (const Xapian::DatabaseModifiedError& error) {
            if (attempt == attempts) return xapian_failure(impl_->path, error);
            impl_->database.reopen();
        }
    }
}

Result<SearchResults> Index::search_once(const SearchRequest& request) {
    SearchResults results;
    results.query = request.query;
    try {
        Xapian::Database& database = impl_->database;
        database.reopen();
        QueryExpansions expansions;
        expansions.variants = [&](const QueryWord& word) {
            return frequent_variant(database, impl_->analyzer, word);
        };
        expansions.prefixes = [&](const std::string& folded) {
            return stems_of_words_starting_with(database, impl_->analyzer, folded);
        };
        auto plan = parse_query(request.query, impl_->analyzer, expansions);
        if (!plan.is_ok()) return plan.status();
        for (const auto& [typed, variant] : plan->variants) {
            // Show the variant as a word, not a stem: the spelling table's form.
            results.also_searched.emplace_back(typed, spelling_for(database, typed));
        }
        Xapian::Query all_words = plan->all_words;
        Xapian::Query some_words = plan->some_words;
        if (request.since || request.until) {
            const Xapian::Query filter = date_filter(request);
            all_words = Xapian::Query(Xapian::Query::OP_FILTER, all_words, filter);
            if (!some_words.empty()) {
                some_words = Xapian::Query(Xapian::Query::OP_FILTER, some_words, filter);
            }
        }
        // Undated articles sort last whichever way dates are sorted.
        Xapian::MultiValueKeyMaker sorter;
        sorter.add_value(schema::first_day_slot, false,
                         request.sort == SortOrder::newest ? "00000000" : "99999999");
        Xapian::KeyMaker* key_maker = request.sort == SortOrder::relevance ? nullptr : &sorter;

        const Xapian::MSet first =
            run_query(database, all_words, request, request.offset, request.limit, key_maker);
        std::vector<std::pair<Xapian::MSetIterator, bool>> hits;
        for (auto it = first.begin(); it != first.end(); ++it) hits.emplace_back(it, true);
        // Reposts count: the total is of articles, not of result lines.
        results.total_estimate = articles_estimate(first);
        Xapian::MSet second;
        // The second tier only fills a page the first left short (it is costly for long
        // queries, whose some-words query matches most of the index).
        if (!some_words.empty() && first.size() < request.limit) {
            // The first tier is exhausted when it returned less than asked: its count is exact.
            const std::size_t first_total = first.get_matches_estimated();
            const std::size_t offset =
                request.offset > first_total ? request.offset - first_total : 0;
            second = run_query(database, some_words, request, offset,
                               request.limit - first.size(), key_maker);
            for (auto it = second.begin(); it != second.end(); ++it) hits.emplace_back(it, false);
            results.total_estimate += articles_estimate(second);
        }

        SnippetTerms snippet_terms{plan->highlight_terms, plan->highlight_prefixes};
        std::size_t rank = request.offset;
        for (const auto& [it, has_all_words] : hits) {
            const Xapian::Document document = it.get_document();
            std::optional<Article> article = decode_stored_article(document.get_data());
            if (!article) {
                return Status::corruption("index " + impl_->path.string() +
                                          ": unreadable stored article (document " +
                                          std::to_string(*it) + "): run `depeche index` again");
            }
            SearchHit hit;
            hit.rank = ++rank;
            hit.id = article->id;
            hit.date = article->date;
            hit.title = article->title;
            hit.score = std::round(it.get_weight() * 1000.0) / 1000.0;
            hit.has_all_words = has_all_words;
            hit.reposts = it.get_collapse_count();
            hit.snippet = make_snippet(impl_->analyzer,
                                       article->text.empty() ? article->title : article->text,
                                       snippet_terms, request.snippet_bytes);
            results.hits.push_back(std::move(hit));
        }

        if (results.total_estimate < suggestion_threshold || first.empty()) {
            std::string suggested = request.query;
            bool changed = false;
            // Replace from the end so earlier byte ranges stay valid.
            for (auto word = plan->words.rbegin(); word != plan->words.rend(); ++word) {
                if (database.get_termfreq(word->term) >= suggestion_threshold) continue;
                const bool already_searched = std::any_of(
                    plan->variants.begin(), plan->variants.end(),
                    [&](const auto& variant) { return variant.first == word->folded; });
                if (already_searched) continue;
                const std::string spelling = spelling_for(database, word->folded);
                if (spelling.empty() || spelling == word->folded) continue;
                suggested.replace(word->begin, word->end - word->begin, spelling);
                changed = true;
            }
            if (changed) results.suggestion = suggested;
        }
    } catch (const Xapian::DatabaseModifiedError&) {
        throw;  // search() reopens and retries
    } catch (const Xapian::Error& error) {
        return xapian_failure(impl_->path, error);
    }
    return results;
}

Result<Article> Index::article(const std::string& id) {
    for (int attempt = 1;; ++attempt) {
        try {
            return article_once(id);
        } catch (const Xapian::DatabaseModifiedError& error) {
            if (attempt == 5) return xapian_failure(impl_->path, error);
            impl_->database.reopen();
        }
    }
}

Result<Article> Index::article_once(const std::string& id) {
    try {
        impl_->database.reopen();
        const std::string id_term = std::string(schema::id_prefix) + id;
        Xapian::PostingIterator posting = impl_->database.postlist_begin(id_term);
        if (posting == impl_->database.postlist_end(id_term)) {
            return Status::not_found("no article with id '" + id + "' in " +
                                     impl_->path.string());
        }
        std::optional<Article> article =
            decode_stored_article(impl_->database.get_document(*posting).get_data());
        if (!article) {
            return Status::corruption("index " + impl_->path.string() + ": article '" + id +
                                      "' is unreadable: run `depeche index` again");
        }
        return std::move(*article);
    } catch (const Xapian::DatabaseModifiedError&) {
        throw;  // article() reopens and retries
    } catch (const Xapian::Error& error) {
        return xapian_failure(impl_->path, error);
    }
}

Result<IndexStats> Index::stats() {
    IndexStats stats;
    stats.path = impl_->path;
    try {
        Xapian::Database& database = impl_->database;
        database.reopen();
        stats.articles = database.get_doccount();
        stats.analyzer = database.get_metadata(schema::analyzer_key);
        std::size_t dated = 0;
        const std::string month_prefix(schema::month_prefix);
        for (auto term = database.allterms_begin(month_prefix);
             term != database.allterms_end(month_prefix); ++term) {
            const std::string key = (*term).substr(month_prefix.size());
            if (key.size() != 6) continue;
            stats.articles_per_month.emplace_back(key.substr(0, 4) + "-" + key.substr(4, 2),
                                                  term.get_termfreq());
            dated += term.get_termfreq();
        }
        stats.undated = stats.articles - std::min(stats.articles, dated);
        if (dated > 0) {
            stats.first_day = date_from_day_key(database.get_value_lower_bound(schema::first_day_slot));
            stats.last_day = date_from_day_key(database.get_value_upper_bound(schema::last_day_slot));
        }
    } catch (const Xapian::Error& error) {
        return xapian_failure(impl_->path, error);
    }
    std::error_code error;
    for (const auto& entry :
         std::filesystem::directory_iterator(live_database_dir(impl_->path), error)) {
        if (entry.is_regular_file(error)) stats.size_bytes += entry.file_size(error);
    }
    return stats;
}

}  // namespace depeche
