// Bad input through the real binary: a copy of tests/fixtures/bad-input (invalid UTF-8,
// binary, empty and header-only files, malformed date headers, CRLF, a BOM, a JSON Lines file
// with bad records), plus what git cannot hold, made here: a FIFO, a broken symlink, a symlink
// loop and an unreadable file. `depeche index` must finish, report each problem once, exit 1
// and index every good article.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "depeche/index.hpp"
#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using depeche::Index;
using depeche::test::read_whole;
using depeche::test::RunResult;
using depeche::test::TempDir;

RunResult run(const fs::path& cwd, const std::vector<std::string>& arguments) {
    return depeche::test::run_depeche(cwd, arguments);
}
using Clock = std::chrono::steady_clock;

std::vector<std::string> sorted_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    std::sort(lines.begin(), lines.end());
    return lines;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

// A copy of the committed fixtures in `temp`/bad-input, with the special files added. Returns
// whether the unreadable file is really unreadable (not when running as root).
bool make_bad_input(const TempDir& temp, bool with_unreadable = true) {
    const fs::path dir = temp.path() / "bad-input";
    fs::copy(fs::path(DEPECHE_SOURCE_DIR) / "tests" / "fixtures" / "bad-input", dir,
             fs::copy_options::recursive);
    REQUIRE(::mkfifo((dir / "fifo.txt").c_str(), 0644) == 0);
    fs::create_symlink("missing-target.txt", dir / "dangling.txt");
    fs::create_symlink("loop-b.txt", dir / "loop-a.txt");
    fs::create_symlink("loop-a.txt", dir / "loop-b.txt");
    // A text file over the reader's 64 MiB limit is not made: writing it would slow the suite
    // for a branch (read the first 64 MiB, warn) that costs nothing to reason about.
    if (!with_unreadable)
        return false;
    if (::geteuid() == 0) return false;  // root reads anything: see the test below
    const fs::path unreadable =
        temp.write("bad-input/unreadable.txt", "date 2020-02-22 Personne ne peut lire ceci.\n");
    fs::permissions(unreadable, fs::perms::none);
    return true;
}

}  // namespace

TEST_CASE("bad input: index finishes, reports each problem once, indexes the good articles",
          "[bad-input]") {
    TempDir temp;
    const bool has_unreadable = make_bad_input(temp);
    const RunResult result = run(temp.path(), {"index", "-q", "--index", "idx", "bad-input"});
    INFO("stdout:\n" << result.out << "stderr:\n" << result.err);
    CHECK(result.exit_code == 1);

    const std::string dated_only =
        " in the date header: indexed without a date "
        "(expected YYYY-MM or YYYY-MM-DD)";
    std::vector<std::string> expected_err{
        "bad-input/bad-month.txt:1: invalid date \"2020-13\"" + dated_only,
        "bad-input/binary.txt: error: binary file, skipped",
        "bad-input/dangling.txt: broken symbolic link: skipped",
        "bad-input/date-alone.txt:1: date header without a date: indexed without a date "
        "(expected \"date YYYY-MM\" or \"date YYYY-MM-DD\")",
        "bad-input/empty.txt: empty file: not indexed",
        "bad-input/feb-30.txt:1: invalid date \"2020-02-30\"" + dated_only,
        "bad-input/fifo.txt: not a regular file (FIFO, socket or device): skipped",
        "bad-input/header-only.txt:1: no article text after the date header: not indexed",
        "bad-input/invalid-utf8.txt: invalid UTF-8 replaced with U+FFFD",
        "bad-input/loop-a.txt: symbolic link loop: skipped",
        "bad-input/loop-b.txt: symbolic link loop: skipped",
        "bad-input/records.jsonl:2: error: not valid JSON (column 2: syntax error while parsing "
        "value - invalid literal; last read: 'th')",
        "bad-input/records.jsonl:3: error: missing \"text\" field",
        "bad-input/records.jsonl:4: error: missing \"id\" field",
        "bad-input/records.jsonl:5: error: field \"id\" must be a string or an integer, found a "
        "boolean",
        "bad-input/records.jsonl:6: error: field \"text\" must be a string, found a number",
        "bad-input/records.jsonl:7: error: field \"title\" must be a string, found an array",
        "bad-input/records.jsonl:8: error: field \"date\" must be a string, found a number",
        "bad-input/records.jsonl:9: error: expected a JSON object, found an array",
        "bad-input/records.jsonl:10: duplicate id 'j1': this article replaces the one read "
        "earlier with that id",
        "bad-input/records.jsonl:13: error: not valid JSON (column 65: syntax error while "
        "parsing value - invalid string: missing closing quote; last read: '\"Une ligne "
        "tronquée')",
        "bad-input/short-year.txt:1: invalid date \"20-02\"" + dated_only,
    };
    if (has_unreadable) {
        expected_err.push_back(
            "bad-input/unreadable.txt: error: cannot open file: permission denied");
    }
    std::sort(expected_err.begin(), expected_err.end());
    CHECK(sorted_lines(result.err) == expected_err);

    const std::size_t errors = has_unreadable ? 11 : 10;
    const std::vector<std::string> out = lines_of(result.out);
    REQUIRE(out.size() >= 3);
    CHECK(out[0].starts_with("added 11, updated 1, unchanged 0, removed 0 articles in "));
    CHECK(out[1] ==
          "files: 12 read, 0 unchanged, 1 of other types ignored; the index holds 11 articles");
    // The number of warnings is checked by the next test case.
    CHECK(out[2].starts_with("problems: " + std::to_string(errors) + " errors, "));
    CHECK(out[2].ends_with(" warnings (reported above); 11 records skipped"));
    // Counted by kind (Diagnostic::Kind), whatever the messages say in detail.
    std::vector<std::string> reasons{
        "  1 x binary or UTF-16 file",
        "  4 x field of the wrong type",
        "  2 x missing field",
        "  1 x not a JSON object",
        "  2 x not valid JSON",
    };
    if (has_unreadable) reasons.insert(reasons.begin() + 1, "  1 x cannot read");
    CHECK(std::vector<std::string>(out.begin() + 3, out.end()) == reasons);

    // The good articles, as read.
    auto index = Index::open(temp.path() / "idx");
    INFO(index.status().message());
    REQUIRE(index.is_ok());
    CHECK(index->stats()->articles == 11);
    struct Expected {
        std::string id;
        std::string date;  // empty: undated
        std::string text;
    };
    const std::vector<Expected> good{
        {"good", "2020-02-16", "Le président Erdoğan a rencontré Poutine à Moscou."},
        {"invalid-utf8", "2020-02-17",
         "Caf\xEF\xBF\xBD cr\xEF\xBF\xBDme servi \xEF\xBF\xBD à Idleb."},
        {"bad-month", "", "Un mois treize qui n'existe pas."},
        {"short-year", "", "Une année à deux chiffres."},
        {"date-alone", "", "Un en-tête sans date, le texte suit."},
        {"feb-30", "", "Un trente février."},
        {"crlf", "2020-02-20", "Première ligne.\n\nDeuxième paragraphe."},
        {"bom", "2020-02-21", "Un fichier qui commence par un BOM."},
        {"j1", "2020-03-02", "Le second j1 remplace le premier."},
        {"42", "2020-03-03", "Un identifiant entier."},
        {"j14", "2020-03-05", "Dernière ligne, sans retour à la ligne."},
    };
    for (const Expected& article : good) {
        const auto found = index->article(article.id);
        INFO(article.id << ": " << found.status().message());
        REQUIRE(found.is_ok());
        CHECK(found->text == article.text);
        CHECK((found->date ? found->date->to_string() : std::string()) == article.date);
    }
    for (const std::string id : {"empty", "header-only", "binary", "fifo", "dangling", "loop-a",
                                 "loop-b", "unreadable", "j3", "j6", "j7", "j8", "j13"}) {
        INFO(id);
        CHECK(index->article(id).status().code() == depeche::Status::Code::not_found);
    }

    // And through `depeche show`, the CRLF file as stored.
    const RunResult show = run(temp.path(), {"show", "--index", "idx", "--format", "json", "crlf"});
    INFO(show.err);
    CHECK(show.exit_code == 0);
    const auto shown = nlohmann::json::parse(show.out, nullptr, false);
    REQUIRE(shown.is_object());
    CHECK(shown.value("text", "") == "Première ligne.\n\nDeuxième paragraphe.");
    CHECK(shown.value("date", "") == "2020-02-20");
}

TEST_CASE("bad input: a file nobody may read is one error, and the rest is indexed",
          "[bad-input]") {
    if (::geteuid() == 0) DEPECHE_SKIP("running as root, which reads any file");
    TempDir temp;
    temp.write("src/ok.txt", "date 2020-02-22 Un article lisible.\n");
    const fs::path unreadable = temp.write("src/locked.txt", "date 2020-02-22 Secret.\n");
    fs::permissions(unreadable, fs::perms::none);
    const RunResult result = run(temp.path(), {"index", "-q", "--index", "idx", "src"});
    CHECK(result.exit_code == 1);
    CHECK(result.err == "src/locked.txt: error: cannot open file: permission denied\n");
    CHECK(result.out.find("the index holds 1 articles") != std::string::npos);
    CHECK(result.out.find("  1 x cannot read") != std::string::npos);
}

TEST_CASE("bad input: special files named on the command line are errors, never opened",
          "[bad-input]") {
    TempDir temp;
    make_bad_input(temp, false);
    struct Row {
        std::string path;
        std::string message;
    };
    const std::vector<Row> rows{
        {"bad-input/fifo.txt",
         "bad-input/fifo.txt: error: not a regular file or directory: skipped"},
        {"bad-input/dangling.txt", "bad-input/dangling.txt: error: no such file or directory"},
        {"bad-input/loop-a.txt",
         "bad-input/loop-a.txt: error: cannot access: too many levels of symbolic links"},
        {"bad-input/binary.txt", "bad-input/binary.txt: error: binary file, skipped"},
    };
    for (const Row& row : rows) {
        const RunResult result = run(temp.path(), {"index", "-q", "--index", "idx", row.path});
        INFO(row.path << "\nstdout:\n" << result.out << "stderr:\n" << result.err);
        CHECK(result.exit_code == 1);
        CHECK(lines_of(result.err) == std::vector<std::string>{row.message});
        CHECK(result.out.find("the index holds 0 articles") != std::string::npos);
    }
}

// Regression: warnings the indexer itself gives (a duplicate id) went to stderr but were not
// counted in the summary: with nothing else wrong, the "problems:" line was missing.
TEST_CASE("bad input: the summary counts every warning printed", "[bad-input]") {
    TempDir temp;
    temp.write("src/dup.jsonl",
               "{\"id\": \"d\", \"date\": \"2020-03-01\", \"text\": \"Premier.\"}\n"
               "{\"id\": \"d\", \"date\": \"2020-03-01\", \"text\": \"Second.\"}\n");
    const RunResult result = run(temp.path(), {"index", "-q", "--index", "idx", "src"});
    INFO("stdout:\n" << result.out << "stderr:\n" << result.err);
    CHECK(result.exit_code == 0);
    CHECK(lines_of(result.err) ==
          std::vector<std::string>{"src/dup.jsonl:2: duplicate id 'd': this article replaces the "
                                   "one read earlier with that id"});
    CHECK(result.out.find("problems: 0 errors, 1 warnings (reported above); 0 records skipped") !=
          std::string::npos);
}

// Regression: a text file holding only the word "date" got two warnings that contradict each
// other: "date header without a date: indexed without a date", then "... not indexed".
TEST_CASE("bad input: a file holding only the word date gets one warning, and not 'indexed'",
          "[bad-input]") {
    TempDir temp;
    temp.write("src/date-word-only.txt", "date\n");
    const RunResult result = run(temp.path(), {"index", "-q", "--index", "idx", "src"});
    INFO("stdout:\n" << result.out << "stderr:\n" << result.err);
    CHECK(lines_of(result.err) ==
          std::vector<std::string>{
              "src/date-word-only.txt:1: no article text after the date header: not indexed"});
}

// Regression: the README says `index` exits 1 when "done, but some inputs were skipped (see
// stderr)"; the summary said "1 records skipped" but the exit status was 0 when the only
// skipped inputs gave warnings (an empty file, a file with only a header).
TEST_CASE("bad input: records skipped with a warning only still make index exit 1", "[bad-input]") {
    TempDir temp;
    temp.write("src/good.txt", "date 2020-02-16 Un bon article.\n");
    temp.write("src/empty.txt", "");
    const RunResult result = run(temp.path(), {"index", "-q", "--index", "idx", "src"});
    INFO("stdout:\n" << result.out << "stderr:\n" << result.err);
    REQUIRE(result.out.find("1 records skipped") != std::string::npos);
    CHECK(result.exit_code == 1);
}
