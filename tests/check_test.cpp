// `depeche check`: what it finds wrong in an index, and the repair it advises.
#include <catch2/catch.hpp>

#include <xapian.h>

#include "depeche/index_check.hpp"
#include "depeche/indexer.hpp"
#include "store/generations.hpp"
#include "store/source_record.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using depeche::check_index;
using depeche::test::TempDir;

namespace {

fs::path indexed(const TempDir& temp) {
    temp.write("src/a.txt", "date 2020-02-16 Erdoğan à Idleb.");
    temp.write("src/b.txt", "date 2020-02 La trêve.");
    temp.write("src/c.jsonl",
               "{\"id\":\"c1\",\"date\":\"2020-03-01\",\"title\":\"T\",\"text\":\"x\"}\n");
    depeche::IndexOptions options;
    options.index_dir = temp.path() / "index";
    REQUIRE(depeche::index_paths(options, {temp.path() / "src"}, {}).is_ok());
    return options.index_dir;
}

// The names in `directory`, sorted.
std::vector<fs::path> entries_of(const fs::path& directory) {
    std::vector<fs::path> names;
    for (const auto& entry : fs::directory_iterator(directory)) {
        names.push_back(entry.path().filename());
    }
    std::sort(names.begin(), names.end());
    return names;
}

bool mentions(const depeche::IndexCheck& report, const std::string& text) {
    for (const std::string& problem : report.problems) {
        if (problem.find(text) != std::string::npos)
            return true;
    }
    return false;
}

}  // namespace

TEST_CASE("check: a fresh index is healthy", "[check]") {
    TempDir temp;
    const auto report = check_index(indexed(temp));
    REQUIRE(report.is_ok());
    INFO(report->problems.size());
    CHECK(report->healthy());
    CHECK(report->articles == 3);
    CHECK(report->source_files == 3);
}

TEST_CASE("check: an index of another analyzer version asks for a rebuild", "[check]") {
    TempDir temp;
    const fs::path index = indexed(temp);
    {
        Xapian::WritableDatabase database(index.string(), Xapian::DB_OPEN);
        database.set_metadata("depeche.analyzer", "other-0");
        database.commit();
    }
    const auto report = check_index(index);
    REQUIRE(report.is_ok());
    CHECK(!report->healthy());
    CHECK(mentions(report.value(), "other-0"));
    CHECK(mentions(report.value(), "--rebuild"));
}

TEST_CASE("check: articles without a source record ask for a rerun, which repairs", "[check]") {
    TempDir temp;
    const fs::path index = indexed(temp);
    {
        Xapian::WritableDatabase database(index.string(), Xapian::DB_OPEN);
        const std::string path = fs::absolute(temp.path() / "src" / "a.txt").lexically_normal();
        database.set_metadata(depeche::source_record_key(path), "");
        database.commit();
    }
    auto report = check_index(index);
    REQUIRE(report.is_ok());
    CHECK(report->not_recorded == 1);
    CHECK(mentions(report.value(), "run `depeche index` again"));

    depeche::IndexOptions options;
    options.index_dir = index;
    REQUIRE(depeche::index_paths(options, {temp.path() / "src"}, {}).is_ok());
    report = check_index(index);
    REQUIRE(report.is_ok());
    CHECK(report->healthy());
}

TEST_CASE("check: a recorded article missing from the index asks for a rebuild", "[check]") {
    TempDir temp;
    const fs::path index = indexed(temp);
    {
        Xapian::WritableDatabase database(index.string(), Xapian::DB_OPEN);
        database.delete_document("Qc1");
        database.commit();
    }
    const auto report = check_index(index);
    REQUIRE(report.is_ok());
    CHECK(report->recorded_but_missing == 1);
    CHECK(mentions(report.value(), "--rebuild"));
}

TEST_CASE("check: no index is an error status", "[check]") {
    TempDir temp;
    const auto report = check_index(temp.path() / "missing");
    CHECK(!report.is_ok());
    CHECK(report.status().code() == depeche::Status::Code::not_found);
}

// Regression: a directory that is not an index was reported as a problem (exit 1, "rebuild
// it") where the README promises exit 2.
TEST_CASE("check: a directory that is not an index is an error, exit 2", "[check]") {
    TempDir temp;
    temp.write("notes/todo.txt", "rien");
    const auto report = check_index(temp.path() / "notes");
    REQUIRE_FALSE(report.is_ok());
    CHECK(report.status().message().find("is not a depeche index") != std::string::npos);
    const auto result = depeche::test::run_depeche(temp.path(), {"check", "--index", "notes"});
    CHECK(result.exit_code == 2);
    CHECK(result.err == "depeche: notes is not a depeche index\n");
}

TEST_CASE("rebuild: swaps in a complete index and keeps the previous generation", "[check]") {
    TempDir temp;
    const fs::path index = indexed(temp);
    const fs::path replaced = depeche::live_database_dir(index);
    temp.write("src/d.txt", "date 2020-04 Nouvel article.");
    fs::remove(temp.path() / "src" / "b.txt");
    depeche::IndexOptions options;
    options.index_dir = index;
    options.rebuild = true;
    const auto summary = depeche::index_paths(options, {temp.path() / "src"}, {});
    REQUIRE(summary.is_ok());
    CHECK(summary->added == 3);  // a fresh generation: every article is new
    CHECK(summary->articles_in_index == 3);
    CHECK(fs::exists(replaced));  // kept for searches that opened it
    CHECK(depeche::live_database_dir(index) != replaced);
    CHECK(fs::exists(depeche::live_database_dir(index)));
    const auto report = check_index(index);
    REQUIRE(report.is_ok());
    CHECK(report->healthy());
}

TEST_CASE("rebuild: a failed rebuild leaves the live index as it was", "[check]") {
    TempDir temp;
    const fs::path index = indexed(temp);
    const fs::path live = depeche::live_database_dir(index);
    const std::vector<fs::path> entries_before = entries_of(index);
    depeche::IndexOptions options;
    options.index_dir = index;
    options.rebuild = true;
    // Regression: a mistyped path swapped in an empty index.
    auto summary = depeche::index_paths(options, {temp.path() / "typo"}, {});
    CHECK(!summary.is_ok());
    // A file that cannot be read whole (a truncated gzip) also keeps the live index.
    temp.write("src/broken.jsonl.gz", std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00", 8));
    summary = depeche::index_paths(options, {temp.path() / "src"}, {});
    CHECK(!summary.is_ok());
    CHECK(depeche::live_database_dir(index) == live);
    CHECK(entries_of(index) == entries_before);
    const auto report = check_index(index);
    REQUIRE(report.is_ok());
    CHECK(report->articles == 3);
}

TEST_CASE("rebuild: an interrupted rebuild leaves the live index as it was", "[check]") {
    TempDir temp;
    const fs::path index = indexed(temp);
    const fs::path live = depeche::live_database_dir(index);
    std::atomic<bool> stop{true};
    depeche::IndexOptions options;
    options.index_dir = index;
    options.rebuild = true;
    options.stop_requested = &stop;
    const auto summary = depeche::index_paths(options, {temp.path() / "src"}, {});
    REQUIRE(summary.is_ok());
    CHECK(summary->interrupted);
    CHECK(depeche::live_database_dir(index) == live);
    CHECK(check_index(index)->articles == 3);
}

TEST_CASE("rebuild: repairs an index built by another analyzer version", "[check]") {
    TempDir temp;
    const fs::path index = indexed(temp);
    {
        Xapian::WritableDatabase database(index.string(), Xapian::DB_OPEN);
        database.set_metadata("depeche.analyzer", "other-0");
        database.commit();
    }
    depeche::IndexOptions options;
    options.index_dir = index;
    CHECK(depeche::index_paths(options, {temp.path() / "src"}, {}).status().code() ==
          depeche::Status::Code::version_mismatch);
    options.rebuild = true;
    REQUIRE(depeche::index_paths(options, {temp.path() / "src"}, {}).is_ok());
    CHECK(check_index(index)->healthy());
}
