// The depeche command line: the real binary run in a temporary directory (exact output, exit
// codes, where the index is looked for, help), and the in-memory formatters.
#include <sys/wait.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <xapian.h>

#include "cli/commands.hpp"
#include "views/formatters.hpp"
#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using depeche::test::RunResult;
using depeche::test::TempDir;

RunResult run(const fs::path& cwd, const std::vector<std::string>& arguments,
              const std::optional<std::string>& index_variable = std::nullopt) {
    return depeche::test::run_depeche(cwd, arguments, index_variable);
}

// The value of every "key": number in JSON text replaced by `replacement`.
std::string mask_number(const std::string& json_text, const std::string& key,
                        const std::string& replacement) {
    const std::regex number("\"" + key + "\": -?[0-9][0-9.eE+-]*");
    return std::regex_replace(json_text, number, "\"" + key + "\": " + replacement);
}

// A temporary directory holding src/ (three articles) and ./depeche-index built from it.
struct CliCorpus {
    TempDir temp;
    RunResult indexing;
    CliCorpus() {
        temp.write("src/moscou.txt",
                   "date 2020-02-16 Le président Erdoğan a rencontré Poutine à Moscou.\n\n"
                   "Les deux dirigeants ont parlé d’Idleb.\n");
        temp.write("src/b.jsonl",
                   "{\"id\": \"j1\", \"date\": \"2020-03\", \"title\": \"Trêve à Idleb\", "
                   "\"text\": \"Un cessez-le-feu est entré en vigueur à Idleb, selon l’ONU.\"}\n"
                   "{\"id\": \"j2\", \"title\": \"Sans date\", \"text\": \"Erdoğan parle "
                   "encore.\"}\n");
        indexing = run(temp.path(), {"index", "src"});
    }
    const fs::path& dir() const { return temp.path(); }
};

}  // namespace

TEST_CASE("cli: index prints a summary and reports problems on stderr", "[cli]") {
    CliCorpus corpus;
    INFO(corpus.indexing.out << corpus.indexing.err);
    CHECK(corpus.indexing.exit_code == 0);
    CHECK(corpus.indexing.out.starts_with(
        "added 3, updated 0, unchanged 0, removed 0 articles in "));
    CHECK(corpus.indexing.out.find("files: 2 read, 0 unchanged, 0 of other types ignored") !=
          std::string::npos);
    CHECK(corpus.indexing.out.find("the index holds 3 articles") != std::string::npos);
    CHECK(corpus.indexing.err.starts_with("src/b.jsonl:2: "));  // no date: a warning
    CHECK(fs::is_directory(corpus.dir() / "depeche-index"));

    // A bad record: exit 1, the rest is indexed.
    corpus.temp.write("more/bad.jsonl", "{\"id\": \"ok\", \"text\": \"Bon.\"}\nnot json\n");
    const RunResult bad = run(corpus.dir(), {"index", "more"});
    CHECK(bad.exit_code == 1);
    CHECK(bad.err.find("more/bad.jsonl:2:") != std::string::npos);
    CHECK(bad.out.find("the index holds 4 articles") != std::string::npos);
}

TEST_CASE("cli: stats --format json", "[cli]") {
    CliCorpus corpus;
    const RunResult result = run(corpus.dir(), {"stats", "--format", "json"});
    INFO(result.err);
    CHECK(result.exit_code == 0);
    CHECK(result.err.empty());
    // The analyzer's identity changes with its version: compare it separately.
    const std::string analyzer_line =
        "\"analyzer\": \"" + std::string(depeche::analyzer_version) + "\"";
    REQUIRE(result.out.find(analyzer_line) != std::string::npos);
    std::string masked = mask_number(result.out, "size_bytes", "0");
    masked.replace(masked.find(analyzer_line), analyzer_line.size(), "\"analyzer\": \"A\"");
    CHECK(masked ==
          R"({
  "index": "depeche-index",
  "articles": 3,
  "undated": 1,
  "first_day": "2020-02-16",
  "last_day": "2020-03-31",
  "size_bytes": 0,
  "analyzer": "A",
  "articles_per_month": {
    "2020-02": 1,
    "2020-03": 1
  }
}
)");
    const auto parsed = nlohmann::json::parse(result.out);
    CHECK(parsed["size_bytes"].get<std::uint64_t>() > 0);
}

TEST_CASE("cli: stats as text", "[cli]") {
    CliCorpus corpus;
    const RunResult result = run(corpus.dir(), {"stats"});
    CHECK(result.exit_code == 0);
    const std::regex size_line("size:      [0-9.]+ (KiB|MiB)\n");
    const std::string expected = "index:     depeche-index\n"
                                 "articles:  3 (1 undated)\n"
                                 "dates:     2020-02-16 to 2020-03-31\n"
                                 "size:      X\n"
                                 "analyzer:  " + std::string(depeche::analyzer_version) +
                                 "\n"
                                 "per month:\n"
                                 "2020-02 BAR 1  ◀ peak\n"
                                 "2020-03 BAR 1\n";
    // The bars' length follows the width of the output (80 columns unless $COLUMNS says).
    const std::regex bar("(\xE2\x96\x88)+ +");
    CHECK(std::regex_replace(std::regex_replace(result.out, size_line, "size:      X\n"), bar,
                             "BAR ") == expected);
}

TEST_CASE("cli: search --format json --limit 2", "[cli]") {
    CliCorpus corpus;
    const RunResult result =
        run(corpus.dir(), {"search", "--format", "json", "--limit", "2", "erdogan", "idleb"});
    INFO(result.err);
    CHECK(result.exit_code == 0);
    CHECK(result.err.empty());
    CHECK(mask_number(result.out, "score", "0") ==
          R"({
  "query": "erdogan idleb",
  "total_estimate": 3,
  "suggestion": null,
  "also_searched": [],
  "results": [
    {
      "rank": 1,
      "id": "moscou",
      "date": "2020-02-16",
      "title": "Le président Erdoğan a rencontré Poutine à Moscou.",
      "score": 0,
      "all_words": true,
      "reposts": 0,
      "versions": [],
      "snippet": "Le président **Erdoğan** a rencontré Poutine à Moscou. Les deux dirigeants ont parlé d’**Idleb**.",
      "snippet_text": "Le président Erdoğan a rencontré Poutine à Moscou. Les deux dirigeants ont parlé d’Idleb.",
      "highlights": [
        [
          14,
          22
        ],
        [
          90,
          95
        ]
      ],
      "snippet_cut_before": false,
      "snippet_cut_after": false,
      "title_highlights": [
        [
          14,
          22
        ]
      ]
    },
    {
      "rank": 2,
      "id": "j1",
      "date": "2020-03",
      "title": "Trêve à Idleb",
      "score": 0,
      "all_words": false,
      "reposts": 0,
      "versions": [],
      "snippet": "Un cessez-le-feu est entré en vigueur à **Idleb**, selon l’ONU.",
      "snippet_text": "Un cessez-le-feu est entré en vigueur à Idleb, selon l’ONU.",
      "highlights": [
        [
          42,
          47
        ]
      ],
      "snippet_cut_before": false,
      "snippet_cut_after": false,
      "title_highlights": [
        [
          10,
          15
        ]
      ]
    }
  ]
}
)");
    const auto parsed = nlohmann::json::parse(result.out);
    REQUIRE(parsed["results"].size() == 2);
    const double first = parsed["results"][0]["score"].get<double>();
    const double second = parsed["results"][1]["score"].get<double>();
    CHECK(first > 0);
    CHECK(second > 0);

    // The next page holds the third article, ranked 3.
    const RunResult next = run(corpus.dir(), {"search", "--format", "json", "--limit", "2",
                                              "--offset", "2", "erdogan", "idleb"});
    CHECK(next.exit_code == 0);
    const auto page = nlohmann::json::parse(next.out);
    REQUIRE(page["results"].size() == 1);
    CHECK(page["results"][0]["rank"] == 3);
    CHECK(page["results"][0]["id"] == "j2");
    CHECK(page["results"][0]["date"].is_null());
}

TEST_CASE("cli: search --explain", "[cli][explain]") {
    CliCorpus corpus;
    const RunResult result =
        run(corpus.dir(), {"search", "--explain", "--limit", "2", "erdogan", "idleb"});
    INFO(result.err);
    CHECK(result.exit_code == 0);
    CHECK(result.out ==
          "About 3 results for: erdogan idleb\n"
          "\n"
          "1. Le président Erdoğan a rencontré Poutine à Moscou.\n"
          "   2020-02-16  moscou\n"
          "   Le président **Erdoğan** a rencontré Poutine à Moscou. Les deux dirigeants ont "
          "parlé d’**Idleb**.\n"
          "   why: erdogan 64% title+text [erdogan] · idleb 36% text [idleb]\n"
          "\n"
          "-- articles with only some of the words --\n"
          "\n"
          "2. Trêve à Idleb\n"
          "   2020-03  j1\n"
          "   Un cessez-le-feu est entré en vigueur à **Idleb**, selon l’ONU.\n"
          "   why: erdogan not found · idleb 100% title+text [idleb]\n");
}

TEST_CASE("cli: text search output marks highlights with ** without a terminal", "[cli]") {
    CliCorpus corpus;
    const RunResult result = run(corpus.dir(), {"search", "erdogan", "idleb"});
    CHECK(result.exit_code == 0);
    CHECK(result.out ==
          "About 3 results for: erdogan idleb\n"
          "\n"
          "1. Le président Erdoğan a rencontré Poutine à Moscou.\n"
          "   2020-02-16  moscou\n"
          "   Le président **Erdoğan** a rencontré Poutine à Moscou. Les deux dirigeants ont "
          "parlé d’**Idleb**.\n"
          "\n"
          "-- articles with only some of the words --\n"
          "\n"
          "2. Trêve à Idleb\n"
          "   2020-03  j1\n"
          "   Un cessez-le-feu est entré en vigueur à **Idleb**, selon l’ONU.\n"
          "\n"
          "3. Sans date\n"
          "   undated  j2\n"
          "   **Erdoğan** parle encore.\n");
    CHECK(result.out.find('\x1b') == std::string::npos);  // no ANSI escapes

    const RunResult nothing = run(corpus.dir(), {"search", "zorglub"});
    CHECK(nothing.exit_code == 1);
    CHECK(nothing.out == "No results for: zorglub\n");
}

TEST_CASE("cli: search filters and sorts by date", "[cli]") {
    CliCorpus corpus;
    auto ids = [&](const std::vector<std::string>& arguments) {
        std::vector<std::string> full = {"search", "--format", "json"};
        full.insert(full.end(), arguments.begin(), arguments.end());
        const RunResult result = run(corpus.dir(), full);
        INFO(result.err);
        std::vector<std::string> found;
        if (result.exit_code != 0) {
            found.push_back("exit " + std::to_string(result.exit_code));
            return found;
        }
        const auto parsed = nlohmann::json::parse(result.out);
        for (const auto& hit : parsed["results"]) {
            found.push_back(hit["id"].get<std::string>());
        }
        return found;
    };
    using Ids = std::vector<std::string>;
    CHECK(ids({"--sort", "newest", "erdogan", "OR", "idleb"}) == Ids{"j1", "moscou", "j2"});
    CHECK(ids({"--sort", "oldest", "erdogan", "OR", "idleb"}) == Ids{"moscou", "j1", "j2"});
    CHECK(ids({"--since", "2020-03", "erdogan", "OR", "idleb"}) == Ids{"j1"});
    CHECK(ids({"--until", "2020-02-16", "erdogan", "OR", "idleb"}) == Ids{"moscou"});
    CHECK(ids({"--since", "2020-02-17", "--until", "2020-03-01", "idleb"}) == Ids{"j1"});
    CHECK(ids({"--since", "2021", "idleb"}) == Ids{"exit 1"});
    // A query starting with '-' after "--"; options after the query.
    CHECK(ids({"--", "-erdogan"}) == Ids{"j1"});
    CHECK(ids({"erdogan", "--limit", "1"}) == Ids{"moscou"});
}

TEST_CASE("cli: show prints the article as written", "[cli]") {
    CliCorpus corpus;
    RunResult result = run(corpus.dir(), {"show", "moscou"});
    INFO(result.err);
    CHECK(result.exit_code == 0);
    // The source is stored as an absolute path: the temporary directory varies.
    const std::string root = fs::absolute(corpus.dir()).lexically_normal().string() + "/";
    auto strip_root = [&root](std::string& out) {
        for (std::size_t at; (at = out.find(root)) != std::string::npos;) out.erase(at, root.size());
    };
    strip_root(result.out);
    CHECK(result.out ==
          "id:     moscou\n"
          "date:   2020-02-16\n"
          "title:  Le président Erdoğan a rencontré Poutine à Moscou.\n"
          "source: src/moscou.txt\n"
          "\n"
          "Le président Erdoğan a rencontré Poutine à Moscou.\n"
          "\n"
          "Les deux dirigeants ont parlé d’Idleb.\n");

    RunResult json = run(corpus.dir(), {"show", "--format", "json", "j2"});
    CHECK(json.exit_code == 0);
    strip_root(json.out);
    CHECK(json.out ==
          R"({
  "id": "j2",
  "date": null,
  "title": "Sans date",
  "source": "src/b.jsonl",
  "text": "Erdoğan parle encore.",
  "versions": []
}
)");

    const RunResult missing = run(corpus.dir(), {"show", "nope"});
    CHECK(missing.exit_code == 1);
    CHECK(missing.out.empty());
    CHECK(missing.err.find("nope") != std::string::npos);
}

TEST_CASE("cli: exit codes", "[cli]") {
    CliCorpus corpus;
    struct Row {
        std::vector<std::string> arguments;
        int exit_code;
        const char* in_stderr;  // part of the message, or nullptr
    };
    const Row table[] = {
        {{"search", "erdogan"}, 0, nullptr},
        {{"search", "zorglub"}, 1, nullptr},
        {{"search", "--index", "nowhere", "erdogan"}, 2, "nowhere"},
        {{"stats", "--index", "nowhere"}, 2, "nowhere"},
        {{"show", "--index", "nowhere", "moscou"}, 2, "nowhere"},
        {{"search", "\"unclosed"}, 2, "unclosed quote"},
        {{"search", "OR", "idleb"}, 2, "column 1"},
        {{"search", "--since", "2020-13", "erdogan"}, 2, "--since"},
        {{"search", "--until", "hier", "erdogan"}, 2, "--until"},
        {{"search", "--bogus", "erdogan"}, 2, "--bogus"},
        {{"search", "--sort", "random", "erdogan"}, 2, nullptr},
        {{"search", "--limit", "many", "erdogan"}, 2, nullptr},
        {{"search", "--format", "xml", "erdogan"}, 2, nullptr},
        {{"search"}, 2, "QUERY"},
        {{"show"}, 2, "ID"},
        {{"index"}, 2, "PATH"},
        {{}, 2, nullptr},
        {{"frobnicate"}, 2, nullptr},
        {{"show", "moscou"}, 0, nullptr},
        {{"show", "nope"}, 1, "nope"},
        {{"stats"}, 0, nullptr},
        {{"index", "does-not-exist"}, 1, "does-not-exist"},
        {{"--version"}, 0, nullptr},
    };
    for (const Row& row : table) {
        std::string joined;
        for (const std::string& argument : row.arguments) joined += " " + argument;
        INFO("depeche" << joined);
        const RunResult result = run(corpus.dir(), row.arguments);
        INFO("stderr: " << result.err);
        CHECK(result.exit_code == row.exit_code);
        if (row.exit_code == 2) {
            CHECK(result.out.empty());
            CHECK(result.err.starts_with("depeche: "));
        }
        if (row.in_stderr) CHECK(result.err.find(row.in_stderr) != std::string::npos);
    }
}

TEST_CASE("cli: an index built by another analyzer version is an error", "[cli]") {
    CliCorpus corpus;
    {
        Xapian::WritableDatabase database((corpus.dir() / "depeche-index").string(),
                                          Xapian::DB_OPEN);
        database.set_metadata("depeche.analyzer", "other-0");
        database.commit();
    }
    for (const std::vector<std::string>& arguments :
         {std::vector<std::string>{"search", "erdogan"}, {"stats"}, {"show", "moscou"},
          {"index", "src"}}) {
        INFO("depeche " << arguments.front());
        const RunResult result = run(corpus.dir(), arguments);
        CHECK(result.exit_code == 2);
        CHECK(result.err.find("other-0") != std::string::npos);
        CHECK(result.out.empty());
    }
}

TEST_CASE("cli: a directory that is not an index is an error", "[cli]") {
    CliCorpus corpus;
    corpus.temp.write("not-an-index/file.txt", "x");
    const RunResult search = run(corpus.dir(), {"search", "--index", "not-an-index", "erdogan"});
    CHECK(search.exit_code == 2);
    CHECK(search.err.find("not-an-index") != std::string::npos);
    const RunResult index = run(corpus.dir(), {"index", "--index", "not-an-index", "src"});
    CHECK(index.exit_code == 2);
    CHECK(index.err.find("not-an-index") != std::string::npos);
    CHECK(std::distance(fs::directory_iterator(corpus.dir() / "not-an-index"),
                        fs::directory_iterator()) == 1);  // file.txt only
}

TEST_CASE("cli: --index, then DEPECHE_INDEX, then ./depeche-index", "[cli]") {
    CliCorpus corpus;  // ./depeche-index holds moscou, j1, j2
    corpus.temp.write("env-src/env.txt", "date 2021-01-01 Un article sur Erdoğan pour l'env.");
    corpus.temp.write("opt-src/opt.txt", "date 2022-01-01 Un article sur Erdoğan pour l'option.");
    REQUIRE(run(corpus.dir(), {"index", "env-src"}, std::string("env-index")).exit_code == 0);
    REQUIRE(run(corpus.dir(), {"index", "--index", "opt-index", "opt-src"}).exit_code == 0);
    REQUIRE(fs::is_directory(corpus.dir() / "env-index"));
    REQUIRE(fs::is_directory(corpus.dir() / "opt-index"));

    auto index_used = [&](const std::vector<std::string>& options,
                          const std::optional<std::string>& environment) {
        std::vector<std::string> arguments = {"stats", "--format", "json"};
        arguments.insert(arguments.end(), options.begin(), options.end());
        const RunResult result = run(corpus.dir(), arguments, environment);
        INFO(result.err);
        REQUIRE(result.exit_code == 0);
        const auto parsed = nlohmann::json::parse(result.out);
        return parsed["index"].get<std::string>() + " " +
               std::to_string(parsed["articles"].get<int>());
    };
    CHECK(index_used({}, std::nullopt) == "depeche-index 3");
    CHECK(index_used({}, std::string("env-index")) == "env-index 1");
    CHECK(index_used({}, std::string()) == "depeche-index 3");
    CHECK(index_used({"--index", "opt-index"}, std::nullopt) == "opt-index 1");
    CHECK(index_used({"--index", "opt-index"}, std::string("env-index")) == "opt-index 1");

    const RunResult from_env = run(corpus.dir(), {"show", "env"}, std::string("env-index"));
    CHECK(from_env.exit_code == 0);
    CHECK(from_env.out.starts_with("id:     env\n"));
    CHECK(run(corpus.dir(), {"show", "env"}).exit_code == 1);  // not in ./depeche-index
    const RunResult searched =
        run(corpus.dir(), {"search", "--format", "json", "--index", "opt-index", "erdogan"},
            std::string("env-index"));
    CHECK(nlohmann::json::parse(searched.out)["results"][0]["id"] == "opt");

    // Without any index in the working directory.
    TempDir elsewhere;
    const RunResult none = run(elsewhere.path(), {"search", "erdogan"});
    CHECK(none.exit_code == 2);
    CHECK(none.err.find("depeche-index") != std::string::npos);
    CHECK(none.err.find("depeche index") != std::string::npos);
}

TEST_CASE("cli: search --help describes every option", "[cli]") {
    const RunResult result = run(fs::temp_directory_path(), {"search", "--help"});
    CHECK(result.exit_code == 0);
    for (const char* option :
         {"--index", "--format", "--limit", "--offset", "--since", "--until", "--sort", "QUERY",
          "json", "newest", "oldest", "relevance", "DEPECHE_INDEX", "YYYY-MM-DD", "--explain",
          "--all-versions", "--timeline", "--all", "--fields", "jsonl", "csv", "--facets",
          "--facet-size", "name:", "--time-limit"}) {
        INFO("option: " << option);
        CHECK(result.out.find(option) != std::string::npos);
    }
    for (const char* subcommand : {"index", "show", "stats"}) {
        const RunResult help = run(fs::temp_directory_path(), {subcommand, "--help"});
        INFO("depeche " << subcommand << " --help");
        CHECK(help.exit_code == 0);
        CHECK(help.out.find("--index") != std::string::npos);
    }
    CHECK(run(fs::temp_directory_path(), {"index", "--help"}).out.find("--jobs") !=
          std::string::npos);
    CHECK(run(fs::temp_directory_path(), {"show", "--help"}).out.find("--format") !=
          std::string::npos);
    for (const auto& [subcommand, option] :
         {std::pair{"batch", "--limit"}, std::pair{"batch", "--since"}, std::pair{"similar", "--until"},
          std::pair{"duplicates", "--min-size"}, std::pair{"diff", "ID2"},
          std::pair{"serve", "--time-limit"}}) {
        INFO(subcommand << " " << option);
        CHECK(run(fs::temp_directory_path(), {subcommand, "--help"}).out.find(option) !=
              std::string::npos);
    }
}

TEST_CASE("cli: depeche --help lists the subcommands and every search option", "[cli]") {
    const RunResult result = run(fs::temp_directory_path(), {"--help"});
    CHECK(result.exit_code == 0);
    for (const char* subcommand :
         {"index", "search", "show", "stats", "duplicates", "diff", "similar", "variants"}) {
        INFO("subcommand: " << subcommand);
        CHECK(result.out.find(subcommand) != std::string::npos);
    }
    for (const char* option :
         {"--index", "--format", "--limit", "--offset", "--since", "--until", "--sort"}) {
        INFO("option: " << option);
        CHECK(result.out.find(option) != std::string::npos);
    }
}

// ---------------------------------------------------------------------------------------------
// In-memory formatters and commands

namespace {

depeche::SearchResults hand_made_results() {
    depeche::SearchResults results;
    results.query = "erdogan idlib";
    results.total_estimate = 2;
    results.also_searched = {{"idlib", "idleb"}};
    depeche::SearchHit first;
    first.rank = 1;
    first.id = "afp-1";
    first.date = depeche::Date{2020, 2, 16};
    first.title = "Erdoğan à Idleb";
    first.score = 1.5;
    first.snippet.text = "Le président Erdoğan est à Idleb.";
    first.snippet.highlights = {{14, 22}, {30, 35}};  // "Erdoğan", "Idleb"
    first.snippet.cut_after = true;
    first.title_highlights = {{0, 8}, {11, 16}};  // "Erdoğan", "Idleb"
    depeche::SearchHit second;
    second.rank = 2;
    second.id = "afp-2";
    second.title = "";
    second.score = 0.25;
    second.has_all_words = false;
    second.snippet.text = "Rien sur Idleb.";
    second.snippet.highlights = {{9, 14}};
    second.snippet.cut_before = true;
    results.hits = {first, second};
    return results;
}

// The text and JSON views of `results`, as strings.
std::string search_text_of(const depeche::SearchResults& results, std::size_t width) {
    std::ostringstream text;
    depeche::cli::write_search_text(text, results, depeche::cli::TextStyle{false, width});
    return text.str();
}
std::string search_json_of(const depeche::SearchResults& results) {
    std::ostringstream json;
    depeche::cli::write_search_json(json, results);
    return json.str();
}

}  // namespace

TEST_CASE("cli: write_search_text without colour", "[cli]") {
    std::ostringstream out;
    depeche::cli::write_search_text(out, hand_made_results(), depeche::cli::TextStyle{false});
    CHECK(out.str() ==
          "Also searched for: idleb (you typed idlib)\n"
          "About 2 results for: erdogan idlib\n"
          "\n"
          "1. Erdoğan à Idleb\n"
          "   2020-02-16  afp-1\n"
          "   Le président **Erdoğan** est à **Idleb**.…\n"
          "\n"
          "-- articles with only some of the words --\n"
          "\n"
          "2. (no title)\n"
          "   undated  afp-2\n"
          "   …Rien sur **Idleb**.\n");

    std::ostringstream coloured;
    depeche::cli::write_search_text(coloured, hand_made_results(), depeche::cli::TextStyle{true});
    CHECK(coloured.str().find("\x1b[1;31mErdoğan\x1b[0m") != std::string::npos);
    CHECK(coloured.str().find("**") == std::string::npos);

    depeche::SearchResults empty;
    empty.query = "zorglub";
    empty.suggestion = "zorglob";
    std::ostringstream nothing;
    depeche::cli::write_search_text(nothing, empty, depeche::cli::TextStyle{false});
    CHECK(nothing.str() == "Did you mean: zorglob ?\nNo results for: zorglub\n");
}

TEST_CASE("cli: write_search_json", "[cli]") {
    std::ostringstream out;
    depeche::cli::write_search_json(out, hand_made_results());
    CHECK(out.str() == R"({
  "query": "erdogan idlib",
  "total_estimate": 2,
  "suggestion": null,
  "also_searched": [
    {
      "typed": "idlib",
      "variant": "idleb"
    }
  ],
  "results": [
    {
      "rank": 1,
      "id": "afp-1",
      "date": "2020-02-16",
      "title": "Erdoğan à Idleb",
      "score": 1.5,
      "all_words": true,
      "reposts": 0,
      "versions": [],
      "snippet": "Le président **Erdoğan** est à **Idleb**.…",
      "snippet_text": "Le président Erdoğan est à Idleb.",
      "highlights": [
        [
          14,
          22
        ],
        [
          30,
          35
        ]
      ],
      "snippet_cut_before": false,
      "snippet_cut_after": true,
      "title_highlights": [
        [
          0,
          8
        ],
        [
          11,
          16
        ]
      ]
    },
    {
      "rank": 2,
      "id": "afp-2",
      "date": null,
      "title": "",
      "score": 0.25,
      "all_words": false,
      "reposts": 0,
      "versions": [],
      "snippet": "…Rien sur **Idleb**.",
      "snippet_text": "Rien sur Idleb.",
      "highlights": [
        [
          9,
          14
        ]
      ],
      "snippet_cut_before": true,
      "snippet_cut_after": false,
      "title_highlights": []
    }
  ]
}
)");
    // Invalid UTF-8 in a title never makes the output fail.
    depeche::SearchResults bad = hand_made_results();
    bad.hits[0].title = "bad \xC3\x28 byte";
    std::ostringstream bad_out;
    REQUIRE_NOTHROW(depeche::cli::write_search_json(bad_out, bad));
    CHECK_NOTHROW(nlohmann::json::parse(bad_out.str()));
}

TEST_CASE("cli: an explanation as text and JSON", "[cli][explain]") {
    depeche::SearchResults results = hand_made_results();
    results.hits.resize(1);
    depeche::ScoredPart erdogan;
    erdogan.text = "erdogan";
    erdogan.matched = true;
    erdogan.in_title = erdogan.in_text = true;
    erdogan.terms = {"Nerdogan"};
    erdogan.weight = 0.9;
    depeche::ScoredPart idlib;
    idlib.text = "idlib";
    idlib.matched = true;
    idlib.in_text = true;
    idlib.terms = {"Nidleb", "Nidlib"};
    idlib.weight = 0.3;
    depeche::ScoredPart syrie;
    syrie.text = "syrie";
    depeche::ScoredPart bonus;
    bonus.bonus = true;
    bonus.matched = true;
    bonus.in_text = true;
    bonus.terms = {"Nidlib"};
    bonus.weight = 0.3;
    results.hits[0].explanation = {erdogan, idlib, syrie, bonus};
    std::ostringstream text;
    depeche::cli::write_search_text(text, results, depeche::cli::TextStyle{false});
    CHECK(text.str() ==
          "Also searched for: idleb (you typed idlib)\n"
          "About 2 results for: erdogan idlib\n"
          "\n"
          "1. Erdoğan à Idleb\n"
          "   2020-02-16  afp-1\n"
          "   Le président **Erdoğan** est à **Idleb**.…\n"
          "   why: erdogan 60% title+text [erdogan] · idlib 20% text [idleb, idlib] · syrie not "
          "found · (spelling as typed) 20% text [idlib]\n");
    std::ostringstream json;
    depeche::cli::write_search_json(json, results);
    const nlohmann::json parsed = nlohmann::json::parse(json.str());
    const nlohmann::json& explain = parsed["results"][0]["explain"];
    REQUIRE(explain.size() == 4);
    CHECK(explain[0] == nlohmann::json::parse(R"({"part": "erdogan", "bonus": false,
        "matched": true, "where": ["title", "text"], "terms": ["Nerdogan"], "weight": 0.9,
        "share": 0.6})"));
    CHECK(explain[2] == nlohmann::json::parse(R"({"part": "syrie", "bonus": false,
        "matched": false, "where": [], "terms": [], "weight": 0.0, "share": 0.0})"));
    CHECK(explain[3]["bonus"] == true);
    CHECK(explain[3]["share"] == 0.2);
    // Without an explanation, no "explain" field (the JSON of a plain search is unchanged).
    std::ostringstream plain;
    depeche::cli::write_search_json(plain, hand_made_results());
    CHECK(plain.str().find("explain") == std::string::npos);
}

TEST_CASE("cli: stories with several versions, as text and JSON; show lists them",
          "[cli][stories]") {
    const std::vector<depeche::StoryGroup> groups = {
        {{{"afp-1", depeche::Date{2020, 5, 18}, "Le Sénat examine la réforme"},
          {"afp-2", depeche::Date{2020, 5, 19}, "Le Sénat adopte la réforme"},
          {"web-9", std::nullopt, "VIDÉO. La réforme au Sénat"}}},
        {{{"b-1", depeche::Date{2020, 6, 0}, "Trêve à Idleb"},
          {"b-2", depeche::Date{2020, 6, 2}, "Trêve à Idleb"}}}};
    std::ostringstream text;
    depeche::cli::write_duplicates_text(text, groups);
    CHECK(text.str() ==
          "2 stories with several versions (5 articles)\n"
          "\n"
          "3 versions, first afp-1\n"
          "  2020-05-18  afp-1  Le Sénat examine la réforme\n"
          "  2020-05-19  afp-2  Le Sénat adopte la réforme\n"
          "  undated     web-9  VIDÉO. La réforme au Sénat\n"
          "\n"
          "2 versions, first b-1\n"
          "  2020-06     b-1  Trêve à Idleb\n"
          "  2020-06-02  b-2  Trêve à Idleb\n");
    std::ostringstream json;
    depeche::cli::write_duplicates_json(json, groups);
    const auto parsed = nlohmann::json::parse(json.str());
    CHECK(parsed["groups"][0]["ids"] == nlohmann::json({"afp-1", "afp-2", "web-9"}));
    CHECK(parsed["groups"][0]["first"] == "afp-1");
    CHECK(parsed["groups"][0]["dates"] == nlohmann::json({"2020-05-18", "2020-05-19", nullptr}));
    std::ostringstream none;
    depeche::cli::write_duplicates_text(none, {});
    CHECK(none.str() == "No story with several versions.\n");

    depeche::Article article;
    article.id = "afp-1";
    article.date = depeche::Date{2020, 5, 18};
    article.title = "Le Sénat examine la réforme";
    article.text = "Texte.";
    std::ostringstream shown;
    depeche::cli::write_article_text(shown, article, {groups[0].versions[1], groups[0].versions[2]});
    CHECK(shown.str() ==
          "id:     afp-1\n"
          "date:   2020-05-18\n"
          "title:  Le Sénat examine la réforme\n"
          "other versions of this story (depeche diff afp-1 ID shows what changed):\n"
          "  2020-05-19  afp-2  Le Sénat adopte la réforme\n"
          "  undated     web-9  VIDÉO. La réforme au Sénat\n"
          "\n"
          "Texte.\n");
}

TEST_CASE("cli: duplicates, diff and similar on an index", "[cli][stories]") {
    CliCorpus corpus;
    const RunResult duplicates = run(corpus.dir(), {"duplicates"});
    CHECK(duplicates.exit_code == 1);  // its short articles are no one's versions
    CHECK(duplicates.out == "No story with several versions.\n");
    const RunResult diff = run(corpus.dir(), {"diff", "moscou", "j1"});
    CHECK(diff.exit_code == 0);
    CHECK(diff.out.starts_with("moscou -> j1: "));
    CHECK(run(corpus.dir(), {"diff", "moscou", "moscou"}).exit_code == 1);  // the same text
    CHECK(run(corpus.dir(), {"diff", "moscou", "nobody"}).exit_code == 2);
    const RunResult similar = run(corpus.dir(), {"similar", "--format", "json", "moscou"});
    CHECK(similar.exit_code == 0);
    const auto parsed = nlohmann::json::parse(similar.out);
    CHECK(parsed["query"] == "similar to moscou");
    for (const auto& hit : parsed["results"]) CHECK(hit["id"] != "moscou");
    const RunResult unknown = run(corpus.dir(), {"similar", "nobody"});
    CHECK(unknown.exit_code == 1);
    CHECK(unknown.err.find("no article with id 'nobody'") != std::string::npos);
}

TEST_CASE("cli: bar charts and the timeline as text and JSON", "[cli][timeline]") {
    std::ostringstream chart;
    depeche::cli::write_bar_chart(chart,
                                  {{"2020-01", 8, "note"}, {"2020-02", 0, ""}, {"2020-03", 1, "x"},
                                   {"2020-04", 16, "n"}},
                                  depeche::cli::TextStyle{false, 40});
    // 40 columns: 7 + 1 for the label, 2 for the value, 4 for the note, 8 for the peak mark,
    // 3 spaces: 16 columns of bar; 1 of 16 is one column, the smallest shows an eighth.
    CHECK(chart.str() ==
          "2020-01 ████████          8 note\n"
          "2020-02                   0\n"
          "2020-03 █                 1 x\n"
          "2020-04 ████████████████ 16 n  ◀ peak\n");

    depeche::SearchResults results = hand_made_results();
    results.hits.resize(1);
    results.timeline = std::vector<depeche::MonthCount>{{"2020-02", 3, 2, 1.5}, {"2020-03", 0, 0, 0},
                                                        {"2020-04", 1, 1, 0.25}};
    results.timeline_undated = 1;
    const std::string text = search_text_of(results, 50);
    CHECK(text.find("About 2 results for: erdogan idlib\n"
                          "\n"
                          "Coverage per month: 4 articles (3 stories), 2020-02 to 2020-04, and 1 "
                          "undated (‰: per 1,000 articles of the month)\n"
                          "2020-02 ") != std::string::npos);
    CHECK(text.find(" 3    1.5‰  ◀ peak\n2020-03 ") != std::string::npos);
    const auto parsed = nlohmann::json::parse(search_json_of(results));
    CHECK(parsed["timeline"] == nlohmann::json::parse(R"([
        {"month": "2020-02", "count": 3, "stories": 2, "per_1000": 1.5},
        {"month": "2020-03", "count": 0, "stories": 0, "per_1000": 0.0},
        {"month": "2020-04", "count": 1, "stories": 1, "per_1000": 0.25}])"));
    CHECK(parsed["timeline_undated"] == 1);
    // Without --timeline, no field at all.
    CHECK(search_json_of(hand_made_results()).find("timeline") == std::string::npos);
}

TEST_CASE("cli: the names facet as text and JSON", "[cli][facets]") {
    depeche::SearchResults results = hand_made_results();
    results.hits.resize(1);
    results.names = std::vector<depeche::NameCount>{
        {"Bachar al-Assad", 12, {"Bashar al-Assad", "Bachar el-Assad"}}, {"Idleb", 3, {}}};
    results.names_counted_over = 15;
    CHECK(search_text_of(results, 80).find("About 2 results for: erdogan idlib\n"
                          "\n"
                          "Names mentioned in the 15 matching articles (articles each):\n"
                          "  12  Bachar al-Assad (also Bashar al-Assad, Bachar el-Assad)\n"
                          "   3  Idleb\n"
                          "\n1. ") != std::string::npos);
    CHECK(nlohmann::json::parse(search_json_of(results))["facets"] == nlohmann::json::parse(R"({
        "names": [
          {"name": "Bachar al-Assad", "count": 12,
           "spellings": ["Bashar al-Assad", "Bachar el-Assad"]},
          {"name": "Idleb", "count": 3, "spellings": []}],
        "counted_over": 15})"));
    // None found: said so.
    results.names->clear();
    CHECK(search_text_of(results, 80).find("Names mentioned: none in the 15 matching articles\n") !=
          std::string::npos);
    // Without --facets, no field at all.
    CHECK(search_json_of(hand_made_results()).find("facets") == std::string::npos);
}

TEST_CASE("cli: a search cut by its time limit says so, as text and JSON", "[cli][time_limit]") {
    depeche::SearchResults results = hand_made_results();
    results.hits.resize(1);
    results.timed_out = true;
    results.time_limit = std::chrono::milliseconds(2000);
    results.names = std::vector<depeche::NameCount>{{"Idleb", 3, {}}};
    results.names_counted_over = 3;
    CHECK(search_text_of(results, 80) ==
          "Also searched for: idleb (you typed idlib)\n"
          "The search ran past its time limit (2,000 ms): the counts and snippets below are "
          "partial.\n"
          "About 2 results for: erdogan idlib\n"
          "\n"
          "Names mentioned in the 3 matching articles (articles each):\n"
          "  3  Idleb\n"
          "\n"
          "1. Erdoğan à Idleb\n"
          "   2020-02-16  afp-1\n"
          "   Le président **Erdoğan** est à **Idleb**.…\n");
    // JSON: two fields after total_estimate, the rest as ever.
    const std::string json = search_json_of(results);
    CHECK(json.find("  \"total_estimate\": 2,\n"
                    "  \"timed_out\": true,\n"
                    "  \"time_limit_ms\": 2000,\n"
                    "  \"suggestion\": null,\n") != std::string::npos);
    nlohmann::json without = nlohmann::json::parse(json);
    without.erase("timed_out");
    without.erase("time_limit_ms");
    results.timed_out = false;
    CHECK(without == nlohmann::json::parse(search_json_of(results)));
    // Not cut: no field, no line (whatever the limit was).
    CHECK(json.find("timed_out") != std::string::npos);
    CHECK(search_json_of(results).find("timed_out") == std::string::npos);
    CHECK(search_json_of(results).find("time_limit_ms") == std::string::npos);
    CHECK(search_text_of(results, 80).find("time limit") == std::string::npos);
    // Nothing found in time: the notice, then "No results".
    depeche::SearchResults none;
    none.query = "zorglub";
    none.timed_out = true;
    none.time_limit = std::chrono::milliseconds(0);
    CHECK(search_text_of(none, 80) ==
          "The search ran past its time limit (0 ms): the counts and snippets below are "
          "partial.\n"
          "No results for: zorglub\n");
    // A batch line cut: "timed_out" after the rest; none otherwise.
    results.timed_out = true;
    results.timeline = std::vector<depeche::MonthCount>{{"2020-02", 1, 1, 0.5}};
    results.first_match_date = results.last_match_date = depeche::Date{2020, 2, 16};
    std::ostringstream batch;
    depeche::cli::write_batch_jsonl(batch, {3, "idlib", &results, ""});
    CHECK(batch.str() ==
          R"({"line":3,"query":"idlib","total":1,"first":"2020-02-16","last":"2020-02-16",)"
          R"("months":{"2020-02":1},"results":[{"id":"afp-1","date":"2020-02-16","title":)"
          R"("Erdoğan à Idleb","score":1.5}],"error":null,"timed_out":true})"
          "\n");
    results.timed_out = false;
    std::ostringstream whole;
    depeche::cli::write_batch_jsonl(whole, {3, "idlib", &results, ""});
    CHECK(whole.str().find("timed_out") == std::string::npos);
    const std::pair<std::uintmax_t, const char*> thousands[] = {
        {0, "0"}, {999, "999"}, {1000, "1,000"}, {5000, "5,000"}, {1234567, "1,234,567"}};
    for (const auto& [number, text] : thousands) CHECK(depeche::views::with_thousands(number) == text);
}

TEST_CASE("cli: search --all streams every result as JSON Lines and CSV", "[cli][export]") {
    CliCorpus corpus;
    const RunResult jsonl = run(corpus.dir(), {"search", "--all", "--format", "jsonl", "--fields",
                                               "rank,id,date,title", "erdogan", "idleb"});
    INFO(jsonl.err);
    CHECK(jsonl.exit_code == 0);
    CHECK(jsonl.out ==
          R"({"rank":1,"id":"moscou","date":"2020-02-16","title":"Le président Erdoğan a rencontré Poutine à Moscou."})"
          "\n"
          R"({"rank":2,"id":"j1","date":"2020-03","title":"Trêve à Idleb"})"
          "\n"
          R"({"rank":3,"id":"j2","date":null,"title":"Sans date"})"
          "\n");
    const RunResult csv = run(corpus.dir(), {"search", "--all", "--format", "csv", "--fields",
                                             "id,title,text", "erdogan", "idleb"});
    CHECK(csv.exit_code == 0);
    CHECK(csv.out.starts_with("\xEF\xBB\xBFid,title,text\r\n"
                              "moscou,Le président Erdoğan a rencontré Poutine à Moscou.,"));
    CHECK(csv.out.find("\r\nj2,Sans date,Erdoğan parle encore.\r\n") != std::string::npos);
    // Without --all, the page asked for in the same format.
    const RunResult page = run(corpus.dir(), {"search", "--limit", "1", "--format", "jsonl",
                                              "--fields", "id", "erdogan", "idleb"});
    CHECK(page.out == "{\"id\":\"moscou\"}\n");
    // As text: every result, the relaxed tier announced once.
    const RunResult text = run(corpus.dir(), {"search", "--all", "erdogan", "idleb"});
    CHECK(text.exit_code == 0);
    CHECK(text.out.starts_with("Every result for: erdogan idleb\n\n1. Le président Erdoğan"));
    CHECK(text.out.find("\n-- articles with only some of the words --\n\n2. Trêve à Idleb\n") !=
          std::string::npos);
    CHECK(text.out.find("\n3. Sans date\n") != std::string::npos);
    CHECK(run(corpus.dir(), {"search", "--all", "zorglub"}).out == "No results for: zorglub\n");
    CHECK(run(corpus.dir(), {"search", "--all", "--format", "csv", "zorglub"}).exit_code == 1);
    CHECK(run(corpus.dir(), {"search", "--fields", "nonsense", "erdogan"}).exit_code == 2);
}

TEST_CASE("cli: CSV fields are quoted as RFC 4180 says", "[cli][export]") {
    depeche::SearchHit hit;
    hit.rank = 1;
    hit.id = "a,1";
    hit.title = "Il a dit \"non\"";
    hit.text = "ligne 1\nligne 2";
    hit.versions = {"b", "c"};
    hit.reposts = 2;
    std::ostringstream out;
    depeche::cli::write_csv_header(out, {"id", "title", "versions", "reposts", "date", "text"});
    depeche::cli::write_hit_csv(out, hit, {"id", "title", "versions", "reposts", "date", "text"});
    CHECK(out.str() == "\xEF\xBB\xBFid,title,versions,reposts,date,text\r\n"
                       "\"a,1\",\"Il a dit \"\"non\"\"\",b c,2,,\"ligne 1\nligne 2\"\r\n");
}

TEST_CASE("cli: batch answers each query in order, a bad one with its error", "[cli][batch]") {
    CliCorpus corpus;
    corpus.temp.write("queries.txt",
                      "idleb\n# a comment\n\nerdogan\n\"unclosed\nzorglub\r\n");
    const RunResult jsonl = run(corpus.dir(), {"batch", "--limit", "1", "queries.txt"});
    CHECK(jsonl.exit_code == 1);  // one query failed
    CHECK(jsonl.err == "depeche: 1 of 4 queries failed (see their error)\n");
    std::vector<nlohmann::json> lines;
    std::istringstream in(jsonl.out);
    for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
    REQUIRE(lines.size() == 4);
    // "idleb": moscou (2020-02-16) and j1 (2020-03); no undated article holds it.
    CHECK(lines[0]["line"] == 1);
    CHECK(lines[0]["query"] == "idleb");
    CHECK(lines[0]["total"] == 2);
    CHECK(lines[0]["first"] == "2020-02-16");
    CHECK(lines[0]["last"] == "2020-03");
    CHECK(lines[0]["months"] == nlohmann::json::parse(R"({"2020-02": 1, "2020-03": 1})"));
    CHECK(lines[0]["results"].size() == 1);
    CHECK(lines[0]["error"].is_null());
    // "erdogan": moscou and the undated j2, counted in the total.
    CHECK(lines[1]["line"] == 4);
    CHECK(lines[1]["total"] == 2);
    CHECK(lines[1]["first"] == "2020-02-16");
    CHECK(lines[1]["months"] == nlohmann::json::parse(R"({"2020-02": 1})"));
    CHECK(lines[2]["line"] == 5);
    CHECK(lines[2]["total"].is_null());
    CHECK(lines[2]["error"] == "unclosed quote at column 1: add the closing quote");
    CHECK(lines[3]["query"] == "zorglub");
    CHECK(lines[3]["total"] == 0);
    CHECK(lines[3]["error"].is_null());

    const RunResult csv = run(corpus.dir(), {"batch", "--format", "csv", "--limit", "2",
                                             "--until", "2020-02", "queries.txt"});
    CHECK(csv.out == "\xEF\xBB\xBFline,query,total,first,last,results,error\r\n"
                     "1,idleb,1,2020-02-16,2020-02-16,moscou,\r\n"
                     "4,erdogan,1,2020-02-16,2020-02-16,moscou,\r\n"
                     "5,\"\"\"unclosed\",,,,,unclosed quote at column 1: add the closing quote\r\n"
                     "6,zorglub,0,,,,\r\n");
    CHECK(run(corpus.dir(), {"batch", "missing.txt"}).exit_code == 2);
}

TEST_CASE("cli: mark_highlights", "[cli]") {
    depeche::Snippet snippet;
    snippet.text = "l’ONU et l'ONU";
    snippet.highlights = {{4, 7}, {13, 16}};
    CHECK(depeche::cli::mark_highlights(snippet, "[", "]") == "l’[ONU] et l'[ONU]");
    snippet.highlights.clear();
    CHECK(depeche::cli::mark_highlights(snippet, "[", "]") == "l’ONU et l'ONU");
    snippet.cut_before = snippet.cut_after = true;
    CHECK(depeche::cli::mark_highlights(snippet, "[", "]") == "…l’ONU et l'ONU…");
}

// Regression: a literal ** in an article read as a highlight in the marked snippet.
TEST_CASE("cli: a literal * in a snippet is escaped, not read as a highlight", "[cli]") {
    depeche::Snippet snippet;
    snippet.text = "**Alerte** : 5*3 et a\\b ONU";
    snippet.highlights = {{24, 27}};  // "ONU"
    CHECK(depeche::cli::mark_highlights(snippet, "**", "**") ==
          "\\*\\*Alerte\\*\\* : 5\\*3 et a\\\\b **ONU**");
    // Other markers need no escape.
    CHECK(depeche::cli::mark_highlights(snippet, "<mark>", "</mark>") ==
          "**Alerte** : 5*3 et a\\b <mark>ONU</mark>");
}

TEST_CASE("cli: article and stats text formatters", "[cli]") {
    depeche::Article article;
    article.id = "2020/afp-1";
    article.date = depeche::Date{2020, 2, 0};
    article.title = "Titre";
    article.text = "Un.\n\nDeux.";
    article.source_path = "corpus/2020/afp-1.txt";
    std::ostringstream out;
    depeche::cli::write_article_text(out, article);
    CHECK(out.str() ==
          "id:     2020/afp-1\n"
          "date:   2020-02\n"
          "title:  Titre\n"
          "source: corpus/2020/afp-1.txt\n"
          "\n"
          "Un.\n\nDeux.\n");

    depeche::IndexStats stats;
    stats.path = "idx";
    stats.articles = 5;
    stats.undated = 2;
    stats.first_day = depeche::Date{2019, 12, 30};
    stats.last_day = depeche::Date{2020, 3, 31};
    stats.articles_per_month = {{"2019-12", 1}, {"2020-03", 2}};
    stats.size_bytes = 3 * 1024 * 1024 / 2;
    stats.analyzer = "depeche-french-1";
    std::ostringstream stats_out;
    depeche::cli::write_stats_text(stats_out, stats, depeche::cli::TextStyle{false, 30});
    CHECK(stats_out.str() ==
          "index:     idx\n"
          "articles:  5 (2 undated)\n"
          "dates:     2019-12-30 to 2020-03-31\n"
          "size:      1.5 MiB\n"
          "analyzer:  depeche-french-1\n"
          "per month:\n"
          "2019-12 █████▌      1\n"
          "2020-01             0\n"
          "2020-02             0\n"
          "2020-03 ███████████ 2  ◀ peak\n");
}

TEST_CASE("cli: run_search in memory returns the exit code", "[cli]") {
    CliCorpus corpus;
    depeche::cli::SearchCommand command;
    command.index_dir = corpus.dir() / "depeche-index";
    command.query_words = {"erdogan"};
    command.format = depeche::cli::OutputFormat::json;
    std::ostringstream out, err;
    CHECK(depeche::cli::run_search(command, out, err) == depeche::cli::exit_found);
    CHECK(nlohmann::json::parse(out.str())["results"].size() == 2);
    CHECK(err.str().empty());

    command.query_words = {"zorglub"};
    std::ostringstream out2, err2;
    CHECK(depeche::cli::run_search(command, out2, err2) == depeche::cli::exit_nothing_found);

    command.query_words = {"erdogan"};
    command.since = "2020-02-30";
    std::ostringstream out3, err3;
    CHECK(depeche::cli::run_search(command, out3, err3) == depeche::cli::exit_error);
    CHECK(err3.str().find("--since") != std::string::npos);
    CHECK(out3.str().empty());
}

TEST_CASE("cli: search --time-limit takes milliseconds; 0 is none, a bad value exit 2",
          "[cli][time_limit]") {
    const struct {
        const char* text;
        bool ok;
        long long milliseconds;  // -1: none
    } rows[] = {{"", true, -1},       {"0", true, -1},          {"1", true, 1},
                {"5000", true, 5000}, {"86400000", true, 86400000},
                {"86400001", false, 0}, {"-5", false, 0},       {"abc", false, 0},
                {"5s", false, 0},     {" 5", false, 0},         {"1.5", false, 0}};
    for (const auto& row : rows) {
        INFO("--time-limit '" << row.text << "'");
        const auto parsed = depeche::cli::parse_time_limit(row.text);
        REQUIRE(parsed.is_ok() == row.ok);
        if (!row.ok) {
            CHECK(parsed.status().message() ==
                  std::string("--time-limit expects a whole number of milliseconds from 0 "
                              "(none) to 86400000, not '") + row.text + "'");
        } else if (row.milliseconds < 0) {
            CHECK_FALSE(parsed.value());
        } else {
            CHECK(parsed.value() == std::chrono::milliseconds(row.milliseconds));
        }
    }
    CliCorpus corpus;
    const RunResult bad = run(corpus.dir(), {"search", "--time-limit", "soon", "erdogan"});
    CHECK(bad.exit_code == 2);
    CHECK(bad.out.empty());
    CHECK(bad.err == "depeche: --time-limit expects a whole number of milliseconds from 0 (none) "
                     "to 86400000, not 'soon'\n");
    const RunResult with_all =
        run(corpus.dir(), {"search", "--all", "--time-limit", "100", "erdogan"});
    CHECK(with_all.exit_code == 2);
    CHECK(with_all.err == "depeche: --time-limit does not apply to --all: an export gives every "
                          "result, and is never cut\n");
    // 0, and a limit no test reaches: the search without one, byte for byte.
    const RunResult plain = run(corpus.dir(), {"search", "--format", "json", "--timeline", "erdogan"});
    REQUIRE(plain.exit_code == 0);
    for (const char* limit : {"0", "86400000"}) {
        INFO(limit);
        const RunResult limited = run(corpus.dir(), {"search", "--format", "json", "--timeline",
                                                     "--time-limit", limit, "erdogan"});
        CHECK(limited.exit_code == 0);
        CHECK(limited.out == plain.out);
    }
    const RunResult serve = run(corpus.dir(), {"serve", "--port", "0", "--time-limit", "x"});
    CHECK(serve.exit_code == 2);
    CHECK(serve.err.find("--time-limit expects") != std::string::npos);
}

// The estimate of the time left counts bytes, not files: a single large .jsonl.gz shows one
// too (regression: it never did).
TEST_CASE("cli: the progress line shows files, articles, rate and time left", "[cli]") {
    const std::pair<depeche::IndexProgress, const char*> table[] = {
        {{36152, 4736, 76'000'000, 9'500'000, 4736, 5.0},
         "\r4736/36152 files, 4736 articles, 947 articles/s, 5 s, about 35 s left\x1b[K"},
        {{1, 1, 29'000'000, 7'250'000, 12000, 12.0},
         "\r1/1 files, 12000 articles, 1000 articles/s, 12 s, about 36 s left\x1b[K"},
        {{1, 0, 0, 0, 12000, 12.0}, "\r0/1 files, 12000 articles, 1000 articles/s, 12 s\x1b[K"},
        {{3, 3, 900, 900, 9, 0.0}, "\r3/3 files, 9 articles, 0 articles/s, 0 s\x1b[K"},
    };
    for (const auto& [progress, expected] : table) {
        std::ostringstream out;
        depeche::cli::write_progress_text(out, progress);
        CHECK(out.str() == expected);
    }
}

TEST_CASE("cli: variants lists a name's spellings; common words are not names", "[cli][names]") {
    CliCorpus corpus;
    const RunResult idleb = run(corpus.dir(), {"variants", "Idleb"});
    INFO(idleb.err);
    CHECK(idleb.exit_code == 0);
    CHECK(idleb.out == "Idleb: 2 articles as typed; no other spelling\n");
    const RunResult common = run(corpus.dir(), {"variants", "parlé"});
    CHECK(common.exit_code == 1);
    CHECK(common.out == "parlé: not a name in this index (a common word, searched by its stem)\n");
    const RunResult json = run(corpus.dir(), {"variants", "--format", "json", "--all", "idleb"});
    CHECK(json.exit_code == 0);
    const auto parsed = nlohmann::json::parse(json.out);
    CHECK(parsed["name"] == "idleb");
    CHECK(parsed["aliases"].empty());
    CHECK(parsed["words"][0]["is_name"] == true);
    CHECK(parsed["words"][0]["articles"] == 2);
    CHECK(parsed["words"][0]["rejected"].is_array());
}

TEST_CASE("cli: --aliases reports bad lines and applies the rest; a missing file is an error",
          "[cli][names]") {
    CliCorpus corpus;
    corpus.temp.write("al.txt", "Poutine = Vladimir Poutine = Putin\njust one\n");
    const RunResult result = run(corpus.dir(), {"search", "--aliases", "al.txt", "putin"});
    CHECK(result.exit_code == 0);
    CHECK(result.err == "warning: al.txt:2: one alternative only: expected 'A = B [= C...]', "
                        "line ignored\n");
    CHECK(result.out.starts_with("Also searched for: Poutine, Vladimir Poutine (you typed putin)\n"));
    const RunResult missing = run(corpus.dir(), {"search", "--aliases", "none.txt", "putin"});
    CHECK(missing.exit_code == 2);
    CHECK(missing.err.find("aliases file none.txt does not exist") != std::string::npos);
    CHECK(missing.out.empty());
    // --exact turns every expansion off, aliases included.
    const RunResult exact = run(corpus.dir(), {"search", "--exact", "--aliases", "al.txt", "putin"});
    CHECK(exact.exit_code == 1);
}
