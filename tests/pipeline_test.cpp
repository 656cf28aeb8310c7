// The search pipeline's stages (src/search/plan.hpp): plan, count, match (tiers, collapse,
// sort), page and snippets, each through its own function on a small index, and the promises
// the whole search makes across pages and rebuilds.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include <xapian.h>
#include <nlohmann/json.hpp>

#include "depeche/index.hpp"
#include "depeche/indexer.hpp"
#include "search/count.hpp"
#include "search/expansions.hpp"
#include "search/match.hpp"
#include "search/page.hpp"
#include "search/versions.hpp"
#include "search/plan.hpp"
#include "search/snippets.hpp"
#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using depeche::Analyzer;
using depeche::Index;
using depeche::SearchRequest;
using depeche::SearchResults;
using depeche::test::TempDir;

std::string line(const std::string& id, const std::string& date, const std::string& title,
                 const std::string& text) {
    return depeche::test::article_line(id, date, title, text);
}

// A dispatch long enough to be told from others by its text (store/story_groups.hpp).
const std::string dispatch =
    "La trêve tient à Idleb, jour 3. Les habitants de la province sont sortis dans les rues "
    "pour la première fois depuis des semaines, selon des témoins joints par téléphone. Les "
    "écoles doivent rouvrir lundi si les combats ne reprennent pas.";

// 31 articles: 13 hold "trêve" and "idleb" (two of them versions of one story: a repost with
// a credit line and a new title), 18 only "idleb".
std::string corpus() {
    std::string lines;
    for (int i = 0; i < 12; ++i) {
        lines += line("both-" + std::to_string(i), "2020-02-" + std::to_string(10 + i),
                      "Trêve numéro " + std::to_string(i),
                      i == 3 ? dispatch : "La trêve tient à Idleb, jour " + std::to_string(i) + ".");
    }
    lines += line("repost-3", "2020-02-13", "Reprise : la trêve d'Idleb", dispatch + " (Avec AFP)");
    for (int i = 0; i < 18; ++i) {
        lines += line("only-" + std::to_string(i), "2020-03-" + std::to_string(10 + i),
                      "Idleb " + std::to_string(i), "Des frappes sur Idleb, jour " +
                                                       std::to_string(i) + ".");
    }
    return lines;
}

fs::path build(const TempDir& temp, const std::string& lines = corpus()) {
    temp.write("src/a.jsonl", lines);
    depeche::IndexOptions options;
    options.index_dir = temp.path() / "index";
    REQUIRE(depeche::index_paths(options, {temp.path() / "src"}, {}).is_ok());
    return options.index_dir;
}

SearchResults search(Index& index, SearchRequest request) {
    auto results = index.search(request);
    INFO(results.status().message());
    REQUIRE(results.is_ok());
    return std::move(results.value());
}

depeche::search::SearchPlan plan(const std::string& query, const Xapian::Database& database,
                                 Analyzer& analyzer, depeche::search::LexiconReader& lexicon,
                                 SearchRequest request = {}) {
    request.query = query;
    depeche::search::NameModel names;
    auto planned = depeche::search::plan_search(
        request, analyzer, depeche::search::index_expansions(database, analyzer, lexicon, names));
    INFO(planned.status().message());
    REQUIRE(planned.is_ok());
    return std::move(planned.value());
}

}  // namespace

TEST_CASE("pipeline: plan gives the tiers and the matching query, dates applied", "[pipeline]") {
    TempDir temp;
    const Xapian::Database database(build(temp).string());
    Analyzer analyzer;
    depeche::search::LexiconReader lexicon;
    // Idleb, written capitalised inside sentences, is a name: its exact term (N), not a stem.
    const auto one = plan("idleb", database, analyzer, lexicon);
    REQUIRE(one.tiers.size() == 1);
    CHECK(one.tiers[0].query.get_description() == "Query(Nidleb)");
    CHECK(one.matching.get_description() == "Query(Nidleb)");

    const auto two = plan("trêve idleb", database, analyzer, lexicon);
    REQUIRE(two.tiers.size() == 2);
    CHECK(two.tiers[0].all_words);
    CHECK_FALSE(two.tiers[1].all_words);
    CHECK(two.tiers[1].query.get_description() ==
          "Query(((trev OR Nidleb) AND_NOT (trev AND Nidleb)))");
    CHECK(two.matching.get_description() == "Query((trev OR Nidleb))");

    SearchRequest dated;
    dated.since = depeche::Date{2020, 2, 0};
    dated.until = depeche::Date{2020, 2, 0};
    const auto filtered = plan("idleb", database, analyzer, lexicon, dated);
    CHECK(filtered.date_filtered);
    CHECK(filtered.tiers[0].query.get_description() ==
          "Query((Nidleb FILTER (M202002 AND VALUE_GE 1 20200201 AND VALUE_LE 0 20200229)))");
}

TEST_CASE("pipeline: count, match, page and snippets, stage by stage", "[pipeline]") {
    TempDir temp;
    const Xapian::Database database(build(temp).string());
    Analyzer analyzer;
    depeche::search::LexiconReader lexicon;
    const auto planned = plan("trêve idleb", database, analyzer, lexicon);

    const auto count = depeche::search::count_matches(database, planned);
    CHECK(count.matching == 31);
    CHECK(count.with_all_words == 13);

    // Tier 1 has 12 stories (the repost folded), then tier 2's 18.
    const auto all = depeche::search::match_page(database, planned, 0, 100);
    REQUIRE(all.size() == 30);
    for (std::size_t i = 0; i < 12; ++i) CHECK(all[i].tier == 0);
    for (std::size_t i = 12; i < 30; ++i) CHECK(all[i].tier == 1);
    std::size_t folded = 0;
    for (const auto& match : all) folded += match.collapsed;
    CHECK(folded == 1);
    // The versions stage names the other version and shows the earliest (both are of one day:
    // the first indexed).
    std::vector<depeche::search::Match> with_versions = all;
    depeche::search::add_versions(database, planned, with_versions);
    std::size_t listed = 0;
    for (const auto& match : with_versions) {
        if (match.versions.empty()) continue;
        ++listed;
        CHECK(match.versions == std::vector<std::string>{"repost-3"});
    }
    CHECK(listed == 1);

    const auto page = depeche::search::load_page(all, 1, temp.path());
    REQUIRE(page.is_ok());
    CHECK(page->front().hit.rank == 1);
    CHECK(page->back().hit.rank == 30);
    CHECK(page->front().hit.has_all_words);
    CHECK_FALSE(page->back().hit.has_all_words);

    std::vector<depeche::search::PageEntry> entries = std::move(page.value());
    depeche::search::add_snippets(database, analyzer, planned.query, 240, entries);
    for (const auto& entry : entries) {
        INFO(entry.hit.id);
        CHECK_FALSE(entry.hit.snippet.highlights.empty());
        CHECK_FALSE(entry.hit.title_highlights.empty());
    }
}

// Regression: the total counted tier 2 only when tier 1 left the page short, so it changed
// with --offset.
TEST_CASE("pipeline: every page reports the same total, and pages neither repeat nor skip",
          "[pipeline]") {
    TempDir temp;
    auto index = Index::open(build(temp));
    REQUIRE(index.is_ok());
    for (const auto sort : {depeche::SortOrder::relevance, depeche::SortOrder::newest}) {
        SearchRequest whole;
        whole.query = "trêve idleb";
        whole.limit = 100;
        whole.sort = sort;
        const SearchResults everything = search(index.value(), whole);
        REQUIRE(everything.hits.size() == 30);
        std::vector<std::string> paged;
        for (std::size_t offset = 0; offset < 35; offset += 7) {
            SearchRequest request = whole;
            request.offset = offset;
            request.limit = 7;
            const SearchResults results = search(index.value(), request);
            CHECK(results.total_estimate == everything.total_estimate);
            for (const auto& hit : results.hits) {
                CHECK(hit.rank == paged.size() + 1);
                paged.push_back(hit.id);
            }
        }
        std::vector<std::string> expected;
        for (const auto& hit : everything.hits) expected.push_back(hit.id);
        CHECK(paged == expected);
    }
}

TEST_CASE("pipeline: an Index held open follows two rebuilds", "[pipeline]") {
    TempDir temp;
    const fs::path index_dir = build(temp, line("a", "2020-01-01", "Premier", "Texte un."));
    auto index = Index::open(index_dir);
    REQUIRE(index.is_ok());
    SearchRequest request;
    request.query = "texte";
    CHECK(search(index.value(), request).hits.size() == 1);
    for (int rebuild = 1; rebuild <= 2; ++rebuild) {
        std::string lines;
        for (int i = 0; i <= rebuild; ++i) {
            lines += line("r" + std::to_string(i), "2020-01-02", "Titre " + std::to_string(i),
                          "Texte refait.");
        }
        temp.write("src/a.jsonl", lines);
        depeche::IndexOptions options;
        options.index_dir = index_dir;
        options.rebuild = true;
        REQUIRE(depeche::index_paths(options, {temp.path() / "src"}, {}).is_ok());
        // The generation it opened first is gone after the second rebuild.
        const SearchResults results = search(index.value(), request);
        CHECK(results.hits.size() == static_cast<std::size_t>(rebuild + 1));
        CHECK(index->article("r0").is_ok());
        CHECK(index->article("a").status().code() == depeche::Status::Code::not_found);
        auto stats = index->stats();
        REQUIRE(stats.is_ok());
        CHECK(stats->articles == static_cast<std::size_t>(rebuild + 1));
    }
}

// Regression: the date filter wrote year terms unpadded ("Y999") where documents hold "Y0999".
TEST_CASE("pipeline: years below 1000 are found by date: and by date bounds", "[pipeline]") {
    TempDir temp;
    auto index = Index::open(build(temp, line("old", "0999-05-01", "Chronique", "Un texte ancien.") +
                                             line("new", "2020-05-01", "Chronique", "Un texte récent.")));
    REQUIRE(index.is_ok());
    SearchRequest request;
    request.query = "texte date:0999";
    auto results = search(index.value(), request);
    REQUIRE(results.hits.size() == 1);
    CHECK(results.hits[0].id == "old");
    request.query = "texte";
    request.since = depeche::Date{999, 0, 0};
    request.until = depeche::Date{999, 12, 0};
    results = search(index.value(), request);
    REQUIRE(results.hits.size() == 1);
    CHECK(results.hits[0].id == "old");
    request.since = depeche::Date{998, 0, 0};
    request.until = depeche::Date{1000, 0, 0};
    CHECK(search(index.value(), request).hits.size() == 1);
}

// Regression: the prefix of title:négo* was kept with the title prefix ("Snego") and
// compared with plain words: nothing was highlighted.
TEST_CASE("pipeline: title:prefix* highlights its words in the title and the text",
          "[pipeline]") {
    TempDir temp;
    auto index = Index::open(build(temp, line("n", "2020-01-01", "Négociations à Genève",
                                                 "Les négociateurs se retrouvent.")));
    REQUIRE(index.is_ok());
    SearchRequest request;
    request.query = "title:négo*";
    const auto results = search(index.value(), request);
    REQUIRE(results.hits.size() == 1);
    const auto& hit = results.hits[0];
    REQUIRE(hit.title_highlights.size() == 1);
    CHECK(hit.title.substr(hit.title_highlights[0].begin,
                           hit.title_highlights[0].end - hit.title_highlights[0].begin) ==
          "Négociations");
    REQUIRE(hit.snippet.highlights.size() == 1);
    CHECK(hit.snippet.text.substr(hit.snippet.highlights[0].begin,
                                  hit.snippet.highlights[0].end - hit.snippet.highlights[0].begin) ==
          "négociateurs");
}

// Regression: a sentence pasted from an article failed on punctuation after a closing quote.
TEST_CASE("pipeline: pasted sentences with punctuation are searched, not refused",
          "[pipeline]") {
    TempDir temp;
    auto index = Index::open(build(temp, line("d", "2020-01-01", "Décès",
                                                 "Il a dit \"non\". Un bébé décédé à 7 mois "
                                                 "(Belgique).")));
    REQUIRE(index.is_ok());
    for (const char* pasted : {"il a dit \"non\".", "décédé à 7 mois (Belgique).",
                               "« non ». (...) - décédé ;"}) {
        SearchRequest request;
        request.query = pasted;
        const auto results = index->search(request);
        INFO(pasted << ": " << results.status().message());
        REQUIRE(results.is_ok());
        CHECK(results->hits.size() == 1);
    }
}
