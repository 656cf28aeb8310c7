// Incremental indexing through index_paths: what a rerun reads, rewrites and removes after
// files change, vanish, get truncated or swap ids; per-file outcomes, stopping, and the
// indexes index_paths refuses to touch. After every run the exact set of ids is checked, both
// through the public API and by listing the id terms of the Xapian database.
#include <zlib.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <xapian.h>
#include <nlohmann/json.hpp>

#include "depeche/index.hpp"
#include "depeche/indexer.hpp"
#include "store/schema.hpp"
#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using depeche::Diagnostic;
using depeche::FileOutcome;
using depeche::Index;
using depeche::IndexOptions;
using depeche::IndexSummary;
using depeche::Status;
using depeche::test::TempDir;
using depeche::test::write_gzip;
using depeche::test::Ids;
using depeche::test::id_terms;
using depeche::test::require_exact_ids;

// One JSON Lines record with a date.
std::string json_line(const std::string& id, const std::string& text) {
    nlohmann::json record;
    record["id"] = id;
    record["date"] = "2020-02-16";
    record["text"] = text;
    return record.dump() + "\n";
}

// A text file in the sample format.
std::string text_file(const std::string& text) {
    return "date 2020-02-16 " + text + "\n";
}

std::string read_whole(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

// Moves the modification time of `path` `seconds` after what it was: a rerun must see the
// file as changed even when it was rewritten within the file system's time granularity.
void bump_mtime(const fs::path& path, int seconds = 10) {
    fs::last_write_time(path, fs::last_write_time(path) + std::chrono::seconds(seconds));
}

// Rewrites `relative` in `temp` with `content` and a modification time surely different.
void rewrite(const TempDir& temp, const std::string& relative, const std::string& content) {
    const fs::path path = temp.path() / relative;
    const auto before =
        fs::exists(path) ? fs::last_write_time(path) : fs::file_time_type::clock::now();
    temp.write(relative, content);
    fs::last_write_time(path, before + std::chrono::seconds(10));
}

// What one index_paths call gave.
struct RunOutput {
    depeche::Result<IndexSummary> result = Status::io_error("not run");
    std::vector<Diagnostic> diagnostics;
    std::vector<FileOutcome> files;

    const IndexSummary& summary() const { return result.value(); }
    std::size_t count_diagnostics(Diagnostic::Severity severity, const std::string& part) const {
        return static_cast<std::size_t>(
            std::count_if(diagnostics.begin(), diagnostics.end(), [&](const Diagnostic& d) {
                return d.severity == severity && d.to_string().find(part) != std::string::npos;
            }));
    }
    std::string all_diagnostics() const {
        std::string text;
        for (const Diagnostic& diagnostic : diagnostics) text += diagnostic.to_string() + "\n";
        return text;
    }
    // The outcome reported for the file named `name` (its last path component).
    std::vector<FileOutcome> outcomes_for(const std::string& name) const {
        std::vector<FileOutcome> found;
        for (const FileOutcome& outcome : files) {
            if (fs::path(outcome.path).filename() == name)
                found.push_back(outcome);
        }
        return found;
    }
};

RunOutput run_index(const fs::path& index_dir, const std::vector<fs::path>& paths,
                    const std::function<void(IndexOptions&)>& adjust = {}) {
    RunOutput output;
    IndexOptions options;
    options.index_dir = index_dir;
    options.jobs = 2;
    options.on_file = [&output](const FileOutcome& outcome) { output.files.push_back(outcome); };
    if (adjust)
        adjust(options);
    output.result = depeche::index_paths(options, paths, [&output](const Diagnostic& diagnostic) {
        output.diagnostics.push_back(diagnostic);
    });
    return output;
}

// Runs and requires success; the diagnostics are shown when something later fails.
RunOutput run_ok(const fs::path& index_dir, const std::vector<fs::path>& paths,
                 const std::function<void(IndexOptions&)>& adjust = {}) {
    RunOutput output = run_index(index_dir, paths, adjust);
    INFO(output.result.status().message());
    REQUIRE(output.result.is_ok());
    return output;
}

std::string article_text(const fs::path& index_dir, const std::string& id) {
    auto index = Index::open(index_dir);
    REQUIRE(index.is_ok());
    const auto article = index->article(id);
    INFO("article " << id << ": " << article.status().message());
    REQUIRE(article.is_ok());
    return article->text;
}

Status::Code article_status(const fs::path& index_dir, const std::string& id) {
    auto index = Index::open(index_dir);
    REQUIRE(index.is_ok());
    return index->article(id).status().code();
}

// A text that compresses poorly enough for a cut gzip stream to end mid-file.
std::string varied_text(std::size_t seed, const std::string& version) {
    static const char* const words[] = {
        "trêve",   "Idleb",   "rebelles", "régime",   "Ankara", "Moscou",   "Erdoğan",
        "Poutine", "frappes", "civils",   "réfugiés", "armée",  "convoi",   "frontière",
        "Syrie",   "Turquie", "accord",   "sommet",   "ONU",    "offensive"};
    std::string text = "Dépêche " + version + " numéro " + std::to_string(seed) + " :";
    std::uint64_t state = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    for (int word = 0; word < 18; ++word) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        text += ' ';
        text += words[(state >> 33) % (sizeof words / sizeof words[0])];
        text += std::to_string((state >> 20) % 1000);
    }
    return text + ".";
}

}  // namespace

TEST_CASE("incremental: reruns read only changed files and rewrite only changed articles",
          "[incremental]") {
    TempDir temp;
    const fs::path src = temp.path() / "src";
    const fs::path index_dir = temp.path() / "index";
    temp.write("src/a.txt", text_file("Premier article sur la trêve à Idleb."));
    temp.write("src/b.txt", text_file("Deuxième article sur Ankara et Moscou."));
    temp.write("src/c.txt", text_file("Troisième article sur les réfugiés."));
    temp.write("src/feed.jsonl", json_line("j1", "Un convoi turc entre en Syrie.") +
                                     json_line("j2", "Les frappes reprennent au nord.") +
                                     json_line("j3", "Un sommet est prévu à Moscou."));

    {
        const RunOutput first = run_ok(index_dir, {src});
        INFO(first.all_diagnostics());
        CHECK(first.summary().added == 6);
        CHECK(first.summary().updated == 0);
        CHECK(first.summary().unchanged == 0);
        CHECK(first.summary().removed == 0);
        CHECK(first.summary().sources.files_read == 4);
        CHECK(first.summary().articles_in_index == 6);
        CHECK(first.diagnostics.empty());
        require_exact_ids(index_dir, {"a", "b", "c", "j1", "j2", "j3"});
    }
    {
        const RunOutput again = run_ok(index_dir, {src});
        CHECK(again.summary().added == 0);
        CHECK(again.summary().updated == 0);
        CHECK(again.summary().unchanged == 6);
        CHECK(again.summary().removed == 0);
        CHECK(again.summary().sources.files_unchanged == 4);
        CHECK(again.summary().sources.files_read == 0);
        CHECK(again.files.size() == 4);
        for (const FileOutcome& outcome : again.files) {
            INFO(outcome.path);
            CHECK(outcome.kind == FileOutcome::Kind::unchanged);
        }
        require_exact_ids(index_dir, {"a", "b", "c", "j1", "j2", "j3"});
    }
    {  // a.txt changes
        rewrite(temp, "src/a.txt", text_file("Premier article, corrigé : la trêve tient."));
        const RunOutput changed = run_ok(index_dir, {src});
        CHECK(changed.summary().added == 0);
        CHECK(changed.summary().updated == 1);
        CHECK(changed.summary().unchanged == 5);
        CHECK(changed.summary().removed == 0);
        CHECK(changed.summary().sources.files_read == 1);
        CHECK(changed.summary().sources.files_unchanged == 3);
        require_exact_ids(index_dir, {"a", "b", "c", "j1", "j2", "j3"});
        CHECK(article_text(index_dir, "a") == "Premier article, corrigé : la trêve tient.");
    }
    {  // b.txt touched: read again, nothing rewritten
        bump_mtime(src / "b.txt");
        const RunOutput touched = run_ok(index_dir, {src});
        CHECK(touched.summary().added == 0);
        CHECK(touched.summary().updated == 0);
        CHECK(touched.summary().unchanged == 6);
        CHECK(touched.summary().removed == 0);
        CHECK(touched.summary().sources.files_read == 1);
        CHECK(touched.summary().sources.files_unchanged == 3);
        const auto b = touched.outcomes_for("b.txt");
        REQUIRE(b.size() == 1);
        CHECK(b[0].kind == FileOutcome::Kind::read);
        CHECK(b[0].unchanged == 1);
        CHECK(b[0].updated == 0);
        require_exact_ids(index_dir, {"a", "b", "c", "j1", "j2", "j3"});

        // And the touch was recorded: the next run does not read it again.
        const RunOutput after_touch = run_ok(index_dir, {src});
        CHECK(after_touch.summary().sources.files_read == 0);
        CHECK(after_touch.summary().sources.files_unchanged == 4);
    }
    {  // the same directory written another way: the same files, all unchanged
        const RunOutput spelled = run_ok(index_dir, {temp.path() / "." / "src" / ""});
        CHECK(spelled.summary().sources.files_unchanged == 4);
        CHECK(spelled.summary().sources.files_read == 0);
        CHECK(spelled.summary().removed == 0);
        require_exact_ids(index_dir, {"a", "b", "c", "j1", "j2", "j3"});
    }
    {  // c.txt deleted
        fs::remove(src / "c.txt");
        const RunOutput deleted = run_ok(index_dir, {src});
        CHECK(deleted.summary().added == 0);
        CHECK(deleted.summary().updated == 0);
        CHECK(deleted.summary().unchanged == 5);
        CHECK(deleted.summary().removed == 1);
        CHECK(deleted.summary().articles_in_index == 5);
        const auto c = deleted.outcomes_for("c.txt");
        REQUIRE(c.size() == 1);
        CHECK(c[0].kind == FileOutcome::Kind::removed);
        CHECK(c[0].removed == 1);
        require_exact_ids(index_dir, {"a", "b", "j1", "j2", "j3"});
        CHECK(article_status(index_dir, "c") == Status::Code::not_found);
    }
    {  // feed.jsonl: j1 changed, j2 dropped, j4 added
        rewrite(temp, "src/feed.jsonl",
                json_line("j1", "Un convoi turc est entré en Syrie ce matin.") +
                    json_line("j3", "Un sommet est prévu à Moscou.") +
                    json_line("j4", "L'ONU demande un cessez-le-feu."));
        const RunOutput jsonl = run_ok(index_dir, {src});
        INFO(jsonl.all_diagnostics());
        CHECK(jsonl.summary().added == 1);
        CHECK(jsonl.summary().updated == 1);
        CHECK(jsonl.summary().removed == 1);
        CHECK(jsonl.summary().unchanged == 3);  // a, b, j3
        const auto feed = jsonl.outcomes_for("feed.jsonl");
        REQUIRE(feed.size() == 1);
        CHECK(feed[0].kind == FileOutcome::Kind::read);
        CHECK(feed[0].added == 1);
        CHECK(feed[0].updated == 1);
        CHECK(feed[0].unchanged == 1);
        CHECK(feed[0].removed == 1);
        require_exact_ids(index_dir, {"a", "b", "j1", "j3", "j4"});
        CHECK(article_status(index_dir, "j2") == Status::Code::not_found);
        CHECK(article_text(index_dir, "j1") == "Un convoi turc est entré en Syrie ce matin.");
    }
    {  // nothing changed since: all unchanged
        const RunOutput last = run_ok(index_dir, {src});
        CHECK(last.summary().articles_written() == 0);
        CHECK(last.summary().removed == 0);
        CHECK(last.summary().unchanged == 5);
        CHECK(last.summary().sources.files_read == 0);
        require_exact_ids(index_dir, {"a", "b", "j1", "j3", "j4"});
    }
}

TEST_CASE("incremental: a file named on the command line that is gone keeps its articles",
          "[incremental]") {
    TempDir temp;
    const fs::path index_dir = temp.path() / "index";
    const fs::path loose = temp.write("loose/x.txt", text_file("Un article isolé."));
    temp.write("src/a.txt", text_file("Un article dans un dossier."));
    run_ok(index_dir, {loose, temp.path() / "src"});
    require_exact_ids(index_dir, {"x", "a"});

    fs::remove(loose);
    const RunOutput gone = run_ok(index_dir, {loose, temp.path() / "src"});
    INFO(gone.all_diagnostics());
    CHECK(gone.count_diagnostics(Diagnostic::Severity::error, "no such file or directory") == 1);
    CHECK(gone.summary().sources.errors == 1);
    CHECK(gone.summary().removed == 0);
    require_exact_ids(index_dir, {"x", "a"});
}

TEST_CASE("incremental: a truncated .jsonl.gz updates what was read and removes nothing",
          "[incremental]") {
    TempDir temp;
    const fs::path index_dir = temp.path() / "index";
    const fs::path gz = temp.path() / "src" / "feed.jsonl.gz";
    fs::create_directories(gz.parent_path());
    constexpr std::size_t records = 300;
    Ids all;
    std::string first_version;
    std::string second_version;
    for (std::size_t i = 0; i < records; ++i) {
        const std::string id = "r" + std::to_string(i);
        all.insert(id);
        first_version += json_line(id, varied_text(i, "v1"));
        second_version += json_line(id, varied_text(i, "v2"));
    }
    write_gzip(gz, first_version);
    {
        const RunOutput first = run_ok(index_dir, {temp.path() / "src"});
        INFO(first.all_diagnostics());
        CHECK(first.summary().added == records);
        CHECK(first.diagnostics.empty());
    }
    require_exact_ids(index_dir, all);

    // Every record changes, and the file loses its last third.
    const fs::path whole = temp.path() / "whole.jsonl.gz";
    write_gzip(whole, second_version);
    const std::string compressed = read_whole(whole);
    REQUIRE(compressed.size() > 3000);  // enough for the cut to fall inside the stream
    const auto old_time = fs::last_write_time(gz);
    temp.write("src/feed.jsonl.gz", compressed.substr(0, compressed.size() * 2 / 3));
    fs::last_write_time(gz, old_time + std::chrono::seconds(10));

    const RunOutput cut = run_ok(index_dir, {temp.path() / "src"});
    INFO(cut.all_diagnostics());
    CHECK(cut.count_diagnostics(Diagnostic::Severity::error, "truncated or corrupt") == 1);
    CHECK(cut.summary().updated > 0);
    CHECK(cut.summary().updated < records);
    CHECK(cut.summary().added == 0);
    CHECK(cut.summary().removed == 0);
    const auto outcome = cut.outcomes_for("feed.jsonl.gz");
    REQUIRE(outcome.size() == 1);
    CHECK(outcome[0].kind == FileOutcome::Kind::unreadable);
    require_exact_ids(index_dir, all);
    CHECK(article_text(index_dir, "r0") == varied_text(0, "v2"));
    const std::string last = "r" + std::to_string(records - 1);
    CHECK(article_text(index_dir, last) == varied_text(records - 1, "v1"));

    // Made whole again: the rest is updated, still nothing removed.
    fs::copy_file(whole, gz, fs::copy_options::overwrite_existing);
    fs::last_write_time(gz, old_time + std::chrono::seconds(20));
    const RunOutput repaired = run_ok(index_dir, {temp.path() / "src"});
    INFO(repaired.all_diagnostics());
    CHECK(repaired.diagnostics.empty());
    CHECK(repaired.summary().removed == 0);
    CHECK(repaired.summary().added == 0);
    require_exact_ids(index_dir, all);
    CHECK(article_text(index_dir, last) == varied_text(records - 1, "v2"));
}

TEST_CASE("incremental: an id that moves to another file in one run stays", "[incremental]") {
    TempDir temp;
    const fs::path src = temp.path() / "src";
    const fs::path index_dir = temp.path() / "index";
    temp.write("src/a.jsonl", json_line("m", "Version de A.") + json_line("a1", "Seul dans A."));
    temp.write("src/b.jsonl", json_line("b1", "Seul dans B."));
    run_ok(index_dir, {src});
    require_exact_ids(index_dir, {"m", "a1", "b1"});

    SECTION("from the file read first to the one read later") {
        rewrite(temp, "src/a.jsonl", json_line("a1", "Seul dans A."));
        rewrite(temp, "src/b.jsonl",
                json_line("b1", "Seul dans B.") + json_line("m", "Version de B."));
        const RunOutput moved = run_ok(index_dir, {src});
        INFO(moved.all_diagnostics());
        require_exact_ids(index_dir, {"m", "a1", "b1"});
        CHECK(article_text(index_dir, "m") == "Version de B.");

        // And back again.
        rewrite(temp, "src/a.jsonl",
                json_line("m", "Retour dans A.") + json_line("a1", "Seul dans A."));
        rewrite(temp, "src/b.jsonl", json_line("b1", "Seul dans B."));
        run_ok(index_dir, {src});
        require_exact_ids(index_dir, {"m", "a1", "b1"});
        CHECK(article_text(index_dir, "m") == "Retour dans A.");
    }
    SECTION("out of a file deleted in the same run") {
        fs::remove(src / "a.jsonl");
        rewrite(temp, "src/b.jsonl",
                json_line("b1", "Seul dans B.") + json_line("m", "Version de B."));
        const RunOutput moved = run_ok(index_dir, {src});
        INFO(moved.all_diagnostics());
        require_exact_ids(index_dir, {"m", "b1"});
        CHECK(article_text(index_dir, "m") == "Version de B.");
    }
    SECTION("across many batches (the removal and the new copy far apart)") {
        std::string a;
        for (int i = 0; i < 150; ++i)
            a += json_line("a" + std::to_string(i), varied_text(static_cast<std::size_t>(i), "A"));
        rewrite(temp, "src/a.jsonl", a);
        std::string b = json_line("b1", "Seul dans B.");
        for (int i = 0; i < 150; ++i)
            b += json_line("b" + std::to_string(i + 2),
                           varied_text(static_cast<std::size_t>(i), "B"));
        b += json_line("m", "Version de B, loin.");
        rewrite(temp, "src/b.jsonl", b);
        run_ok(index_dir, {src}, [](IndexOptions& options) { options.commit_every = 7; });
        Ids expected{"m", "b1"};
        for (int i = 0; i < 150; ++i) {
            expected.insert("a" + std::to_string(i));
            expected.insert("b" + std::to_string(i + 2));
        }
        require_exact_ids(index_dir, expected);
        CHECK(article_text(index_dir, "m") == "Version de B, loin.");
    }
}

TEST_CASE("incremental: the same id in two files in one run: one article, a warning",
          "[incremental]") {
    TempDir temp;
    const fs::path src = temp.path() / "src";
    const fs::path index_dir = temp.path() / "index";
    temp.write("src/c.jsonl", json_line("d", "Version de C.") + json_line("c1", "Seul dans C."));
    temp.write("src/d.jsonl", json_line("d", "Version de D."));
    const RunOutput run = run_ok(index_dir, {src});
    INFO(run.all_diagnostics());
    CHECK(run.count_diagnostics(Diagnostic::Severity::warning, "replaces") == 1);
    CHECK(run.count_diagnostics(Diagnostic::Severity::warning, "d.jsonl:1:") == 1);
    CHECK(run.summary().articles_in_index == 2);
    require_exact_ids(index_dir, {"d", "c1"});
    CHECK(article_text(index_dir, "d") == "Version de D.");

    // A rerun changes nothing.
    const RunOutput again = run_ok(index_dir, {src});
    CHECK(again.summary().articles_written() == 0);
    CHECK(again.summary().removed == 0);
    require_exact_ids(index_dir, {"d", "c1"});
}

// Regression: c.jsonl and d.jsonl both give "d"; d.jsonl (read later) wins. When d.jsonl then
// dropped "d", the article was deleted although c.jsonl, unchanged and therefore not read
// again, still held it; later runs never brought it back.
TEST_CASE("incremental: an id still given by an unchanged file survives its removal elsewhere",
          "[incremental]") {
    TempDir temp;
    const fs::path src = temp.path() / "src";
    const fs::path index_dir = temp.path() / "index";
    temp.write("src/c.jsonl", json_line("d", "Version de C.") + json_line("c1", "Seul dans C."));
    temp.write("src/d.jsonl", json_line("d", "Version de D.") + json_line("d1", "Seul dans D."));
    run_ok(index_dir, {src});
    require_exact_ids(index_dir, {"d", "c1", "d1"});

    rewrite(temp, "src/d.jsonl", json_line("d1", "Seul dans D."));
    const RunOutput dropped = run_ok(index_dir, {src});
    INFO(dropped.all_diagnostics());
    require_exact_ids(index_dir, {"d", "c1", "d1"});  // c.jsonl still has "d"
    run_ok(index_dir, {src});
    require_exact_ids(index_dir, {"d", "c1", "d1"});
}

TEST_CASE("incremental: on_file gets one outcome per file, of the right kind", "[incremental]") {
    TempDir temp;
    const fs::path src = temp.path() / "src";
    const fs::path index_dir = temp.path() / "index";
    temp.write("src/keep.txt", text_file("Rien ne change ici."));
    temp.write("src/edit.txt", text_file("Avant la correction."));
    temp.write("src/gone.txt", text_file("Bientôt supprimé."));
    std::string bad_lines;
    for (int i = 0; i < 100; ++i) {
        bad_lines +=
            json_line("bad" + std::to_string(i), varied_text(static_cast<std::size_t>(i), "v1"));
    }
    fs::create_directories(src);
    write_gzip(src / "bad.jsonl.gz", bad_lines);
    temp.write("src/notes.md", "not a source\n");
    {
        const RunOutput first = run_ok(index_dir, {src});
        CHECK(first.files.size() == 4);  // notes.md is not a source file
        for (const FileOutcome& outcome : first.files) {
            INFO(outcome.path);
            CHECK(outcome.kind == FileOutcome::Kind::read);
            CHECK(outcome.added == (outcome.path.ends_with(".gz") ? 100U : 1U));
            CHECK(fs::path(outcome.path).is_absolute());
        }
    }
    rewrite(temp, "src/edit.txt", text_file("Après la correction."));
    fs::remove(src / "gone.txt");
    {  // bad.jsonl.gz cut short: it cannot be read to its end
        const std::string compressed = read_whole(src / "bad.jsonl.gz");
        rewrite(temp, "src/bad.jsonl.gz", compressed.substr(0, compressed.size() / 2));
    }
    const RunOutput run = run_ok(index_dir, {src});
    INFO(run.all_diagnostics());
    CHECK(run.files.size() == 4);
    const std::map<std::string, FileOutcome::Kind> expected{
        {"keep.txt", FileOutcome::Kind::unchanged},
        {"edit.txt", FileOutcome::Kind::read},
        {"gone.txt", FileOutcome::Kind::removed},
        {"bad.jsonl.gz", FileOutcome::Kind::unreadable}};
    for (const auto& [name, kind] : expected) {
        const auto outcomes = run.outcomes_for(name);
        INFO(name);
        REQUIRE(outcomes.size() == 1);
        CHECK(outcomes[0].kind == kind);
    }
    CHECK(run.outcomes_for("keep.txt")[0].unchanged == 1);
    CHECK(run.outcomes_for("edit.txt")[0].updated == 1);
    CHECK(run.outcomes_for("gone.txt")[0].removed == 1);
    CHECK(run.count_diagnostics(Diagnostic::Severity::error, "truncated or corrupt") == 1);
    // The file read in part keeps all its articles.
    Ids ids{"keep", "edit"};
    for (int i = 0; i < 100; ++i) ids.insert("bad" + std::to_string(i));
    require_exact_ids(index_dir, ids);
}

TEST_CASE("incremental: stop_requested stops after a file; a rerun finishes", "[incremental]") {
    TempDir temp;
    const fs::path src = temp.path() / "src";
    const fs::path index_dir = temp.path() / "index";
    Ids all;
    for (int file = 0; file < 5; ++file) {
        std::string lines;
        for (int record = 0; record < 3; ++record) {
            const std::string id = "f" + std::to_string(file) + "r" + std::to_string(record);
            all.insert(id);
            lines += json_line(id, varied_text(static_cast<std::size_t>(file * 3 + record), "s"));
        }
        temp.write("src/f" + std::to_string(file) + ".jsonl", lines);
    }

    std::atomic<bool> stop{false};
    const RunOutput stopped = run_ok(index_dir, {src}, [&stop](IndexOptions& options) {
        options.stop_requested = &stop;
        auto record = options.on_file;
        options.on_file = [&stop, record](const FileOutcome& outcome) {
            record(outcome);
            stop.store(true);
        };
    });
    CHECK(stopped.summary().interrupted);
    CHECK(stopped.files.size() == 1);
    auto index = Index::open(index_dir);
    INFO(index.status().message());
    REQUIRE(index.is_ok());
    const auto stats = index->stats();
    REQUIRE(stats.is_ok());
    CHECK(stats->articles >= 3);  // the first file, written and committed
    CHECK(stats->articles < all.size());
    for (const auto& [id, documents] : id_terms(index_dir)) {
        INFO(id);
        CHECK(all.contains(id));
        CHECK(documents == 1);
    }

    const RunOutput rest = run_ok(index_dir, {src});
    CHECK_FALSE(rest.summary().interrupted);
    CHECK(rest.summary().removed == 0);
    CHECK(rest.summary().unchanged + rest.summary().articles_written() == all.size());
    CHECK(rest.summary().sources.files_unchanged >= 1);
    require_exact_ids(index_dir, all);
}

TEST_CASE("incremental: a non-empty directory that is not an index is left alone",
          "[incremental]") {
    TempDir temp;
    temp.write("src/a.txt", text_file("Un article."));
    temp.write("precious/notes.txt", "mes notes\n");
    temp.write("precious/sub/data.bin", std::string("\x01\x02\x03", 3));
    auto listing = [&] {
        std::map<std::string, std::string> files;
        for (const auto& entry : fs::recursive_directory_iterator(temp.path() / "precious")) {
            files[entry.path().string()] =
                entry.is_regular_file() ? read_whole(entry.path()) : std::string("<dir>");
        }
        return files;
    };
    const auto before = listing();
    const RunOutput refused = run_index(temp.path() / "precious", {temp.path() / "src"});
    INFO(refused.result.status().message());
    CHECK_FALSE(refused.result.is_ok());
    CHECK(refused.result.status().code() == Status::Code::invalid_argument);
    CHECK(refused.result.status().message().find("not a depeche index") != std::string::npos);
    CHECK(listing() == before);
}

TEST_CASE("incremental: an index built by another analyzer version is not written",
          "[incremental]") {
    TempDir temp;
    const fs::path index_dir = temp.path() / "index";
    temp.write("src/a.txt", text_file("Un article."));
    run_ok(index_dir, {temp.path() / "src"});
    {
        Xapian::WritableDatabase database(index_dir.string(), Xapian::DB_OPEN);
        database.set_metadata(depeche::schema::analyzer_key, "analyzer-from-elsewhere");
        database.commit();
    }
    Xapian::rev revision = 0;
    {
        Xapian::Database database(index_dir.string());
        revision = database.get_revision();
        REQUIRE(database.get_doccount() == 1);
    }
    temp.write("src/b.txt", text_file("Un autre article."));
    const RunOutput refused = run_index(index_dir, {temp.path() / "src"});
    INFO(refused.result.status().message());
    CHECK_FALSE(refused.result.is_ok());
    CHECK(refused.result.status().code() == Status::Code::version_mismatch);
    CHECK(refused.files.empty());
    CHECK(refused.diagnostics.empty());

    Xapian::Database database(index_dir.string());
    CHECK(database.get_revision() == revision);
    CHECK(database.get_doccount() == 1);
    CHECK(database.get_metadata(depeche::schema::analyzer_key) == "analyzer-from-elsewhere");
    CHECK(Index::open(index_dir).status().code() == Status::Code::version_mismatch);
}

// Regression: a JSON Lines file giving "d" twice, read again after a touch (same content),
// counted the second "d" as updated and rewrote it, and did not repeat the duplicate warning.
TEST_CASE("incremental: a touched file with a duplicated id is all unchanged", "[incremental]") {
    TempDir temp;
    const fs::path src = temp.path() / "src";
    const fs::path index_dir = temp.path() / "index";
    temp.write("src/dup.jsonl", json_line("d", "Premier texte.") + json_line("d", "Second texte."));
    const RunOutput first = run_ok(index_dir, {src});
    CHECK(first.count_diagnostics(Diagnostic::Severity::warning, "dup.jsonl:2: duplicate id") == 1);
    require_exact_ids(index_dir, {"d"});
    CHECK(article_text(index_dir, "d") == "Second texte.");

    bump_mtime(src / "dup.jsonl");
    const RunOutput touched = run_ok(index_dir, {src});
    INFO(touched.all_diagnostics());
    CHECK(touched.summary().articles_written() == 0);
    CHECK(touched.count_diagnostics(Diagnostic::Severity::warning, "dup.jsonl:2: duplicate id") ==
          1);
    require_exact_ids(index_dir, {"d"});
    CHECK(article_text(index_dir, "d") == "Second texte.");
}
