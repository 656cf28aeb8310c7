// The names facet (search/facets.hpp) and the name: filter, on the sample articles of data/
// (an agency dispatch writing Idleb and Bachar al-Assad, a translation writing Idlib and Bashar
// al-Assad) and on small corpora made here.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "analysis/name_mentions.hpp"
#include "depeche/index.hpp"
#include "depeche/indexer.hpp"
#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using depeche::Index;
using depeche::NameCount;
using depeche::SearchRequest;
using depeche::SearchResults;
using depeche::test::TempDir;

Index index_of(const fs::path& index_dir, const std::vector<fs::path>& sources) {
    depeche::IndexOptions options;
    options.index_dir = index_dir;
    options.jobs = 2;
    const auto summary = depeche::index_paths(options, sources, [](const depeche::Diagnostic&) {});
    REQUIRE(summary.is_ok());
    auto opened = Index::open(index_dir);
    REQUIRE(opened.is_ok());
    return std::move(opened.value());
}

SearchResults search(Index& index, const std::string& query, std::size_t facet_names = 0,
                     bool exact = false) {
    SearchRequest request;
    request.query = query;
    request.limit = 100;
    request.facet_names = facet_names;
    request.exact = exact;
    auto results = index.search(request);
    INFO(query << ": " << results.status().message());
    REQUIRE(results.is_ok());
    return std::move(results.value());
}

std::set<std::string> ids_of(const SearchResults& results) {
    std::set<std::string> ids;
    for (const depeche::SearchHit& hit : results.hits) ids.insert(hit.id);
    return ids;
}

const NameCount* find_name(const SearchResults& results, const std::string& name) {
    for (const NameCount& entry : *results.names) {
        if (entry.name == name) return &entry;
    }
    return nullptr;
}

Index seeds_index(const TempDir& temp) {
    const fs::path data = fs::path(DEPECHE_SOURCE_DIR) / "data";
    return index_of(temp.path() / "index", {data / "000_05566ce379563084.txt",
                                            data / "004_a24c5228d2048ced.txt"});
}

}  // namespace

TEST_CASE("facets: the spellings of one name count as one, over every match", "[facets]") {
    TempDir temp;
    Index index = seeds_index(temp);
    const SearchResults results = search(index, "syrie", 20);
    REQUIRE(results.names);
    CHECK(results.names_counted_over == 2);
    CHECK(results.names->size() == 20);
    const NameCount* assad = find_name(results, "Bachar al-Assad");
    REQUIRE(assad);
    CHECK(assad->count == 2);  // one article writes Bachar, the other Bashar
    CHECK(assad->spellings == std::vector<std::string>{"Bashar al-Assad"});
    const NameCount* idleb = find_name(results, "Idleb");
    REQUIRE(idleb);
    CHECK(idleb->count == 2);
    CHECK(idleb->spellings == std::vector<std::string>{"Idlib"});
    CHECK(find_name(results, "Bashar al-Assad") == nullptr);
    // Most articles first, then by name; never a function word.
    for (std::size_t index_of_name = 0; index_of_name < results.names->size(); ++index_of_name) {
        const NameCount& name = (*results.names)[index_of_name];
        INFO(name.name);
        CHECK(name.count <= 2);
        CHECK(name.count >= 1);
        if (index_of_name > 0) {
            const NameCount& before = (*results.names)[index_of_name - 1];
            CHECK((before.count > name.count || (before.count == name.count && before.name < name.name)));
        }
        for (const char* function_word : {"Le", "La", "Les", "Mais", "Selon", "Il", "Depuis", "Pour"}) {
            CHECK(name.name != function_word);
        }
    }
    // Not asked: none.
    CHECK_FALSE(search(index, "syrie").names);
    CHECK(search(index, "syrie", 3).names->size() == 3);
    // Nothing matches: an empty list over no article.
    const SearchResults none = search(index, "zorglub", 5);
    REQUIRE(none.names);
    CHECK(none.names->empty());
    CHECK(none.names_counted_over == 0);
}

TEST_CASE("facets: name: finds a name in every spelling, and filters", "[facets][query]") {
    TempDir temp;
    Index index = seeds_index(temp);
    const std::set<std::string> both = ids_of(search(index, "syrie"));
    REQUIRE(both.size() == 2);
    for (const char* query : {"name:\"Bachar al-Assad\"", "name:\"Bashar al-Assad\"",
                              "name:\"bachar el-assad\"", "name:\"BASHAR AL-ASSAD\"",
                              "name:Idlib", "name:idleb", "syrie name:Idleb"}) {
        INFO(query);
        CHECK(ids_of(search(index, query)) == both);
    }
    // --exact: the spelling typed only (one article writes Bashar, both Bachar).
    CHECK(search(index, "name:\"Bashar al-Assad\"", 0, true).hits.size() == 1);
    CHECK(search(index, "name:Idlib", 0, true).hits.size() == 1);
    CHECK(search(index, "name:\"Bachar al-Assad\"", 0, true).hits.size() == 2);
    // Excluded, and names nobody mentions.
    CHECK(search(index, "syrie -name:Idlib").hits.empty());
    CHECK(search(index, "name:\"Bachar Poutine\"").hits.empty());
    CHECK(search(index, "name:zorglub").hits.empty());
    // A filter adds nothing to the score: the same order with it.
    const SearchResults plain = search(index, "turquie russie");
    const SearchResults filtered = search(index, "turquie russie name:Idleb");
    REQUIRE(plain.hits.size() == filtered.hits.size());
    for (std::size_t at = 0; at < plain.hits.size(); ++at) {
        CHECK(plain.hits[at].id == filtered.hits[at].id);
        CHECK(plain.hits[at].score == Approx(filtered.hits[at].score));
    }
    // A name: with no word is a message, not a crash.
    SearchRequest request;
    request.query = "name:\"(...)\"";
    const auto failed = index.search(request);
    REQUIRE_FALSE(failed.is_ok());
    CHECK(failed.status().message().find("name:") != std::string::npos);
}

TEST_CASE("facets: each count is the number of matching articles that name: finds",
          "[facets][property]") {
    // A corpus where names recur in known proportions, in titles and texts, in several
    // writings; the invariant holds for each name listed, whatever the query.
    TempDir temp;
    const char* const people[] = {"Jean Castex", "Angela Merkel", "Boris Johnson",
                                  "Giuseppe Conte", "Pedro Sánchez"};
    const char* const places[] = {"Bruxelles", "Berlin", "Londres", "Rome", "Madrid"};
    std::string lines;
    for (int article = 0; article < 60; ++article) {
        std::string text = "Le sommet a réuni les dirigeants.";
        for (int person = 0; person < 5; ++person) {
            if (article % (person + 2) == 0) {
                text += std::string(" Ensuite, le dirigeant ") + people[person] +
                        " a parlé du budget à " + places[(article + person) % 5] + ".";
            }
        }
        if (article % 7 == 0) text += " Selon M. Castex, le plan est prêt.";
        lines += depeche::test::article_line("a" + std::to_string(article), "2020-0" +
                                                 std::to_string(1 + article % 9),
                                             article % 3 == 0 ? "Sommet à Bruxelles" : "Sommet",
                                             text);
    }
    temp.write("src/a.jsonl", lines);
    Index index = index_of(temp.path() / "index", {temp.path() / "src"});
    for (const char* query : {"sommet", "budget", "dirigeant NOT Merkel", "date:2020-03"}) {
        const SearchResults results = search(index, query, 50);
        REQUIRE(results.names);
        INFO(query);
        CHECK(results.names_counted_over == results.total_estimate);
        CHECK_FALSE(results.names->empty());
        for (const NameCount& name : *results.names) {
            INFO(name.name);
            const std::string filtered =
                std::string("(") + query + ") name:\"" + name.name + "\"";
            CHECK(search(index, filtered).total_estimate == name.count);
            CHECK(name.name != "Ensuite");
            CHECK(name.name != "Selon");
            CHECK(name.name != "M");
        }
    }
}
