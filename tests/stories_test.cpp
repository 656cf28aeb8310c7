// Versions of one story (store/story_groups.hpp): grouped by their text when indexing, one
// result per story in searches, the same groups whether built at once on several shards or
// by runs of updates, and a reprint that arrives later joining its story.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "depeche/index.hpp"
#include "depeche/indexer.hpp"
#include "store/story_groups.hpp"
#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using depeche::Index;
using depeche::SearchRequest;
using depeche::SearchResults;
using depeche::StoryGroup;
using depeche::test::TempDir;

std::string line(const std::string& id, const std::string& date, const std::string& title,
                 const std::string& text) {
    return depeche::test::article_line(id, date, title, text);
}

// A text of `words` words drawn from a small vocabulary by a generator seeded with `seed`:
// two seeds give texts that share words but hardly any run of four.
std::string text_of(unsigned seed, int words) {
    static const char* const vocabulary[] = {
        "le", "gouvernement", "a", "annoncé", "jeudi", "une", "réforme", "des", "retraites",
        "qui", "doit", "être", "votée", "au", "Sénat", "avant", "l'été", "selon", "ministre",
        "syndicats", "grève", "nationale", "mardi", "prochain", "dans", "plusieurs", "villes",
        "manifestants", "police", "estime", "mille", "personnes", "défilé", "Paris", "Lyon",
        "Marseille", "cortège", "calme", "tensions", "fin"};
    constexpr unsigned size = sizeof vocabulary / sizeof vocabulary[0];
    std::string text;
    unsigned state = seed * 2654435761U + 12345U;
    for (int word = 0; word < words; ++word) {
        state = state * 1103515245U + 12345U;
        if (!text.empty()) text += (word % 12 == 0) ? ". " : " ";
        text += vocabulary[(state >> 16) % size];
    }
    return text + ".";
}

fs::path index_into(const fs::path& index_dir, const std::vector<fs::path>& sources,
                    unsigned jobs = 2) {
    depeche::IndexOptions options;
    options.index_dir = index_dir;
    options.jobs = jobs;
    const auto summary = depeche::index_paths(options, sources, [](const depeche::Diagnostic&) {});
    INFO((summary.is_ok() ? std::string() : summary.status().message()));
    REQUIRE(summary.is_ok());
    return index_dir;
}

Index open_index(const fs::path& index_dir) {
    auto opened = Index::open(index_dir);
    REQUIRE(opened.is_ok());
    return std::move(opened.value());
}

SearchResults search(Index& index, SearchRequest request) {
    auto results = index.search(request);
    INFO(request.query << ": " << results.status().message());
    REQUIRE(results.is_ok());
    return std::move(results.value());
}

std::vector<std::vector<std::string>> groups_of(Index& index) {
    const auto groups = index.story_groups();
    REQUIRE(groups.is_ok());
    std::vector<std::vector<std::string>> ids;
    for (const StoryGroup& group : groups.value()) {
        std::vector<std::string> members;
        for (const StoryGroup::Version& version : group.versions) members.push_back(version.id);
        std::sort(members.begin(), members.end());
        ids.push_back(members);
    }
    std::sort(ids.begin(), ids.end());
    return ids;
}

const std::string senate = text_of(1, 90);
const std::string update_paragraph =
    " Dans la soirée, le texte a finalement été adopté par 180 voix contre 150, a précisé "
    "la présidence de la chambre haute.";

// A story in three versions (an update of one day, a trimmed repost of the next with a new
// title and a credit line), and two same-title round-ups of one day with different texts.
std::string story_fixture() {
    return line("d1", "2020-05-18", "Le Sénat examine la réforme des retraites", senate) +
           line("d2", "2020-05-18", "Retraites : le Sénat a voté la réforme",
                senate + update_paragraph) +
           line("d3", "2020-05-19", "VIDÉO. Réforme des retraites au Sénat",
                senate.substr(0, senate.size() * 3 / 4) + " (Avec AFP)") +
           line("roundup-1", "2020-05-18", "Coronavirus: le point sur la pandémie dans le monde",
                text_of(2, 90) + " Le Sénat se réunira.") +
           line("roundup-2", "2020-05-18", "Coronavirus: le point sur la pandémie dans le monde",
                text_of(3, 90) + " Le Sénat a siégé.");
}

}  // namespace

TEST_CASE("stories: versions with new titles or dates are one result; same-title round-ups "
          "are not", "[stories]") {
    TempDir temp;
    temp.write("src/a.jsonl", story_fixture());
    Index index = open_index(index_into(temp.path() / "index", {temp.path() / "src"}));
    CHECK(groups_of(index) == std::vector<std::vector<std::string>>{{"d1", "d2", "d3"}});

    SearchRequest request;
    request.query = "sénat";
    const SearchResults results = search(index, request);
    REQUIRE(results.hits.size() == 3);
    std::vector<std::string> ids;
    for (const auto& hit : results.hits) {
        ids.push_back(hit.id);
        if (hit.id == "d1") {
            // The earliest version stands for the story, and lists the others, earliest first.
            CHECK(hit.versions == std::vector<std::string>{"d2", "d3"});
            CHECK(hit.reposts == 2);
        } else {
            CHECK(hit.versions.empty());
            CHECK(hit.reposts == 0);
        }
    }
    std::sort(ids.begin(), ids.end());
    CHECK(ids == std::vector<std::string>{"d1", "roundup-1", "roundup-2"});
    CHECK(results.total_estimate == 5);  // every matching article, versions included

    // A word only the update has: the update is the earliest version that matches.
    request.query = "voix";
    const SearchResults update = search(index, request);
    REQUIRE(update.hits.size() == 1);
    CHECK(update.hits[0].id == "d2");
    CHECK(update.hits[0].versions == std::vector<std::string>{"d1", "d3"});

    // --all-versions: each version on its own, still naming the others.
    request.query = "sénat";
    request.all_versions = true;
    const SearchResults every = search(index, request);
    CHECK(every.hits.size() == 5);
    for (const auto& hit : every.hits) {
        INFO(hit.id);
        CHECK(hit.versions.size() == (hit.id.starts_with("d") ? 2U : 0U));
    }

    const auto versions = index.versions("d3");
    REQUIRE(versions.is_ok());
    REQUIRE(versions->size() == 2);
    CHECK(versions.value()[0].id == "d1");
    CHECK(versions.value()[1].id == "d2");
    CHECK(versions.value()[0].title == "Le Sénat examine la réforme des retraites");
    CHECK(index.versions("roundup-1")->empty());
    CHECK(index.versions("nobody").status().code() == depeche::Status::Code::not_found);
}

TEST_CASE("stories: a reprint indexed in a later run joins its story, and leaves it when "
          "removed", "[stories]") {
    TempDir temp;
    temp.write("src/a.jsonl", line("d1", "2020-05-18", "Le Sénat examine la réforme", senate) +
                                  line("other", "2020-05-18", "Autre chose",
                                       "Une tout autre histoire : la fête du village a réuni "
                                       "les habitants autour d'un grand repas, avec un concert "
                                       "et un feu d'artifice tiré depuis le stade municipal."));
    const fs::path index_dir = index_into(temp.path() / "index", {temp.path() / "src"});
    Index index = open_index(index_dir);
    CHECK(groups_of(index).empty());

    temp.write("src/b.jsonl", line("d3", "2020-05-19", "VIDÉO. Réforme au Sénat",
                                   senate.substr(0, senate.size() * 2 / 3) + " (Avec AFP)"));
    index_into(index_dir, {temp.path() / "src"});
    CHECK(groups_of(index) == std::vector<std::vector<std::string>>{{"d1", "d3"}});
    SearchRequest request;
    request.query = "sénat";
    const SearchResults results = search(index, request);
    REQUIRE(results.hits.size() == 1);
    CHECK(results.hits[0].id == "d1");
    CHECK(results.hits[0].versions == std::vector<std::string>{"d3"});

    fs::remove(temp.path() / "src" / "b.jsonl");
    index_into(index_dir, {temp.path() / "src"});
    CHECK(groups_of(index).empty());
    CHECK(search(index, request).hits.at(0).versions.empty());
}

TEST_CASE("stories: a build from nothing on several shards finds the groups runs of updates "
          "find", "[stories]") {
    // 8 stories of 1 to 4 versions (trimmed, extended, re-dated, retitled, credited) and 6
    // articles alone, spread over 4 files.
    std::vector<std::string> files(4);
    int file = 0;
    for (unsigned story = 0; story < 8; ++story) {
        const std::string text = text_of(100 + story, 70 + 5 * static_cast<int>(story));
        for (unsigned version = 0; version <= story % 4; ++version) {
            std::string body = text;
            if (version == 1) body = text.substr(0, text.size() * 3 / 4);
            if (version == 2) body = text + " " + text_of(500 + story, 12);
            if (version == 3) body = "(Avec AFP) " + text;
            files[static_cast<std::size_t>(file++ % 4)] +=
                line("s" + std::to_string(story) + "v" + std::to_string(version),
                     "2020-06-1" + std::to_string(version), "Titre " + std::to_string(version),
                     body);
        }
    }
    for (unsigned alone = 0; alone < 6; ++alone) {
        files[alone % 4] += line("alone-" + std::to_string(alone), "2020-07-01", "Seul",
                                 text_of(900 + alone, 80));
    }
    TempDir temp;
    std::vector<fs::path> paths;
    for (std::size_t number = 0; number < files.size(); ++number) {
        paths.push_back(temp.write("src/" + std::to_string(number) + ".jsonl", files[number]));
    }
    Index at_once = open_index(index_into(temp.path() / "at-once", {temp.path() / "src"}, 3));
    const auto expected = groups_of(at_once);
    CHECK(expected.size() == 6);  // the stories with 2 versions or more
    for (const auto& group : expected) {
        INFO(group.front());
        // Each group is one story, whole.
        const std::string story = group.front().substr(0, group.front().find('v'));
        for (const std::string& id : group) CHECK(id.starts_with(story + "v"));
    }
    const fs::path by_runs = temp.path() / "by-runs";
    for (const fs::path& path : paths) index_into(by_runs, {path}, 1);
    Index updated = open_index(by_runs);
    CHECK(groups_of(updated) == expected);
}

TEST_CASE("stories: similar finds the related article, never the article's own story",
          "[stories][similar]") {
    TempDir temp;
    temp.write("src/a.jsonl",
               story_fixture() +
                   // Another story on the same subject: half of its words are the dispatch's.
                   line("related", "2020-06-02", "Retraites : le Sénat et la grève",
                        senate.substr(senate.size() / 2) + " " + text_of(40, 40)) +
                   line("unrelated", "2020-06-03", "La fête du village",
                        "Une tout autre histoire : la fête du village a réuni les habitants "
                        "autour d'un grand repas, avec un concert et un feu d'artifice tiré "
                        "depuis le stade municipal."));
    Index index = open_index(index_into(temp.path() / "index", {temp.path() / "src"}));
    depeche::SimilarRequest request;
    request.id = "d1";
    const auto results = index.similar(request);
    REQUIRE(results.is_ok());
    REQUIRE_FALSE(results->hits.empty());
    CHECK(results->hits.front().id == "related");
    CHECK(results->query == "similar to d1");
    for (const auto& hit : results->hits) {
        INFO(hit.id);
        CHECK_FALSE(hit.id.starts_with("d"));  // d1, d2, d3: its own story
        CHECK(hit.id != "unrelated");          // shares none of its distinctive words
    }
    CHECK_FALSE(results->hits.front().snippet.highlights.empty());

    // Dates filter it as they filter a search.
    request.until = depeche::Date{2020, 5, 31};
    const auto earlier = index.similar(request);
    REQUIRE(earlier.is_ok());
    for (const auto& hit : earlier->hits) CHECK(hit.id.starts_with("roundup"));

    request.id = "nobody";
    CHECK(index.similar(request).status().code() == depeche::Status::Code::not_found);
}

TEST_CASE("stories: the timeline counts every match per month, stories once, zeros included",
          "[stories][timeline]") {
    TempDir temp;
    const std::string village =
        "Une tout autre histoire : la fête du village a réuni les habitants autour d'un grand "
        "repas, avec un concert et un feu d'artifice tiré depuis le stade municipal.";
    temp.write("src/a.jsonl",
               story_fixture() +  // May: 5 articles with "sénat", 3 stories
                   line("june", "2020-06-10", "Juin", village) +
                   line("july-1", "2020-07-02", "Juillet", text_of(60, 50) + " Au Sénat."));
    temp.write("src/b.jsonl", line("july-2", "2020-07-03", "Juillet encore", village + " Encore.") +
                                  line("undated", "", "Sans date", "Le Sénat sans date."));
    Index index = open_index(index_into(temp.path() / "index", {temp.path() / "src"}));
    SearchRequest request;
    request.query = "sénat";
    request.timeline = true;
    const SearchResults results = search(index, request);
    REQUIRE(results.timeline);
    const std::vector<depeche::MonthCount> expected = {
        {"2020-05", 5, 3, 1000.0}, {"2020-06", 0, 0, 0.0}, {"2020-07", 1, 1, 500.0}};
    CHECK(*results.timeline == expected);
    CHECK(results.timeline_undated == 1);

    request.until = depeche::Date{2020, 6, 0};  // date bounds apply
    CHECK(*search(index, request).timeline ==
          std::vector<depeche::MonthCount>{{"2020-05", 5, 3, 1000.0}});
    request.until.reset();
    request.query = "sénat OR fête";  // and every operator
    const SearchResults either = search(index, request);
    REQUIRE(either.timeline);
    CHECK((*either.timeline)[1] == depeche::MonthCount{"2020-06", 1, 1, 1000.0});
    CHECK((*either.timeline)[2] == depeche::MonthCount{"2020-07", 2, 2, 1000.0});
    request.query = "zorglub";
    const SearchResults none = search(index, request);
    REQUIRE(none.timeline);
    CHECK(none.timeline->empty());
    request.timeline = false;
    CHECK_FALSE(search(index, request).timeline);
}

TEST_CASE("stories: search_all hands over every result of every page, in order, one per story",
          "[stories][export]") {
    TempDir temp;
    std::string lines = story_fixture();
    for (int number = 0; number < 30; ++number) {
        lines += line("n" + std::to_string(number), "2020-08-0" + std::to_string(1 + number % 9),
                      "Sénat " + std::to_string(number), text_of(200 + number, 30 + number));
    }
    temp.write("src/a.jsonl", lines);
    Index index = open_index(index_into(temp.path() / "index", {temp.path() / "src"}));
    for (const auto sort : {depeche::SortOrder::relevance, depeche::SortOrder::newest}) {
        SearchRequest request;
        request.query = "sénat";
        request.sort = sort;
        request.limit = 1000;
        std::vector<std::string> paged;
        for (const auto& hit : search(index, request).hits) paged.push_back(hit.id);
        std::vector<std::string> streamed;
        std::size_t expected_rank = 1;
        depeche::SearchResults head;
        request.with_text = true;
        const auto handed = index.search_all(request, [&](const depeche::SearchHit& hit) {
            CHECK(hit.rank == expected_rank++);
            CHECK(hit.text.has_value());
            streamed.push_back(hit.id);
            return true;
        }, &head);
        REQUIRE(handed.is_ok());
        CHECK(handed.value() == paged.size());
        CHECK(streamed == paged);
        CHECK(head.total_estimate == paged.size() + 2);  // d1's two other versions
        // The sink can stop it.
        std::size_t seen = 0;
        const auto stopped = index.search_all(request, [&](const depeche::SearchHit&) {
            return ++seen < 3;
        });
        REQUIRE(stopped.is_ok());
        CHECK(seen == 3);
    }
}
