// The time limit of a search (SearchRequest::time_limit, search/deadline.hpp): what is cut once
// it has passed, and that a search without one, or with one that never passes, is the search
// it always was. No test measures time: a limit of 0 has passed at the start (the steady clock
// never goes back), and the walks are cut by clocks the tests give them.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <xapian.h>

#include "depeche/index.hpp"
#include "depeche/indexer.hpp"
#include "search/count.hpp"
#include "search/deadline.hpp"
#include "search/facets.hpp"
#include "search/matching_docids.hpp"
#include "test_support.hpp"
#include "views/formatters.hpp"

namespace {

namespace fs = std::filesystem;
using depeche::Index;
using depeche::SearchRequest;
using depeche::SearchResults;
using depeche::search::Deadline;
using depeche::test::TempDir;
using namespace std::chrono_literals;

// 60 articles over 9 months naming people and places in known proportions (as the facets'
// property test), sharing some words, so that timelines, names and two tiers have something
// to count.
Index sommet_index(const TempDir& temp) {
    const char* const people[] = {"Jean Castex", "Angela Merkel", "Boris Johnson",
                                  "Giuseppe Conte", "Pedro Sánchez"};
    const char* const places[] = {"Bruxelles", "Berlin", "Londres", "Rome", "Madrid"};
    // Each text opens with words of its own, so that no two are versions of one story.
    const char* const words[] = {"marché", "hiver", "route", "école", "pluie", "récolte",
                                 "usine", "port", "musée", "forêt", "gare", "prix", "village",
                                 "pont", "rivière", "stade", "théâtre", "hôpital", "ferme",
                                 "plage", "montagne", "colline", "tempête", "banque"};
    unsigned random = 12345;
    std::string lines;
    for (int article = 0; article < 60; ++article) {
        std::string text;
        for (int word = 0; word < 30; ++word) {
            random = random * 1103515245u + 12345u;
            text += std::string(word == 0 ? "" : " ") + words[(random >> 16) % 24];
        }
        text += ". Le sommet a réuni les dirigeants.";
        for (int person = 0; person < 5; ++person) {
            if (article % (person + 2) == 0) {
                text += std::string(" Ensuite, le dirigeant ") + people[person] +
                        " a parlé du budget à " + places[(article + person) % 5] + ".";
            }
        }
        lines += depeche::test::article_line("a" + std::to_string(article),
                                             "2020-0" + std::to_string(1 + article % 9),
                                             article % 3 == 0 ? "Sommet à Bruxelles" : "Sommet",
                                             text);
    }
    temp.write("src/a.jsonl", lines);
    depeche::IndexOptions options;
    options.index_dir = temp.path() / "index";
    options.jobs = 2;
    REQUIRE(depeche::index_paths(options, {temp.path() / "src"}, {}).is_ok());
    auto opened = Index::open(options.index_dir);
    REQUIRE(opened.is_ok());
    return std::move(opened.value());
}

SearchResults search(Index& index, const SearchRequest& request) {
    auto results = index.search(request);
    INFO(request.query << ": " << results.status().message());
    REQUIRE(results.is_ok());
    return std::move(results.value());
}

std::string json_of(const SearchResults& results) {
    std::ostringstream out;
    depeche::views::write_search_json(out, results);
    return out.str();
}

// A clock for Deadline: the deadline is at 1 h; the clock reads 0 for the first
// `reads_in_time` reads, then 2 h (so the time Xapian is given, when it is given some, is an
// hour: never reached by a test).
int reads_in_time = 0;
int reads = 0;
const Deadline::Clock::time_point origin{};
Deadline::Clock::time_point scripted_now() {
    return ++reads <= reads_in_time ? origin : origin + 2h;
}
// The deadline of that clock, passing after `in_time` reads.
Deadline passing_after(int in_time) {
    reads_in_time = in_time;
    reads = 0;
    return Deadline(origin + 1h, &scripted_now);
}

}  // namespace

TEST_CASE("time limit: passed at the start, the page of hits is whole and the counts are cut",
          "[time_limit]") {
    TempDir temp;
    Index index = sommet_index(temp);
    struct Row {
        const char* query;
        bool timeline;
        std::size_t facet_names;
    };
    const Row rows[] = {
        {"sommet dirigeant", true, 20},  // two tiers, every match walked
        {"budget", true, 0},
        {"Castex OR Merkel", false, 5},
        {"sommet", false, 0},  // nothing walked: only the snippets are cut
    };
    for (const Row& row : rows) {
        INFO(row.query);
        SearchRequest request;
        request.query = row.query;
        request.limit = 7;
        request.offset = 2;
        request.timeline = row.timeline;
        request.facet_names = row.facet_names;
        request.with_text = true;
        const SearchResults whole = search(index, request);
        request.time_limit = 0ms;
        const SearchResults cut = search(index, request);

        CHECK_FALSE(whole.timed_out);
        CHECK(cut.timed_out);
        CHECK(cut.time_limit == 0ms);
        // The page: the same hits, ranks, scores, titles and title highlights.
        REQUIRE(cut.hits.size() == whole.hits.size());
        REQUIRE(cut.hits.size() == 7);
        for (std::size_t at = 0; at < cut.hits.size(); ++at) {
            INFO(whole.hits[at].id);
            CHECK(cut.hits[at].id == whole.hits[at].id);
            CHECK(cut.hits[at].rank == whole.hits[at].rank);
            CHECK(cut.hits[at].score == whole.hits[at].score);
            CHECK(cut.hits[at].versions == whole.hits[at].versions);
            CHECK(cut.hits[at].title_highlights == whole.hits[at].title_highlights);
            // The snippet: the lead of the text, nothing highlighted.
            CHECK(cut.hits[at].snippet.highlights.empty());
            CHECK_FALSE(cut.hits[at].snippet.cut_before);
            REQUIRE(cut.hits[at].text);
            CHECK_FALSE(cut.hits[at].snippet.text.empty());
            CHECK(cut.hits[at].text->rfind(cut.hits[at].snippet.text, 0) == 0);
        }
        CHECK(cut.also_searched == whole.also_searched);
        CHECK(cut.total_estimate > 0);
        // The walk over every match never started: nothing counted, and said so.
        CHECK(cut.timeline.has_value() == row.timeline);
        if (cut.timeline) {
            CHECK(cut.timeline->empty());
            CHECK(cut.timeline_undated == 0);
            CHECK_FALSE(whole.timeline->empty());
        }
        CHECK(cut.names.has_value() == (row.facet_names > 0));
        if (cut.names) {
            CHECK(cut.names->empty());
            CHECK(cut.names_counted_over == 0);
            CHECK_FALSE(whole.names->empty());
        }
    }
    // Without snippets and nothing to walk, nothing is cut: not timed out.
    SearchRequest request;
    request.query = "budget";
    request.no_snippets = true;
    request.time_limit = 0ms;
    CHECK_FALSE(search(index, request).timed_out);
}

TEST_CASE("time limit: none, or one that never passes, gives the search as it always was",
          "[time_limit]") {
    TempDir temp;
    Index index = sommet_index(temp);
    struct Row {
        const char* query;
        bool timeline;
        std::size_t facet_names;
        bool explain;
        const char* since;
    };
    const Row rows[] = {
        {"sommet dirigeant", true, 20, false, ""},
        {"budget", true, 5, true, "2020-03"},
        {"Castex OR Merkel", false, 5, false, ""},
        {"sommet", false, 0, false, ""},
        {"zorglub", true, 3, false, ""},
    };
    for (const Row& row : rows) {
        INFO(row.query);
        SearchRequest request;
        request.query = row.query;
        request.limit = 20;
        request.timeline = row.timeline;
        request.facet_names = row.facet_names;
        request.explain = row.explain;
        if (*row.since != '\0') request.since = depeche::Date::parse_bound(row.since);
        const std::string without = json_of(search(index, request));
        request.time_limit = std::nullopt;
        CHECK(json_of(search(index, request)) == without);
        request.time_limit = std::chrono::hours(24);
        const SearchResults generous = search(index, request);
        CHECK_FALSE(generous.timed_out);
        CHECK(json_of(generous) == without);
        CHECK(without.find("timed_out") == std::string::npos);
    }
}

TEST_CASE("time limit: similar is cut as search is, its page whole", "[time_limit]") {
    TempDir temp;
    Index index = sommet_index(temp);
    depeche::SimilarRequest request;
    request.id = "a0";
    const auto whole = index.similar(request);
    REQUIRE(whole.is_ok());
    REQUIRE_FALSE(whole->hits.empty());
    request.time_limit = 0ms;
    const auto cut = index.similar(request);
    REQUIRE(cut.is_ok());
    CHECK(cut->timed_out);
    REQUIRE(cut->hits.size() == whole->hits.size());
    for (std::size_t at = 0; at < cut->hits.size(); ++at) {
        CHECK(cut->hits[at].id == whole->hits[at].id);
        CHECK(cut->hits[at].snippet.highlights.empty());
    }
}

TEST_CASE("time limit: the walk over every match stops at the deadline with what it found",
          "[time_limit]") {
    // One or two shards (a sharded database clones the filter for each) of 10,000 documents:
    // every one holds x, every second one y, every third one z.
    TempDir temp;
    struct Row {
        int shards;
        int in_time;      // clock reads before the deadline passes
        bool cut;         // the walk stops before the end
    };
    const Row rows[] = {
        {1, 1, true},     // passes at the second read, after 4,096 candidates
        {2, 1, true},     // the first shard cut, the second ends at its first candidate
        {2, 3, true},     // the first shard whole, the second cut
        {1, 1000, false}, // never passes: every match
        {2, 1000, false},
    };
    std::vector<fs::path> shard_paths;
    for (int shard = 0; shard < 2; ++shard) {
        shard_paths.push_back(temp.path() / ("shard-" + std::to_string(shard)));
        Xapian::WritableDatabase writable(shard_paths.back().string(), Xapian::DB_CREATE);
        for (int doc = 0; doc < 5000; ++doc) {
            Xapian::Document document;
            document.add_boolean_term("x");
            if (doc % 2 == 0) document.add_boolean_term("y");
            if (doc % 3 == 0) document.add_boolean_term("z");
            writable.add_document(document);
        }
        writable.commit();
    }
    for (const Row& row : rows) {
        INFO("shards " << row.shards << ", reads in time " << row.in_time);
        Xapian::Database database;
        if (row.shards == 1) {
            Xapian::WritableDatabase single((temp.path() / "single").string(), Xapian::DB_CREATE_OR_OPEN);
            if (single.get_doccount() == 0) {
                for (int doc = 0; doc < 10000; ++doc) {
                    Xapian::Document document;
                    document.add_boolean_term("x");
                    if (doc % 2 == 0) document.add_boolean_term("y");
                    if (doc % 3 == 0) document.add_boolean_term("z");
                    single.add_document(document);
                }
                single.commit();
            }
            database.add_database(Xapian::Database((temp.path() / "single").string()));
        } else {
            for (const fs::path& path : shard_paths) database.add_database(Xapian::Database(path.string()));
        }
        depeche::search::SearchPlan plan;
        plan.matching = Xapian::Query("x");
        const std::vector<Xapian::docid> all = depeche::search::matching_docids(database, plan);
        REQUIRE(all.size() == 10000);
        // (matching_docids reads the clock once before the match.)
        bool cut = false;
        const std::vector<Xapian::docid> found =
            depeche::search::matching_docids(database, plan, passing_after(row.in_time + 1), &cut);
        CHECK(cut == row.cut);
        CHECK(std::is_sorted(found.begin(), found.end()));
        CHECK(std::includes(all.begin(), all.end(), found.begin(), found.end()));
        if (row.cut) {
            CHECK(found.size() >= depeche::search::deadline_check_every / 2);
            CHECK(found.size() < all.size());
        } else {
            CHECK(found == all);
        }
        // The walk over values stops as the match does: at a read of the clock, every 4,096.
        std::size_t visited = 0;
        const std::size_t walked = depeche::search::walk_values(
            database, 0, all, [&](std::size_t, const std::string&) { ++visited; },
            passing_after(row.in_time));
        CHECK(walked == visited);
        CHECK(walked == std::min<std::size_t>(
                            10000, depeche::search::deadline_check_every *
                                       static_cast<std::size_t>(row.in_time)));

        // The count: a deadline passed checks no match; Xapian's bounds of y AND z (from the
        // terms' frequencies alone: 0 and 3,334) then differ.
        depeche::search::SearchPlan both;
        both.tiers.push_back(
            {Xapian::Query(Xapian::Query::OP_AND, Xapian::Query("y"), Xapian::Query("z")), true});
        both.matching = both.tiers.front().query;
        const auto counted = depeche::search::count_matches(database, both);
        CHECK(counted.matching >= depeche::search::matches_checked);
        CHECK_FALSE(counted.cut);
        const auto estimated = depeche::search::count_matches(database, both, passing_after(0));
        CHECK(estimated.cut);
        CHECK(estimated.matching > 0);
        // Passing later than the count: checked as without a deadline.
        CHECK_FALSE(depeche::search::count_matches(database, both, passing_after(1000)).cut);
    }
    // No deadline: no read of any clock, nothing cut.
    Deadline none;
    CHECK_FALSE(none.passed());
    CHECK_FALSE(none.halfway().passed());
    CHECK_FALSE(none.seconds_left());
    const Deadline passed = passing_after(0);
    CHECK(passed.seconds_left() == 0.0);
    CHECK(passing_after(5).halfway().passed() == false);
}

TEST_CASE("time limit: past the deadline the names facet asks for no more spellings",
          "[time_limit][facets]") {
    TempDir temp;
    Index index = sommet_index(temp);  // builds temp/index
    const Xapian::Database database((temp.path() / "index").string());
    depeche::search::SearchPlan plan;
    plan.matching = Xapian::Query("Ncastex");
    const std::vector<Xapian::docid> docids = depeche::search::matching_docids(database, plan);
    REQUIRE(docids.size() == 30);
    struct Row {
        int in_time;             // clock reads before the deadline passes
        bool spellings_asked;    // some word was asked for its spellings
        std::size_t counted_over;
        bool cut;
    };
    // The clock is read, in order: for the reading's share of the time (halfway), by the
    // reading of the names, for the spellings' share (halfway), before each spelling asked,
    // then by the exact count. The scripted clock jumps past every share at once.
    const Row rows[] = {
        {0, false, 0, true},      // passed before the names were read: nothing counted
        {2, false, 0, true},      // the names read, then no spelling asked and no article counted
        {4, true, 0, true},       // one word's spellings asked, then no more, and none counted
        {1000, true, 30, false},  // never passes
    };
    for (const Row& row : rows) {
        INFO("reads in time " << row.in_time);
        bool spellings_asked = false;
        depeche::search::NamesCut cut;
        const std::vector<depeche::NameCount> names = depeche::search::count_names(
            database, docids, 5,
            [&](const std::string&, bool with_spellings) {
                spellings_asked = spellings_asked || with_spellings;
                depeche::search::NameWord word;
                word.is_name = true;
                word.capitalised_share = 1;
                return word;
            },
            passing_after(row.in_time), &cut);
        CHECK(spellings_asked == row.spellings_asked);
        CHECK(cut.counted_over == row.counted_over);
        CHECK(cut.cut == row.cut);
        CHECK(names.empty() == (row.counted_over == 0));
    }
}
