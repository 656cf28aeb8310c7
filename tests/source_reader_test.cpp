// Source reading: text-file headers and titles, JSON Lines records (plain and gzip), directory
// walks, and how each kind of bad input is reported.
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "depeche/source_reader.hpp"
#include "sources/source_files.hpp"
#include "test_support.hpp"
#include "sources/utf8_repair.hpp"

namespace {

using depeche::Article;
using depeche::Diagnostic;
using depeche::SourceSummary;
using depeche::test::TempDir;
using depeche::test::write_gzip;
namespace fs = std::filesystem;

constexpr const char* kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Everything one read_sources call produced.
struct ReadResult {
    SourceSummary summary;
    std::vector<Article> articles;
    std::vector<Diagnostic> diagnostics;

    // The diagnostics as "path:line: [error: ]message" lines, for failure messages.
    std::string diagnostic_text() const {
        std::string text;
        for (const Diagnostic& diagnostic : diagnostics) text += diagnostic.to_string() + "\n";
        return text;
    }
    // Number of diagnostics whose message contains `part`.
    std::size_t count_messages(const std::string& part) const {
        std::size_t count = 0;
        for (const Diagnostic& diagnostic : diagnostics) {
            if (diagnostic.message.find(part) != std::string::npos) ++count;
        }
        return count;
    }
};

// Reads `paths` with read_sources, collecting articles and diagnostics.
ReadResult read_all(const std::vector<fs::path>& paths) {
    ReadResult result;
    result.summary = depeche::read_sources(
        paths, [&](Article&& article) { result.articles.push_back(std::move(article)); },
        [&](const Diagnostic& diagnostic) { result.diagnostics.push_back(diagnostic); });
    return result;
}

// Parses `content` as a text file, collecting diagnostics into `diagnostics`.
Article parse_text(const std::string& content, std::vector<Diagnostic>& diagnostics) {
    return depeche::parse_text_article(content, "id", "a.txt", [&](const Diagnostic& diagnostic) {
        diagnostics.push_back(diagnostic);
    });
}

std::string date_text(const Article& article) {
    return article.date ? article.date->to_string() : "none";
}

}  // namespace

// --- text files ----------------------------------------------------------------------------

TEST_CASE("text file: date header variants", "[reader]") {
    struct Row {
        const char* content;
        const char* date;  // "none" when the article has no date
        const char* text;
        const char* warning;  // part of the single expected warning, "" for none
        std::size_t warning_line;
    };
    const Row table[] = {
        {" date 2020-02 Jihadistes et rebelles.", "2020-02", "Jihadistes et rebelles.", "", 0},
        {"date 2020-02-15 Texte.", "2020-02-15", "Texte.", "", 0},
        {"\n\n  \tdate 2020-02 Texte.\n\nSuite.\n", "2020-02", "Texte.\n\nSuite.", "", 0},
        {"\xEF\xBB\xBF date 2020-02 Texte.", "2020-02", "Texte.", "", 0},
        {" date 2020-02 Texte.\r\n\r\nSuite.\r\n", "2020-02", "Texte.\n\nSuite.", "", 0},
        {" date 2020-02\n\nTexte.", "2020-02", "Texte.", "", 0},
        {" date 2020-02 Élection à Alep, l’armée.", "2020-02", "Élection à Alep, l’armée.", "", 0},
        {"Texte sans en-tête.", "none", "Texte sans en-tête.", "no date header", 0},
        {"datelines est un mot.", "none", "datelines est un mot.", "no date header", 0},
        {" date 2020-13 Texte.", "none", "Texte.", "invalid date \"2020-13\"", 1},
        {" date 20-02 Texte.", "none", "Texte.", "invalid date \"20-02\"", 1},
        {" date 2020-02-30 Texte.", "none", "Texte.", "invalid date \"2020-02-30\"", 1},
        {"\n\n date 2020-00 Texte.", "none", "Texte.", "invalid date \"2020-00\"", 3},
        {" date 2020-02-15T10:00 Texte.", "none", "Texte.", "invalid date \"2020-02-15T10:00\"", 1},
        {" date Texte.", "none", "Texte.", "date header without a date", 1},
        {"date\n\nTexte.", "none", "Texte.", "date header without a date", 1},
    };
    for (const Row& row : table) {
        INFO("content: " << row.content);
        std::vector<Diagnostic> diagnostics;
        const Article article = parse_text(row.content, diagnostics);
        CHECK(date_text(article) == row.date);
        CHECK(article.text == row.text);
        CHECK(article.id == "id");
        CHECK(article.source_path == "a.txt");
        CHECK(article.title_is_in_text);
        if (std::string(row.warning).empty()) {
            CHECK(diagnostics.empty());
        } else {
            REQUIRE(diagnostics.size() == 1);
            CHECK(diagnostics[0].severity == Diagnostic::Severity::warning);
            CHECK(diagnostics[0].message.find(row.warning) != std::string::npos);
            CHECK(diagnostics[0].message.find("indexed without a date") != std::string::npos);
            CHECK(diagnostics[0].line == row.warning_line);
        }
    }
}

TEST_CASE("text file: no article text gives a warning and no article", "[reader]") {
    const char* contents[] = {"", "   \n\t\n", "\xEF\xBB\xBF", " date 2020-02 ",
                              " date 2020-02\r\n\r\n  \r\n"};
    for (const char* content : contents) {
        INFO("content: [" << content << "]");
        std::vector<Diagnostic> diagnostics;
        CHECK(parse_text(content, diagnostics).text.empty());
        REQUIRE(diagnostics.size() == 1);
        CHECK(diagnostics[0].message.find("not indexed") != std::string::npos);

        TempDir directory;
        const ReadResult result = read_all({directory.write("empty.txt", content)});
        CHECK(result.articles.empty());
        CHECK(result.summary.files_read == 1);
        CHECK(result.summary.articles_skipped == 1);
        CHECK(result.summary.warnings == 1);
        CHECK(result.summary.errors == 0);
    }
}

TEST_CASE("text file: invalid UTF-8 is replaced with U+FFFD, one warning", "[reader]") {
    TempDir directory;
    const fs::path path =
        directory.write("bad.txt", " date 2020-02 caf\xC3 au lait \xFF\xFE. Suite \xE2\x82.");
    const ReadResult result = read_all({path});
    REQUIRE(result.articles.size() == 1);
    CHECK(result.articles[0].text == std::string("caf") + kReplacement + " au lait " +
                                         kReplacement + kReplacement + ". Suite " + kReplacement +
                                         ".");
    CHECK(depeche::utf8::is_valid(result.articles[0].title));
    CHECK(result.summary.warnings == 1);
    CHECK(result.count_messages("invalid UTF-8 replaced with U+FFFD") == 1);
    CHECK(result.diagnostics[0].path == path.string());
}

TEST_CASE("text file: binary and UTF-16 files are skipped with an error", "[reader]") {
    TempDir directory;
    const fs::path binary = directory.write("binary.txt", std::string(" date 2020-02 a\0b", 17));
    const fs::path utf16 = directory.write("utf16.txt", "\xFF\xFE" + std::string("d\0a\0", 4));
    const ReadResult result = read_all({binary, utf16});
    CHECK(result.articles.empty());
    CHECK(result.summary.errors == 2);
    REQUIRE(result.diagnostics.size() == 2);
    CHECK(result.diagnostics[0].path == binary.string());
    CHECK(result.diagnostics[0].message == "binary file, skipped");
    CHECK(result.diagnostics[0].severity == Diagnostic::Severity::error);
    CHECK(result.diagnostics[1].message.find("UTF-16") != std::string::npos);
}

TEST_CASE("text file: only the first bytes of a too large file are read", "[reader]") {
    TempDir directory;
    // "é" is two bytes; the 20-byte limit falls inside the second one.
    const fs::path path = directory.write("big.txt", " date 2020-02 abcé\xC3\xA9xyz");
    SourceSummary summary;
    std::vector<Article> articles;
    std::vector<Diagnostic> diagnostics;
    depeche::source_files::read_text_file(
        path, "big", 20, [&](Article&& article) { articles.push_back(std::move(article)); },
        [&](const Diagnostic& diagnostic) { diagnostics.push_back(diagnostic); }, summary);
    REQUIRE(articles.size() == 1);
    CHECK(articles[0].text == "abc\xC3\xA9");
    REQUIRE(diagnostics.size() == 1);
    CHECK(diagnostics[0].message == "file larger than 20 bytes: only the first 20 bytes read");
    CHECK(depeche::source_files::describe_size(depeche::source_files::kMaxTextFileBytes) ==
          "64 MiB");
}

// --- titles --------------------------------------------------------------------------------

TEST_CASE("first_sentence_title: the first sentence or paragraph", "[reader]") {
    const std::pair<const char*, const char*> table[] = {
        {"M. Erdogan a dit. Suite", "M. Erdogan a dit."},
        {"MM. Macron et Scholz se rencontrent. Ensuite", "MM. Macron et Scholz se rencontrent."},
        {"Selon le Dr. Martin, rien. Fin", "Selon le Dr. Martin, rien."},
        {"J.-C. Decaux est mort. Fin", "J.-C. Decaux est mort."},
        {"La S.N.C.F. annonce une grève. Suite", "La S.N.C.F. annonce une grève."},
        {"Bonjour ! Suite", "Bonjour !"},
        {"Quoi? Non.", "Quoi?"},
        {"Quoi ?! Non.", "Quoi ?!"},
        {"Il attend\xE2\x80\xA6 Puis", "Il attend\xE2\x80\xA6"},
        {"Il attend... Puis", "Il attend..."},
        {"Le prix est de 3.5 euros. Suite", "Le prix est de 3.5 euros."},
        {"Il a dit \"c'est fini.\" Puis", "Il a dit \"c'est fini.\""},
        {"Il a dit \xC2\xAB c'est fini. \xC2\xBB Puis", "Il a dit \xC2\xAB c'est fini. \xC2\xBB"},
        {"Des Pyrénées.Alors que rien", "Des Pyrénées.Alors que rien"},
        {"Première ligne\n\nSecond paragraphe.", "Première ligne"},
        {"Première ligne\n  \t\nSecond paragraphe.", "Première ligne"},
        {"Titre sur\ndeux lignes. Suite", "Titre sur deux lignes."},
        {"  Espaces   multiples\tici. Fin", "Espaces multiples ici."},
        {"Fin du texte.", "Fin du texte."},
        {"", ""},
        {" \n\n ", ""},
    };
    for (const auto& [text, title] : table) {
        INFO("text: " << text);
        CHECK(depeche::first_sentence_title(text) == title);
    }
}

TEST_CASE("first_sentence_title: long sentences are cut at a word with an ellipsis", "[reader]") {
    std::string words;
    for (int index = 0; index < 60; ++index) words += "Un ";
    words += "fin.";
    const std::string title = depeche::first_sentence_title(words);
    std::string expected;
    for (int index = 0; index < 39; ++index) expected += index == 0 ? "Un" : " Un";
    CHECK(title == expected + "\xE2\x80\xA6");
    CHECK(title.size() == 119);  // 116 bytes of words (the space at 116 is the cut) and "…"

    // A comma before the cut is dropped.
    CHECK(depeche::first_sentence_title("Alpha, beta gamma delta.", 12) == "Alpha\xE2\x80\xA6");
    // Short enough: unchanged.
    CHECK(depeche::first_sentence_title("Alpha beta.", 11) == "Alpha beta.");

    // Without spaces, the cut falls on a character boundary, never inside "é".
    std::string accents;
    for (int index = 0; index < 100; ++index) accents += "é";
    for (std::size_t max_bytes = 4; max_bytes < 30; ++max_bytes) {
        INFO("max_bytes: " << max_bytes);
        const std::string cut = depeche::first_sentence_title(accents, max_bytes);
        CHECK(cut.size() <= max_bytes);
        CHECK(depeche::utf8::is_valid(cut));
        CHECK(cut.ends_with("\xE2\x80\xA6"));
    }
    CHECK(depeche::first_sentence_title(accents, 20) == accents.substr(0, 16) + "\xE2\x80\xA6");
}

// --- UTF-8 repair --------------------------------------------------------------------------

TEST_CASE("utf8: ill-formed sequences become one U+FFFD per maximal subpart", "[reader]") {
    const std::string r = kReplacement;
    const std::pair<std::string, std::string> table[] = {
        {"abc", "abc"},
        {"é€😀", "é€😀"},
        {"\xC3", r},                          // cut by the end
        {"a\xE2\x82z", "a" + r + "z"},        // three-byte sequence missing its last byte
        {"\xC0\x80", r + r},                  // overlong NUL
        {"\xED\xA0\x80", r + r + r},          // surrogate
        {"\xF4\x90\x80\x80", r + r + r + r},  // beyond U+10FFFF
        {"\xFF", r},
        {"\x80x", r + "x"},
    };
    for (const auto& [input, output] : table) {
        INFO("input: " << input);
        CHECK(depeche::utf8::repaired(input) == output);
        CHECK(depeche::utf8::is_valid(input) == (input == output));
    }
    CHECK(depeche::utf8::cut_point("a\xC3\xA9", 2) == 1);
    CHECK(depeche::utf8::cut_point("a\xC3\xA9", 3) == 3);
    CHECK(depeche::utf8::cut_point("a\xC3\xA9", 9) == 3);
}

// --- ids and directory walks ---------------------------------------------------------------

TEST_CASE("ids: relative path for a walked directory, file name for a named file", "[reader]") {
    TempDir directory;
    directory.write("2020/afp-123.txt", " date 2020-02 Premier.");
    directory.write("2020/03/afp-456.TXT", " date 2020-03 Deuxième.");
    directory.write("top.txt", " date 2020-01 Troisième.");
    directory.write("b.jsonl", R"({"id":"json-1","date":"2020-04-01","text":"Quatrième."})");

    const ReadResult walked = read_all({directory.path()});
    INFO(walked.diagnostic_text());
    std::vector<std::string> ids;
    for (const Article& article : walked.articles) ids.push_back(article.id);
    CHECK(ids == std::vector<std::string>{"2020/03/afp-456", "2020/afp-123", "json-1", "top"});
    CHECK(walked.summary.files_read == 4);
    CHECK(walked.summary.articles_read == 4);
    CHECK(walked.summary.errors == 0);
    CHECK(walked.summary.warnings == 0);
    CHECK(walked.articles[1].source_path == (directory.path() / "2020/afp-123.txt").string());
    CHECK(walked.articles[1].source_line == 0);
    CHECK(walked.articles[1].title == "Premier.");

    const ReadResult named = read_all({directory.path() / "2020" / "afp-123.txt"});
    REQUIRE(named.articles.size() == 1);
    CHECK(named.articles[0].id == "afp-123");
    CHECK(date_text(named.articles[0]) == "2020-02");

    // A directory named with a trailing slash gives the same ids.
    const ReadResult slashed = read_all({directory.path().string() + "/2020/"});
    REQUIRE(slashed.articles.size() == 2);
    CHECK(slashed.articles[0].id == "03/afp-456");
    CHECK(slashed.articles[1].id == "afp-123");
}

TEST_CASE("walk: other files are counted and ignored", "[reader]") {
    TempDir directory;
    directory.write("a.txt", " date 2020-02 Texte.");
    directory.write("notes.md", "# notes");
    directory.write("sub/image.jpg", "\xFF\xD8");
    directory.write("sub/.hidden", "x");
    directory.write("data.json", "{}");
    const ReadResult result = read_all({directory.path()});
    INFO(result.diagnostic_text());
    CHECK(result.articles.size() == 1);
    CHECK(result.summary.files_ignored == 4);
    CHECK(result.summary.files_read == 1);
    CHECK(result.diagnostics.empty());
}

TEST_CASE("walk: FIFOs are never opened, directory symlinks not followed", "[reader]") {
    TempDir directory;
    directory.write("a.txt", " date 2020-02 Texte.");
    REQUIRE(::mkfifo((directory.path() / "pipe.txt").c_str(), 0600) == 0);
    REQUIRE(::mkfifo((directory.path() / "pipe.jsonl").c_str(), 0600) == 0);
    TempDir elsewhere;
    elsewhere.write("outside.txt", " date 2020-02 Dehors.");
    fs::create_directory_symlink(elsewhere.path(), directory.path() / "link");

    const ReadResult walked = read_all({directory.path()});  // would block if a FIFO were opened
    INFO(walked.diagnostic_text());
    REQUIRE(walked.articles.size() == 1);
    CHECK(walked.articles[0].id == "a");
    CHECK(walked.summary.errors == 0);
    CHECK(walked.summary.files_read == 1);

    const ReadResult named = read_all({directory.path() / "pipe.txt"});
    CHECK(named.summary.errors == 1);
    CHECK(named.count_messages("not a regular file") == 1);
}

TEST_CASE("walk: broken links, link loops and FIFOs are each reported once", "[reader]") {
    TempDir directory;
    directory.write("a.txt", " date 2020-02 Texte.");
    REQUIRE(::mkfifo((directory.path() / "pipe.txt").c_str(), 0600) == 0);
    fs::create_symlink(directory.path() / "nowhere.txt", directory.path() / "broken.txt");
    fs::create_symlink(directory.path() / "loop-b.txt", directory.path() / "loop-a.txt");
    fs::create_symlink(directory.path() / "loop-a.txt", directory.path() / "loop-b.txt");

    const ReadResult walked = read_all({directory.path()});
    INFO(walked.diagnostic_text());
    CHECK(walked.articles.size() == 1);
    CHECK(walked.summary.errors == 0);
    CHECK(walked.summary.warnings == 4);
    CHECK(walked.count_messages("not a regular file (FIFO, socket or device): skipped") == 1);
    CHECK(walked.count_messages("broken symbolic link: skipped") == 1);
    CHECK(walked.count_messages("symbolic link loop: skipped") == 2);
}

TEST_CASE("paths: missing, unsupported and unreadable paths are errors", "[reader]") {
    TempDir directory;
    const fs::path missing = directory.path() / "missing";
    const fs::path notes = directory.write("notes.md", "# notes");
    const fs::path good = directory.write("good.txt", " date 2020-02 Texte.");
    const ReadResult result = read_all({missing, notes, good});
    INFO(result.diagnostic_text());
    REQUIRE(result.diagnostics.size() == 2);
    CHECK(result.diagnostics[0].to_string() ==
          missing.string() + ": error: no such file or directory");
    CHECK(result.diagnostics[1].path == notes.string());
    CHECK(result.diagnostics[1].message ==
          "unsupported file type (expected .txt, .jsonl or .jsonl.gz)");
    CHECK(result.summary.errors == 2);
    CHECK(result.articles.size() == 1);  // reading goes on after errors
}

TEST_CASE("paths: a file that cannot be opened is an error", "[reader]") {
    if (::geteuid() == 0) DEPECHE_SKIP("running as root, which reads any file");
    TempDir directory;
    const fs::path locked = directory.write("locked.txt", " date 2020-02 Secret.");
    fs::permissions(locked, fs::perms::none);
    const ReadResult denied = read_all({locked});
    CHECK(denied.summary.errors == 1);
    CHECK(denied.count_messages("permission denied") == 1);
}

TEST_CASE("callback: its exceptions reach the caller", "[reader]") {
    TempDir directory;
    directory.write("a.txt", " date 2020-02 Texte.");
    CHECK_THROWS_AS(
        depeche::read_sources(
            {directory.path()}, [](Article&&) { throw std::runtime_error("index is full"); },
            [](const Diagnostic&) {}),
        std::runtime_error);
}

// --- JSON Lines ----------------------------------------------------------------------------

namespace {

// Good records with the things real files have: BOM, CRLF, blank lines, numeric ids, empty
// texts, missing titles and dates, no final newline.
const std::string kGoodLines =
    "\xEF\xBB\xBF{\"id\": \"a\", \"date\": \"2020-07-02\", \"title\": \"Titre\", "
    "\"text\": \"Texte. Suite.\"}\n"                                                     // 1
    "{\"id\": 42, \"date\": \"2020-07\", \"text\": \"Première phrase. Deuxième.\"}\r\n"  // 2
    "\n"                                                                                 // 3
    "{\"id\": \"c\", \"date\": \"2020-07-02\", \"title\": \"Titre seul\", \"text\": \"\"}\n"
    "{\"id\": \"d\", \"text\": \"Sans date.\"}\n"                             // 5
    "{\"id\": \"e\", \"date\": null, \"title\": null, \"text\": \"x\"}\n"     // 6
    "{\"id\": \"f\", \"date\": \"2020-13-01\", \"text\": \"x\"}\n"            // 7
    "{\"id\": \"g\", \"date\": \"2020-07-02T10:00:00Z\", \"text\": \"x\"}\n"  // 8
    "{\"id\": \"h\", \"title\": \"\", \"text\": \"  \"}\n"                    // 9
    "   \t\n"                                                                 // 10
    "{\"id\": \"i\", \"date\": \"2020-07-02\", \"text\": \"y\", \"extra\": {\"a\": [1]}}";

// Checks what read_all gives for kGoodLines written at `path`.
void check_good_lines(const ReadResult& result, const fs::path& path) {
    INFO(result.diagnostic_text());
    REQUIRE(result.articles.size() == 8);
    const Article& first = result.articles[0];
    CHECK(first.id == "a");
    CHECK(date_text(first) == "2020-07-02");
    CHECK(first.title == "Titre");
    CHECK(first.text == "Texte. Suite.");
    CHECK_FALSE(first.title_is_in_text);
    CHECK(first.source_path == path.string());
    CHECK(first.source_line == 1);

    const Article& numeric = result.articles[1];
    CHECK(numeric.id == "42");
    CHECK(date_text(numeric) == "2020-07");
    CHECK(numeric.title == "Première phrase.");
    CHECK(numeric.title_is_in_text);
    CHECK(numeric.source_line == 2);

    CHECK(result.articles[2].id == "c");
    CHECK(result.articles[2].text.empty());
    CHECK(result.articles[2].title == "Titre seul");
    CHECK(result.articles[2].source_line == 4);
    CHECK(date_text(result.articles[3]) == "none");
    CHECK(date_text(result.articles[4]) == "none");
    CHECK(result.articles[4].title == "x");
    CHECK(date_text(result.articles[5]) == "none");
    CHECK(date_text(result.articles[6]) == "2020-07-02");
    CHECK(result.articles[7].id == "i");
    CHECK(result.articles[7].source_line == 11);

    CHECK(result.summary.files_read == 1);
    CHECK(result.summary.articles_read == 8);
    CHECK(result.summary.articles_skipped == 1);  // line 9: no title, no text
    CHECK(result.summary.errors == 0);
    CHECK(result.summary.warnings == 4);
    const std::string prefix = path.string() + ":";
    CHECK(result.diagnostics[0].to_string() == prefix + "5: no date: indexed without a date");
    CHECK(result.diagnostics[1].to_string() == prefix + "6: no date: indexed without a date");
    CHECK(result.diagnostics[2].to_string() ==
          prefix +
              "7: invalid date \"2020-13-01\": indexed without a date "
              "(expected YYYY-MM-DD or YYYY-MM)");
    CHECK(result.diagnostics[3].to_string() == prefix + "9: empty title and text: skipped");
}

}  // namespace

TEST_CASE("json lines: good records, plain and gzip", "[reader]") {
    TempDir directory;
    const fs::path plain = directory.write("good.jsonl", kGoodLines);
    check_good_lines(read_all({plain}), plain);

    const fs::path compressed = directory.path() / "good.jsonl.gz";
    write_gzip(compressed, kGoodLines);
    check_good_lines(read_all({compressed}), compressed);
}

TEST_CASE("json lines: a .gz file that is not compressed is read with a warning", "[reader]") {
    TempDir directory;
    const fs::path path = directory.write(
        "plain.jsonl.gz", "{\"id\": \"a\", \"date\": \"2020-01\", \"text\": \"x\"}\n");
    const ReadResult result = read_all({path});
    CHECK(result.articles.size() == 1);
    CHECK(result.summary.warnings == 1);
    CHECK(result.count_messages("not gzip-compressed") == 1);
}

TEST_CASE("json lines: each bad record is an error at its line and is skipped", "[reader]") {
    struct Row {
        const char* line;
        const char* message;  // start of the expected error message
    };
    const Row table[] = {
        {"{\"id\": \"ok1\", \"date\": \"2020-01-02\", \"text\": \"x\"}", nullptr},
        {"not json", "not valid JSON (column 2: syntax error"},
        {"{\"id\": \"a\", \"text\": \"x\"", "not valid JSON (column 24: syntax error"},
        {"[1, 2]", "expected a JSON object, found an array"},
        {"\"just a string\"", "expected a JSON object, found a string"},
        {"{\"date\": \"2020-01-02\", \"text\": \"x\"}", "missing \"id\" field"},
        {"{\"id\": \"a\", \"date\": \"2020-01-02\"}", "missing \"text\" field"},
        {"{\"id\": true, \"text\": \"x\"}",
         "field \"id\" must be a string or an integer, "
         "found a boolean"},
        {"{\"id\": 1.5, \"text\": \"x\"}",
         "field \"id\" must be a string or an integer, "
         "found a number"},
        {"{\"id\": \"\", \"text\": \"x\"}", "empty \"id\" field"},
        {"{\"id\": \"a\", \"text\": 5}", "field \"text\" must be a string, found a number"},
        {"{\"id\": \"a\", \"text\": null}", "field \"text\" must be a string, found a null"},
        {"{\"id\": \"a\", \"text\": \"x\", \"title\": [\"t\"]}",
         "field \"title\" must be a string, found an array"},
        {"{\"id\": \"a\", \"text\": \"x\", \"date\": 20200102}",
         "field \"date\" must be a string, found a number"},
        {"{\"id\": -7, \"date\": \"2020-01-02\", \"text\": \"x\"}", nullptr},
    };
    std::string content;
    for (const Row& row : table) content += std::string(row.line) + "\n";
    TempDir directory;
    const fs::path path = directory.write("bad.jsonl", content);
    const ReadResult result = read_all({path});
    INFO(result.diagnostic_text());

    std::size_t bad_count = 0;
    std::size_t diagnostic_index = 0;
    for (std::size_t index = 0; index < std::size(table); ++index) {
        if (table[index].message == nullptr) continue;
        ++bad_count;
        INFO("line " << index + 1 << ": " << table[index].line);
        REQUIRE(diagnostic_index < result.diagnostics.size());
        const Diagnostic& diagnostic = result.diagnostics[diagnostic_index++];
        CHECK(diagnostic.severity == Diagnostic::Severity::error);
        const std::string expected_start =
            path.string() + ":" + std::to_string(index + 1) + ": error: " + table[index].message;
        CHECK(diagnostic.to_string().substr(0, expected_start.size()) == expected_start);
    }
    CHECK(result.diagnostics.size() == bad_count);
    CHECK(result.summary.errors == bad_count);
    CHECK(result.summary.articles_skipped == bad_count);
    REQUIRE(result.articles.size() == 2);
    CHECK(result.articles[0].id == "ok1");
    CHECK(result.articles[1].id == "-7");
    CHECK(result.articles[1].source_line == std::size(table));
}

TEST_CASE("json lines: invalid UTF-8 in a record is repaired with a warning", "[reader]") {
    TempDir directory;
    const fs::path path =
        directory.write("utf8.jsonl",
                        "{\"id\": \"a\", \"date\": \"2020-01-02\", \"title\": \"T\xE9l\xE9\", "
                        "\"text\": \"x\xFFy\"}\n"
                        "{\"id\": \"b\", \"date\": \"2020-01-02\", \"text\": \"propre\"}\n");
    const ReadResult result = read_all({path});
    INFO(result.diagnostic_text());
    REQUIRE(result.articles.size() == 2);
    CHECK(result.articles[0].title == std::string("T") + kReplacement + "l" + kReplacement);
    CHECK(result.articles[0].text == std::string("x") + kReplacement + "y");
    CHECK(result.summary.warnings == 1);
    REQUIRE(result.diagnostics.size() == 1);
    CHECK(result.diagnostics[0].to_string() ==
          path.string() + ":1: invalid UTF-8 replaced with U+FFFD");
}

TEST_CASE("json lines: a truncated gzip file keeps the records before the cut", "[reader]") {
    // Records with varied words, so the compressed stream is long enough to cut in the middle.
    std::string content;
    unsigned state = 12345;
    const int record_count = 300;
    for (int record = 0; record < record_count; ++record) {
        std::string text;
        for (int word = 0; word < 80; ++word) {
            state = state * 1103515245u + 12345u;
            text += "mot" + std::to_string((state >> 8) % 5000) + " ";
        }
        content += "{\"id\": \"r" + std::to_string(record) + "\", \"date\": \"2020-01-02\", " +
                   "\"text\": \"" + text + "\"}\n";
    }
    TempDir directory;
    const fs::path whole = directory.path() / "whole.jsonl.gz";
    write_gzip(whole, content);
    std::ifstream input(whole, std::ios::binary);
    const std::string compressed((std::istreambuf_iterator<char>(input)),
                                 std::istreambuf_iterator<char>());
    REQUIRE(compressed.size() > 10000);

    SECTION("cut in the middle") {
        const fs::path cut =
            directory.write("cut.jsonl.gz", compressed.substr(0, compressed.size() / 2));
        const ReadResult result = read_all({cut});
        INFO(result.diagnostic_text());
        CHECK(result.articles.size() > 50);
        CHECK(result.articles.size() < record_count);
        CHECK(result.summary.errors == 1);
        REQUIRE(result.diagnostics.size() == 1);
        CHECK(result.diagnostics[0].line == result.articles.size() + 1);
        CHECK(result.count_messages("truncated or corrupt") == 1);
        CHECK(result.summary.articles_skipped == 1);  // the record cut in two
        for (std::size_t index = 0; index < result.articles.size(); ++index) {
            CHECK(result.articles[index].id == "r" + std::to_string(index));
        }
    }
    SECTION("trailer missing") {
        const fs::path cut =
            directory.write("cut.jsonl.gz", compressed.substr(0, compressed.size() - 4));
        const ReadResult result = read_all({cut});
        INFO(result.diagnostic_text());
        CHECK(result.articles.size() == record_count);
        CHECK(result.summary.errors == 1);
        CHECK(result.count_messages("truncated or corrupt") == 1);
    }
    SECTION("corrupt data") {
        std::string damaged = compressed;
        for (std::size_t index = damaged.size() / 2; index < damaged.size() / 2 + 64; ++index) {
            damaged[index] = static_cast<char>(damaged[index] ^ 0x5A);
        }
        const fs::path cut = directory.write("damaged.jsonl.gz", damaged);
        const ReadResult result = read_all({cut});
        INFO(result.diagnostic_text());
        CHECK(result.articles.size() < record_count);
        CHECK(result.summary.errors >= 1);
        CHECK(result.count_messages("truncated or corrupt") == 1);
    }
}

TEST_CASE("json lines: the shared corpus reads without errors", "[reader]") {
    DEPECHE_REQUIRE_SHARED_CORPUS(corpus);
    std::size_t empty_texts = 0;
    std::size_t articles = 0;
    std::size_t text_bytes = 0;
    std::vector<Diagnostic> diagnostics;
    const auto start = std::chrono::steady_clock::now();
    const SourceSummary summary = depeche::read_sources(
        {corpus},
        [&](Article&& article) {
            ++articles;
            if (article.text.empty()) ++empty_texts;
            text_bytes += article.text.size();
        },
        [&](const Diagnostic& diagnostic) { diagnostics.push_back(diagnostic); });
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    INFO("first diagnostic: " << (diagnostics.empty() ? "" : diagnostics[0].to_string()));
    CHECK(articles == 36152);
    CHECK(summary.articles_read == 36152);
    CHECK(summary.errors == 0);
    CHECK(summary.warnings == 0);
    CHECK(summary.articles_skipped == 0);
    CHECK(empty_texts == 165);
    WARN("read " << articles << " articles (" << text_bytes / 1000000 << " MB of text) in "
                 << elapsed.count() << " s");
}

TEST_CASE("walk: a file that vanishes before it is read is an error, the rest is read",
          "[reader]") {
    TempDir directory;
    directory.write("a.txt", " date 2020-02 Premier.");
    const fs::path vanishing = directory.write("b.txt", " date 2020-02 Disparu.");
    directory.write("c.txt", " date 2020-02 Troisième.");
    std::vector<Article> articles;
    std::vector<Diagnostic> diagnostics;
    std::vector<bool> read_whole;
    depeche::SourceHooks hooks;
    hooks.on_article = [&](Article&& article) { articles.push_back(std::move(article)); };
    hooks.before_file = [&](const depeche::SourceFile& file) {
        if (file.path == vanishing) fs::remove(vanishing);  // gone between the walk and the read
        return true;
    };
    hooks.after_file = [&](const depeche::SourceFile&, bool whole) { read_whole.push_back(whole); };
    const SourceSummary summary = read_sources(
        {directory.path()}, hooks, [&](const Diagnostic& d) { diagnostics.push_back(d); });
    REQUIRE(articles.size() == 2);
    CHECK(articles[0].id == "a");
    CHECK(articles[1].id == "c");
    CHECK(summary.errors == 1);
    REQUIRE(diagnostics.size() == 1);
    CHECK(diagnostics[0].path == vanishing.string());
    CHECK(diagnostics[0].message.starts_with("cannot open file: no such file or directory"));
    CHECK(read_whole == std::vector<bool>{true, false, true});  // its articles are kept
}
