// Index (include/depeche/index.hpp): the search pipeline's stages run in order on the live
// index (search/plan.hpp shows them), plus article lookup and statistics.
#include "depeche/index.hpp"

#include <algorithm>
#include <system_error>

#include <xapian.h>

#include "search/alias_table.hpp"
#include "search/count.hpp"
#include "search/deadline.hpp"
#include "search/expansions.hpp"
#include "search/explain.hpp"
#include "search/match.hpp"
#include "search/names.hpp"
#include "search/page.hpp"
#include "search/plan.hpp"
#include "search/similar.hpp"
#include "search/snippets.hpp"
#include "search/suggest.hpp"
#include "search/facets.hpp"
#include "search/matching_docids.hpp"
#include "search/timeline.hpp"
#include "search/versions.hpp"
#include "search/xapian_boundary.hpp"
#include "store/generations.hpp"
#include "store/schema.hpp"
#include "store/stored_article.hpp"
#include "store/story_groups.hpp"

namespace depeche {

struct Index::Impl {
    LiveReader reader;
    Analyzer analyzer;
    search::LexiconReader lexicon;
    search::NameModel names;
    // Prepared from the last request's aliases (see SearchRequest::aliases).
    const Aliases* alias_source = nullptr;
    search::AliasTable aliases;

    const search::AliasTable* alias_table(const Aliases* wanted) {
        if (wanted == nullptr) return nullptr;
        if (wanted != alias_source) {
            aliases = search::AliasTable(*wanted, analyzer);
            alias_source = wanted;
        }
        return &aliases;
    }
};

namespace {

std::optional<Date> date_from_day_key(const std::string& key) {
    if (key.size() != 8) return std::nullopt;
    return Date::parse_article_date(key.substr(0, 4) + "-" + key.substr(4, 2) + "-" +
                                    key.substr(6, 2));
}

// The stages after match, for one page of matches ranked from `first_rank`: versions, page,
// snippets (unless `no_snippets`; leads once `deadline` has passed, which sets `*cut`),
// explain and the whole text (on request).
Result<std::vector<search::PageEntry>> finish_page(
    Xapian::Database& database, Analyzer& analyzer, const std::filesystem::path& index_dir,
    const search::SearchPlan& plan, std::vector<search::Match>& matches, std::size_t first_rank,
    std::size_t snippet_bytes, bool explain, bool with_text, bool no_snippets,
    const search::Deadline& deadline = {}, bool* cut = nullptr) {
    search::add_versions(database, plan, matches);
    Result<std::vector<search::PageEntry>> page =
        search::load_page(matches, first_rank, index_dir);
    if (!page.is_ok()) return page.status();
    if (!no_snippets &&
        search::add_snippets(database, analyzer, plan.query, snippet_bytes, page.value(),
                             deadline) > 0 &&
        cut != nullptr) {
        *cut = true;
    }
    if (explain) search::add_explanations(database, plan.query, page.value());
    if (with_text) {
        for (search::PageEntry& entry : page.value()) {
            entry.hit.text = entry.text_is_title ? std::string() : entry.text;
        }
    }
    return page;
}

// The stages after plan and count: match, versions, page, snippets and (on request) explain;
// the hits go into `results` (timed_out set when `deadline` cut the snippets).
Status run_stages(Xapian::Database& database, Analyzer& analyzer,
                  const std::filesystem::path& index_dir, const search::SearchPlan& plan,
                  std::size_t offset, std::size_t limit, std::size_t snippet_bytes, bool explain,
                  SearchResults& results, const search::Deadline& deadline,
                  bool with_text = false, bool no_snippets = false) {
    std::vector<search::Match> matches = search::match_page(database, plan, offset, limit);
    Result<std::vector<search::PageEntry>> page =
        finish_page(database, analyzer, index_dir, plan, matches, offset + 1, snippet_bytes,
                    explain, with_text, no_snippets, deadline, &results.timed_out);
    if (!page.is_ok()) return page.status();
    for (search::PageEntry& entry : page.value()) results.hits.push_back(std::move(entry.hit));
    return Status::ok();
}

// The plan of `request`, through the index's expansions (and the aliases unless exact).
Result<search::SearchPlan> plan_request(Xapian::Database& database, Analyzer& analyzer,
                                        search::LexiconReader& lexicon, search::NameModel& names,
                                        const search::AliasTable* aliases,
                                        const SearchRequest& request) {
    QueryExpansions expansions =
        search::index_expansions(database, analyzer, lexicon, names, !request.exact);
    if (!request.exact) expansions.aliases = aliases;
    return search::plan_search(request, analyzer, expansions);
}

// Everything a search gives but its hits: the spellings searched, the count, the timeline
// (on request) and the suggestion; what `deadline` cut sets timed_out.
SearchResults describe(Xapian::Database& database, search::LexiconReader& lexicon,
                       search::NameModel& names, const SearchRequest& request,
                       const search::SearchPlan& plan, const search::Deadline& deadline) {
    SearchResults results;
    results.query = request.query;
    for (const SearchedVariant& variant : plan.query.variants) {
        const SpellingVariant searched{variant.typed, variant.variant.word};
        if (std::find(results.also_searched.begin(), results.also_searched.end(), searched) ==
            results.also_searched.end()) {
            results.also_searched.push_back(searched);
        }
    }
    const search::MatchCount count = search::count_matches(database, plan, deadline);
    results.total_estimate = count.matching;
    results.timed_out = count.cut;
    std::vector<Xapian::docid> matching;
    if (request.timeline || request.facet_names > 0) {
        // Half the time left for the walk, the rest for reading the matches' values.
        bool cut = false;
        matching = search::matching_docids(database, plan, deadline.halfway(), &cut);
        if (cut) {
            results.timed_out = true;  // some matches unseen: Xapian's estimate stays
            results.total_estimate = std::max(results.total_estimate, matching.size());
        } else {
            results.total_estimate = matching.size();  // counted exactly: no estimate needed
            results.timed_out = false;  // (a count cut short is replaced by the exact one)
        }
    }
    if (request.timeline) {
        // With facets to count too, the timeline takes half the time left, the facets the rest.
        const search::Deadline timeline_deadline =
            request.facet_names > 0 ? deadline.halfway() : deadline;
        search::Timeline timeline = search::count_by_month(database, matching, timeline_deadline);
        if (timeline.cut) results.timed_out = true;
        results.timeline = std::move(timeline.months);
        results.timeline_undated = timeline.undated;
        results.first_match_date = timeline.first_date;
        results.last_match_date = timeline.last_date;
    }
    if (request.facet_names > 0) {
        search::NamesCut cut;
        results.names = search::count_names(
            database, matching, request.facet_names,
            [&](const std::string& word, bool with_spellings) {
                search::NameWord info;
                if (const std::optional<WordCounts> counts = lexicon.counts(database, word)) {
                    const double inside =
                        static_cast<double>(counts->capitalised_inside + counts->lower_case_inside);
                    if (inside > 0) info.capitalised_share = counts->capitalised_inside / inside;
                    // Occurrences in capitals or at a sentence start are not counted inside
                    // sentences (store/lexicon.hpp): an acronym has almost none inside.
                    info.mostly_in_capitals =
                        counts->occurrences > 0 && inside <= 0.1 * counts->occurrences;
                }
                // A word of the index's names has an N term: a name when the corpus writes it
                // capitalised inside sentences at least name_share of the time (as names.read
                // says, without reading the contexts of its spellings unless they are asked).
                info.is_name = info.capitalised_share >= search::name_share;
                if (with_spellings && info.is_name && !request.exact) {
                    const search::NameReading reading = names.read(database, lexicon, word, false);
                    info.is_name = reading.is_name;
                    for (const search::NameSpelling& spelling : reading.accepted) {
                        info.spellings.push_back(spelling.word);
                    }
                }
                return info;
            },
            deadline, &cut);
        results.names_counted_over = cut.counted_over;
        if (cut.cut) results.timed_out = true;
    }
    results.suggestion =
        search::suggest_spelling(database, lexicon, request.query, plan.query, count);
    return results;
}

Result<SearchResults> run_search(Xapian::Database& database, Analyzer& analyzer,
                                 search::LexiconReader& lexicon, search::NameModel& names,
                                 const search::AliasTable* aliases,
                                 const std::filesystem::path& index_dir,
                                 const SearchRequest& request, const search::Deadline& deadline) {
    Result<search::SearchPlan> plan =
        plan_request(database, analyzer, lexicon, names, aliases, request);
    if (!plan.is_ok()) return plan.status();
    SearchResults results = describe(database, lexicon, names, request, plan.value(), deadline);
    Status status = run_stages(database, analyzer, index_dir, plan.value(), request.offset,
                               request.limit, request.snippet_bytes, request.explain, results,
                               deadline, request.with_text, request.no_snippets);
    if (!status.is_ok()) return status;
    if (results.timed_out) results.time_limit = *request.time_limit;
    return results;
}

// search_all: plan and count as search does, then every match, a page at a time, to `sink`.
Result<std::size_t> run_export(Xapian::Database& database, Analyzer& analyzer,
                               search::LexiconReader& lexicon, search::NameModel& names,
                               const search::AliasTable* aliases,
                               const std::filesystem::path& index_dir,
                               const SearchRequest& request,
                               const std::function<bool(const SearchHit&)>& sink,
                               SearchResults* results) {
    Result<search::SearchPlan> plan =
        plan_request(database, analyzer, lexicon, names, aliases, request);
    if (!plan.is_ok()) return plan.status();
    // An export gives every hit with its snippet: nothing is cut.
    SearchResults described = describe(database, lexicon, names, request, plan.value(), {});
    std::size_t handed = 0;
    Status failure = Status::ok();
    search::match_each(database, plan.value(), 1000, [&](std::vector<search::Match>& matches) {
        Result<std::vector<search::PageEntry>> page = finish_page(
            database, analyzer, index_dir, plan.value(), matches, handed + 1,
            request.snippet_bytes, request.explain, request.with_text, request.no_snippets);
        if (!page.is_ok()) {
            failure = page.status();
            return false;
        }
        for (const search::PageEntry& entry : page.value()) {
            ++handed;
            if (!sink(entry.hit)) return false;
        }
        return true;
    });
    if (!failure.is_ok()) return failure;
    if (results != nullptr) *results = std::move(described);
    return handed;
}

Result<SearchResults> run_similar(Xapian::Database& database, Analyzer& analyzer,
                                  const std::filesystem::path& index_dir,
                                  const SimilarRequest& request, const search::Deadline& deadline) {
    Result<search::SearchPlan> plan = search::plan_similar(database, request);
    if (!plan.is_ok()) {
        if (plan.status().code() == Status::Code::not_found) {
            return Status::not_found(plan.status().message() + " in " + index_dir.string());
        }
        return plan.status();
    }
    SearchResults results;
    results.query = "similar to " + request.id;
    const search::MatchCount count = search::count_matches(database, plan.value(), deadline);
    results.total_estimate = count.matching;
    results.timed_out = count.cut;
    Status status = run_stages(database, analyzer, index_dir, plan.value(), request.offset,
                               request.limit, request.snippet_bytes, false, results, deadline);
    if (!status.is_ok()) return status;
    if (results.timed_out) results.time_limit = *request.time_limit;
    return results;
}

Result<Article> find_article(Xapian::Database& database, const std::filesystem::path& index_dir,
                             const std::string& id) {
    const std::string id_term = std::string(schema::id_prefix) + id;
    Xapian::PostingIterator posting = database.postlist_begin(id_term);
    if (posting == database.postlist_end(id_term)) {
        return Status::not_found("no article with id '" + id + "' in " + index_dir.string());
    }
    std::optional<StoredArticle> stored =
        decode_stored_article(database.get_document(*posting).get_data());
    if (!stored) {
        return Status::corruption("index " + index_dir.string() + ": article '" + id +
                                  "' is unreadable: run `depeche index --rebuild` with its paths");
    }
    return std::move(stored->article);
}

StoryGroup::Version version_of(const Xapian::Database& database, const std::string& id) {
    StoryGroup::Version version;
    version.id = id;
    const std::string term = std::string(schema::id_prefix) + id;
    Xapian::PostingIterator posting = database.postlist_begin(term);
    if (posting == database.postlist_end(term)) return version;
    if (std::optional<StoredArticle> stored =
            decode_stored_article(database.get_document(*posting).get_data())) {
        version.date = stored->article.date;
        version.title = std::move(stored->article.title);
    }
    return version;
}

Result<std::vector<StoryGroup::Version>> read_versions(const Xapian::Database& database,
                                                       const std::filesystem::path& index_dir,
                                                       const std::string& id) {
    const std::string term = std::string(schema::id_prefix) + id;
    if (database.postlist_begin(term) == database.postlist_end(term)) {
        return Status::not_found("no article with id '" + id + "' in " + index_dir.string());
    }
    std::vector<StoryGroup::Version> versions;
    for (const std::string& other : search::other_versions(database, id)) {
        versions.push_back(version_of(database, other));
    }
    return versions;
}

Result<std::vector<StoryGroup>> read_story_groups(const Xapian::Database& database,
                                                  std::size_t min_size) {
    std::vector<StoryGroup> groups;
    const std::string prefix(group_key_prefix);
    for (auto key = database.metadata_keys_begin(prefix); key != database.metadata_keys_end(prefix);
         ++key) {
        const std::vector<std::string> ids =
            search::group_members(database, (*key).substr(prefix.size()));
        if (ids.size() < std::max<std::size_t>(2, min_size)) continue;
        StoryGroup group;
        for (const std::string& id : ids) group.versions.push_back(version_of(database, id));
        groups.push_back(std::move(group));
    }
    std::stable_sort(groups.begin(), groups.end(), [](const StoryGroup& a, const StoryGroup& b) {
        if (a.versions.size() != b.versions.size()) return a.versions.size() > b.versions.size();
        return a.versions.front().id < b.versions.front().id;
    });
    return groups;
}

Result<IndexStats> read_stats(Xapian::Database& database, const std::filesystem::path& index_dir) {
    IndexStats stats;
    stats.path = index_dir;
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
    return stats;
}

Result<NameVariants> read_variants(const Xapian::Database& database, Analyzer& analyzer,
                                  search::LexiconReader& lexicon, search::NameModel& names,
                                  const search::AliasTable* aliases, const std::string& alias_file,
                                  const std::string& name) {
    NameVariants variants;
    variants.name = name;
    const std::vector<Token> tokens = analyzer.analyze(name);
    if (aliases != nullptr) {
        std::vector<std::string> folded;
        for (const Token& token : tokens) {
            if (token.compound_parts == 0) folded.push_back(token.folded);
        }
        const std::optional<search::AliasTable::Match> match = aliases->longest_match(folded, 0);
        if (match && match->length == folded.size()) {
            for (std::size_t index = 0; index < aliases->group(match->group).size(); ++index) {
                if (index == match->alternative) continue;
                const search::AliasAlternative& alternative = aliases->group(match->group)[index];
                Xapian::Enquire enquire(database);
                enquire.set_query(alternative.query);
                enquire.set_weighting_scheme(Xapian::BoolWeight());
                const Xapian::MSet found = enquire.get_mset(0, 0, database.get_doccount());
                variants.aliases.push_back({alternative.text, found.get_matches_estimated(),
                                            "alias", 0, 0,
                                            alias_file + " line " +
                                                std::to_string(alternative.line)});
            }
        }
    }
    // The plain words of the name, without particles ("al" of "al-Assad") and stop words.
    std::vector<const Token*> words;
    for (const Token& token : tokens) {
        if (token.compound_parts != 0 || token.is_stopword || token.is_number) continue;
        if (token.joined_by_hyphen_to_next && search::is_name_particle(token.folded)) continue;
        words.push_back(&token);
    }
    if (words.empty()) return Status::invalid_argument("no name in '" + name + "'");
    const auto info = [](const search::NameSpelling& spelling) {
        return NameSpellingInfo{spelling.word, spelling.articles, "learnt", spelling.similarity,
                                spelling.given_name, spelling.reason};
    };
    for (std::size_t index = 0; index < words.size(); ++index) {
        const Token& token = *words[index];
        const search::NameNeighbours neighbours{index > 0 ? words[index - 1]->folded : "",
                                                index + 1 < words.size() ? words[index + 1]->folded
                                                                         : ""};
        const search::NameReading reading =
            names.read(database, lexicon, token.folded, token.capitalised && !token.all_capitals,
                       neighbours);
        NameWordVariants word;
        word.typed = name.substr(token.begin, token.end - token.begin);
        word.folded = token.folded;
        word.is_name = reading.is_name;
        word.typed_articles = reading.typed_articles;
        for (const search::NameSpelling& spelling : reading.accepted) {
            word.searched.push_back(info(spelling));
        }
        for (const search::NameSpelling& spelling : reading.rejected) {
            word.rejected.push_back(info(spelling));
        }
        variants.words.push_back(std::move(word));
    }
    return variants;
}

}  // namespace

Index::Index(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Index::~Index() = default;
Index::Index(Index&&) noexcept = default;
Index& Index::operator=(Index&&) noexcept = default;

Result<Index> Index::open(const std::filesystem::path& index_dir) {
    Result<LiveReader> reader = LiveReader::open(index_dir);
    if (!reader.is_ok()) return reader.status();
    return Index(std::make_unique<Impl>(Impl{std::move(reader.value()), Analyzer(), {}, {}, nullptr, {}}));
}

Result<SearchResults> Index::search(const SearchRequest& request) {
    // From the start of the search, the catching up with the index and its retries included.
    const search::Deadline deadline = search::Deadline::after(request.time_limit);
    return search::read_index(impl_->reader, [&](Xapian::Database& database) {
        impl_->lexicon.follow(impl_->reader.changes());
        impl_->names.follow(impl_->reader.changes());
        return run_search(database, impl_->analyzer, impl_->lexicon, impl_->names,
                          impl_->alias_table(request.aliases), impl_->reader.index_dir(), request,
                          deadline);
    });
}

Result<std::size_t> Index::search_all(const SearchRequest& request,
                                      const std::function<bool(const SearchHit&)>& sink,
                                      SearchResults* results) {
    return search::read_index(impl_->reader, [&](Xapian::Database& database) {
        impl_->lexicon.follow(impl_->reader.changes());
        impl_->names.follow(impl_->reader.changes());
        return run_export(database, impl_->analyzer, impl_->lexicon, impl_->names,
                          impl_->alias_table(request.aliases), impl_->reader.index_dir(), request,
                          sink, results);
    });
}

Result<SearchResults> Index::similar(const SimilarRequest& request) {
    const search::Deadline deadline = search::Deadline::after(request.time_limit);
    return search::read_index(impl_->reader, [&](Xapian::Database& database) {
        return run_similar(database, impl_->analyzer, impl_->reader.index_dir(), request,
                           deadline);
    });
}

Result<Article> Index::article(const std::string& id) {
    return search::read_index(impl_->reader, [&](Xapian::Database& database) {
        return find_article(database, impl_->reader.index_dir(), id);
    });
}

Result<NameVariants> Index::variants(const std::string& name, const Aliases* aliases) {
    return search::read_index(impl_->reader, [&](Xapian::Database& database) {
        impl_->lexicon.follow(impl_->reader.changes());
        impl_->names.follow(impl_->reader.changes());
        return read_variants(database, impl_->analyzer, impl_->lexicon, impl_->names,
                             impl_->alias_table(aliases), aliases ? aliases->file : "", name);
    });
}

Result<std::vector<TextRange>> Index::highlight(const SearchRequest& request,
                                               std::string_view text) {
    return search::read_index(impl_->reader, [&](Xapian::Database& database)
                                                 -> Result<std::vector<TextRange>> {
        impl_->lexicon.follow(impl_->reader.changes());
        impl_->names.follow(impl_->reader.changes());
        Result<search::SearchPlan> plan =
            plan_request(database, impl_->analyzer, impl_->lexicon, impl_->names,
                         impl_->alias_table(request.aliases), request);
        if (!plan.is_ok()) return plan.status();
        const QueryPlan& query = plan->query;
        const SnippetTerms terms{query.highlight_terms, query.highlight_prefixes,
                                 query.highlight_names, query.highlighted_words};
        return highlight_ranges(impl_->analyzer, text, terms);
    });
}

Result<std::vector<StoryGroup::Version>> Index::versions(const std::string& id) {
    return search::read_index(impl_->reader, [&](Xapian::Database& database) {
        return read_versions(database, impl_->reader.index_dir(), id);
    });
}

Result<std::vector<StoryGroup>> Index::story_groups(std::size_t min_size) {
    return search::read_index(impl_->reader, [&](Xapian::Database& database) {
        return read_story_groups(database, min_size);
    });
}

Result<IndexStats> Index::stats() {
    Result<IndexStats> stats = search::read_index(impl_->reader, [&](Xapian::Database& database) {
        return read_stats(database, impl_->reader.index_dir());
    });
    if (!stats.is_ok()) return stats;
    std::error_code error;
    for (const std::filesystem::path& shard : live_shards(stats->path).dirs(stats->path)) {
        for (const auto& entry : std::filesystem::directory_iterator(shard, error)) {
            if (entry.is_regular_file(error)) stats->size_bytes += entry.file_size(error);
        }
    }
    return stats;
}

}  // namespace depeche
