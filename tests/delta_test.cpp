// Deltas: articles new to an index that holds articles go, when there are many, into a new
// small shard built on all cores (indexing/in_place_writer.cpp, store/generations.hpp). Each
// case checks what a user sees (the exact ids, searches, a no-op rerun) and the shards the
// stub lists.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "depeche/index.hpp"
#include "depeche/indexer.hpp"
#include "store/generations.hpp"
#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using depeche::Index;
using depeche::IndexOptions;
using depeche::IndexSummary;
using depeche::LiveShards;
using depeche::test::Ids;
using depeche::test::require_exact_ids;
using depeche::test::TempDir;

// `count` articles with ids prefix0.., each text naming its id and a shared word.
std::string articles(const std::string& prefix, int count, const std::string& word = "trêve") {
    std::string lines;
    for (int i = 0; i < count; ++i) {
        const std::string id = prefix + std::to_string(i);
        nlohmann::json record = {{"id", id},
                                 {"date", "2020-02-16"},
                                 {"title", "Dépêche " + id},
                                 {"text", "Texte de " + id + " sur la " + word + " à Idleb."}};
        lines += record.dump() + "\n";
    }
    return lines;
}

Ids ids(const std::string& prefix, int count) {
    Ids result;
    for (int i = 0; i < count; ++i) result.insert(prefix + std::to_string(i));
    return result;
}

IndexSummary index_ok(const fs::path& index_dir, const std::vector<fs::path>& paths) {
    IndexOptions options;
    options.index_dir = index_dir;
    options.jobs = 2;
    auto summary = depeche::index_paths(options, paths, {});
    INFO(summary.status().message());
    REQUIRE(summary.is_ok());
    return summary.value();
}

std::size_t found(const fs::path& index_dir, const std::string& query) {
    auto index = Index::open(index_dir);
    REQUIRE(index.is_ok());
    depeche::SearchRequest request;
    request.query = query;
    request.limit = 10000;
    auto results = index->search(request);
    REQUIRE(results.is_ok());
    std::size_t count = 0;
    for (const auto& hit : results->hits) count += 1 + hit.reposts;
    return count;
}

}  // namespace

TEST_CASE("delta: many new articles go into a delta shard, live and searchable", "[delta]") {
    TempDir temp;
    const fs::path index_dir = temp.path() / "index";
    temp.write("src/base.jsonl", articles("b", 600));
    index_ok(index_dir, {temp.path() / "src"});
    const LiveShards before = depeche::live_shards(index_dir);
    CHECK(before.deltas.empty());

    temp.write("src/new.jsonl", articles("n", 300, "cessez-le-feu"));
    const IndexSummary added = index_ok(index_dir, {temp.path() / "src"});
    CHECK(added.added == 300);
    CHECK(added.articles_in_index == 900);
    const LiveShards after = depeche::live_shards(index_dir);
    CHECK(after.generation == before.generation);
    CHECK(after.deltas == std::vector<unsigned>{1});
    Ids expected = ids("b", 600);
    expected.merge(ids("n", 300));
    require_exact_ids(index_dir, expected);
    CHECK(found(index_dir, "cessez-le-feu") == 300);
    CHECK(found(index_dir, "idleb") == 900);

    // The records came with the delta: nothing to do on a rerun.
    const IndexSummary rerun = index_ok(index_dir, {temp.path() / "src"});
    CHECK(rerun.articles_written() == 0);
    CHECK(rerun.unchanged == 900);

    SECTION("an article in the delta is updated where it is, and removed with its file") {
        std::string changed = articles("n", 300, "cessez-le-feu");
        changed.replace(changed.find("Texte de n7 "), 12, "Nouveau texte de n7 ");
        temp.write("src/new.jsonl", changed);
        fs::last_write_time(temp.path() / "src/new.jsonl",
                            fs::file_time_type::clock::now() + std::chrono::seconds(10));
        const IndexSummary updated = index_ok(index_dir, {temp.path() / "src"});
        CHECK(updated.updated == 1);
        CHECK(updated.added == 0);
        CHECK(found(index_dir, "nouveau") == 1);
        require_exact_ids(index_dir, expected);

        fs::remove(temp.path() / "src/new.jsonl");
        const IndexSummary removed = index_ok(index_dir, {temp.path() / "src"});
        CHECK(removed.removed == 300);
        require_exact_ids(index_dir, ids("b", 600));
        CHECK(found(index_dir, "cessez-le-feu") == 0);
    }
    SECTION("an index held open sees the delta") {
        auto index = Index::open(index_dir);
        REQUIRE(index.is_ok());
        temp.write("src/more.jsonl", articles("m", 280, "pangolin"));
        index_ok(index_dir, {temp.path() / "src"});
        depeche::SearchRequest request;
        request.query = "pangolin";
        request.limit = 1000;
        auto results = index->search(request);
        REQUIRE(results.is_ok());
        CHECK(results->hits.size() == 280);
        CHECK(depeche::live_shards(index_dir).deltas.size() == 2);
    }
}

TEST_CASE("delta: a few new articles are written in place, no delta", "[delta]") {
    TempDir temp;
    const fs::path index_dir = temp.path() / "index";
    temp.write("src/base.jsonl", articles("b", 300));
    index_ok(index_dir, {temp.path() / "src"});
    temp.write("src/new.jsonl", articles("n", 20));
    CHECK(index_ok(index_dir, {temp.path() / "src"}).added == 20);
    CHECK(depeche::live_shards(index_dir).deltas.empty());
    Ids expected = ids("b", 300);
    expected.merge(ids("n", 20));
    require_exact_ids(index_dir, expected);
}

TEST_CASE("delta: shards are merged, few and each article a few times", "[delta]") {
    TempDir temp;
    const fs::path index_dir = temp.path() / "index";
    temp.write("src/base.jsonl", articles("b", 3000));
    index_ok(index_dir, {temp.path() / "src"});
    const unsigned generation = depeche::live_shards(index_dir).generation;
    Ids expected = ids("b", 3000);
    // Five runs of 300: the fifth delta makes five, past the four allowed: they are merged.
    for (int run = 0; run < 5; ++run) {
        const std::string prefix = "r" + std::to_string(run) + "-";
        temp.write("src/" + prefix + ".jsonl", articles(prefix, 300));
        expected.merge(ids(prefix, 300));
        index_ok(index_dir, {temp.path() / "src"});
        const LiveShards live = depeche::live_shards(index_dir);
        INFO("run " << run);
        CHECK(live.generation == generation);
        CHECK(live.deltas.size() == (run < 4 ? static_cast<std::size_t>(run) + 1 : 1));
    }
    require_exact_ids(index_dir, expected);
    // The next runs until the deltas hold more articles than the base: then one generation.
    for (int run = 5; run < 12; ++run) {
        const std::string prefix = "r" + std::to_string(run) + "-";
        temp.write("src/" + prefix + ".jsonl", articles(prefix, 300));
        expected.merge(ids(prefix, 300));
        index_ok(index_dir, {temp.path() / "src"});
        CHECK(depeche::live_shards(index_dir).deltas.size() <= 5);
    }
    const LiveShards merged = depeche::live_shards(index_dir);
    CHECK(merged.generation == generation + 1);
    CHECK(merged.deltas.size() <= 1);
    require_exact_ids(index_dir, expected);
    CHECK(found(index_dir, "idleb") == expected.size());
    CHECK(index_ok(index_dir, {temp.path() / "src"}).articles_written() == 0);
}

TEST_CASE("delta: a run stopped while building a delta publishes what was read", "[delta]") {
    TempDir temp;
    const fs::path index_dir = temp.path() / "index";
    temp.write("src/a-base.jsonl", articles("b", 600));
    index_ok(index_dir, {temp.path() / "src"});
    for (int file = 0; file < 4; ++file) {
        temp.write("src/n" + std::to_string(file) + ".jsonl",
                   articles("n" + std::to_string(file) + "-", 200));
    }
    std::atomic<bool> stop{false};
    IndexOptions options;
    options.index_dir = index_dir;
    options.jobs = 2;
    options.stop_requested = &stop;
    std::size_t files = 0;
    options.on_file = [&](const depeche::FileOutcome&) {
        if (++files == 3) stop = true;  // base, n0, n1 read: stop before n2
    };
    auto summary = depeche::index_paths(options, {temp.path() / "src"}, {});
    REQUIRE(summary.is_ok());
    CHECK(summary->interrupted);
    Ids expected = ids("b", 600);
    expected.merge(ids("n0-", 200));
    expected.merge(ids("n1-", 200));
    require_exact_ids(index_dir, expected);
    // The rerun reads only what was not finished.
    const IndexSummary rest = index_ok(index_dir, {temp.path() / "src"});
    CHECK(rest.added == 400);
    CHECK(rest.unchanged == 1000);
    expected.merge(ids("n2-", 200));
    expected.merge(ids("n3-", 200));
    require_exact_ids(index_dir, expected);
}
