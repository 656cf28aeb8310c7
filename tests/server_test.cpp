// depeche serve in process: a Server on a free loopback port, asked with httplib's client.
// Every API answer is compared with the CLI's view of the same library call; errors, limits,
// static routes, the Host check and a rebuild while serving are checked as a client sees them.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "depeche/index.hpp"
#include "depeche/indexer.hpp"
#include "server/api.hpp"
#include "server/server.hpp"
#include "test_support.hpp"
#include "views/formatters.hpp"

namespace {

namespace fs = std::filesystem;
using depeche::Index;
using depeche::SearchRequest;
using depeche::server::Server;
using depeche::server::ServerOptions;
using depeche::test::TempDir;
using depeche::test::article_line;

void index_into(const fs::path& index_dir, const fs::path& source, bool rebuild = false) {
    depeche::IndexOptions options;
    options.index_dir = index_dir;
    options.jobs = 2;
    options.rebuild = rebuild;
    const auto summary = depeche::index_paths(options, {source}, [](const depeche::Diagnostic&) {});
    INFO((summary.is_ok() ? std::string() : summary.status().message()));
    REQUIRE(summary.is_ok());
}

const std::string first_version =
    "Le président Erdoğan a rencontré Poutine à Moscou pour parler d’Idleb, où un "
    "cessez-le-feu doit entrer en vigueur jeudi selon les deux dirigeants réunis au Kremlin "
    "après des semaines de combats dans la province syrienne.";

// An index of a few articles (two versions of one story among them) and a server on it.
struct Served {
    TempDir temp;
    fs::path index_dir = temp.path() / "index";
    std::unique_ptr<Server> server;
    std::unique_ptr<httplib::Client> client;

    explicit Served(ServerOptions options = {}) {
        temp.write("src/a.jsonl",
                   article_line("a1", "2020-02-16", "Erdoğan à Moscou", first_version) +
                   article_line("a2", "2020-02-17", "Erdoğan à Moscou, mise à jour",
                                first_version + " Les combats ont repris vendredi.") +
                   article_line("b1", "2020-03-05", "Trêve à Idlib",
                                "Un cessez-le-feu est entré en vigueur à Idlib selon l’ONU.") +
                   article_line("c1", "2019-11-02", "Santé à Lyon",
                                "Les hôpitaux de Lyon manquent de lits, disent les médecins."));
        index_into(index_dir, temp.path() / "src");
        options.index_dir = index_dir;
        options.host = "127.0.0.1";
        options.port = 0;
        server = std::make_unique<Server>(options);
        const depeche::Status started = server->start();
        INFO(started.message());
        REQUIRE(started.is_ok());
        REQUIRE(server->port() > 0);
        client = std::make_unique<httplib::Client>("127.0.0.1", server->port());
    }

    httplib::Result get(const std::string& path, const httplib::Params& params = {}) {
        return client->Get(path, params, httplib::Headers{});
    }
};

std::string search_json(Index& index, const SearchRequest& request) {
    std::ostringstream out;
    depeche::views::write_search_json(out, index.search(request).value());
    return out.str();
}

std::string error_of(const httplib::Result& result) {
    return nlohmann::json::parse(result->body).at("error").get<std::string>();
}

}  // namespace

TEST_CASE("server: /api/search gives search --format json of the same options", "[server]") {
    Served served;
    Index index = std::move(Index::open(served.index_dir).value());
    SearchRequest request;
    request.query = "idleb cessez-le-feu";
    request.timeline = true;
    request.limit = 2;
    request.since = depeche::Date::parse_bound("2020");
    request.sort = depeche::SortOrder::newest;
    const auto answer = served.get("/api/search", {{"q", "idleb cessez-le-feu"}, {"timeline", "1"},
                                                   {"limit", "2"}, {"since", "2020"},
                                                   {"sort", "newest"}});
    REQUIRE(answer);
    CHECK(answer->status == 200);
    CHECK(answer->get_header_value("Content-Type") == "application/json; charset=utf-8");
    CHECK(answer->body == search_json(index, request));
    const auto json = nlohmann::json::parse(answer->body);
    CHECK(json.at("results").size() == 2);
    CHECK(json.contains("timeline"));

    // Flags, offset and explain as the CLI's.
    request = {};
    request.query = "erdogan";
    request.all_versions = true;
    request.explain = true;
    request.offset = 1;
    const auto versions = served.get("/api/search", {{"q", "erdogan"}, {"all_versions", "true"},
                                                     {"explain", "1"}, {"offset", "1"}});
    REQUIRE(versions);
    CHECK(versions->body == search_json(index, request));
}

TEST_CASE("server: article, similar, diff and stats are the CLI's JSON views", "[server]") {
    Served served;
    Index index = std::move(Index::open(served.index_dir).value());

    const auto article = served.get("/api/article/a1");
    REQUIRE(article);
    CHECK(article->status == 200);
    std::ostringstream show;
    depeche::views::write_article_json(show, index.article("a1").value(), index.versions("a1").value());
    CHECK(article->body == show.str());
    CHECK(nlohmann::json::parse(article->body).at("versions").size() == 1);

    // With q: the same, plus the query's words in the whole text and the title.
    const auto marked = served.get("/api/article/a1", {{"q", "erdogan idleb"}});
    REQUIRE(marked);
    const auto json = nlohmann::json::parse(marked->body);
    const std::string text = json.at("text");
    std::vector<std::string> words;
    for (const auto& range : json.at("highlights")) {
        words.push_back(text.substr(range[0].get<std::size_t>(),
                                    range[1].get<std::size_t>() - range[0].get<std::size_t>()));
    }
    CHECK(words == std::vector<std::string>{"Erdoğan", "Idleb"});
    CHECK(json.at("title_highlights") == nlohmann::json::parse("[[0, 8]]"));

    depeche::SimilarRequest similar_request;
    similar_request.id = "a1";
    const auto similar = served.get("/api/similar/a1");
    REQUIRE(similar);
    std::ostringstream similar_view;
    depeche::views::write_search_json(similar_view, index.similar(similar_request).value());
    CHECK(similar->body == similar_view.str());

    const auto diff = served.get("/api/diff/a1/a2");
    REQUIRE(diff);
    std::ostringstream diff_view;
    depeche::views::write_diff_json(diff_view, depeche::diff_articles(index.article("a1").value(),
                                                                      index.article("a2").value()));
    CHECK(diff->body == diff_view.str());

    const auto stats = served.get("/api/stats");
    REQUIRE(stats);
    std::ostringstream stats_view;
    depeche::views::write_stats_json(stats_view, index.stats().value());
    CHECK(stats->body == stats_view.str());
}

TEST_CASE("server: POST /api/batch answers JSON Lines as depeche batch", "[server]") {
    Served served;
    const std::string queries = "idleb\n\n# a comment\nlyon santé\n(( open\n";
    const auto answer = served.client->Post("/api/batch?limit=1", queries, "text/plain");
    REQUIRE(answer);
    CHECK(answer->status == 200);
    const fs::path file = served.temp.write("queries.txt", queries);
    const auto cli = depeche::test::run_depeche(served.temp.path(),
                                                {"batch", "--index", served.index_dir.string(),
                                                 "--limit", "1", file.string()});
    CHECK(cli.exit_code == 1);  // the malformed query
    CHECK(answer->body == cli.out);
}

TEST_CASE("server: a search past the server's time limit says timed_out, its page whole",
          "[server][time_limit]") {
    // A limit of 0 has passed when each search starts: deterministic, whatever the machine.
    ServerOptions options;
    options.limits.search_time_limit = std::chrono::milliseconds(0);
    Served served(options);
    Index index = std::move(Index::open(served.index_dir).value());
    SearchRequest request;
    request.query = "idleb cessez-le-feu";
    request.timeline = true;
    request.facet_names = 20;
    const auto whole = nlohmann::json::parse(search_json(index, request));

    const auto answer = served.get("/api/search", {{"q", "idleb cessez-le-feu"}, {"timeline", "1"},
                                                   {"facets", "1"}});
    REQUIRE(answer);
    CHECK(answer->status == 200);
    const auto json = nlohmann::json::parse(answer->body);
    CHECK(json.at("timed_out") == true);
    CHECK(json.at("time_limit_ms") == 0);
    // The same page, ranks and scores; the walks over every match cut before they began.
    REQUIRE(json.at("results").size() == whole.at("results").size());
    REQUIRE_FALSE(json.at("results").empty());
    for (std::size_t at = 0; at < json.at("results").size(); ++at) {
        for (const char* field : {"rank", "id", "score", "title", "title_highlights", "versions"}) {
            INFO(at << " " << field);
            CHECK(json.at("results")[at].at(field) == whole.at("results")[at].at(field));
        }
        CHECK(json.at("results")[at].at("highlights").empty());
    }
    CHECK(json.at("timeline").empty());
    CHECK(json.at("facets").at("counted_over") == 0);
    CHECK(json.at("facets").at("names").empty());
    // The API's view is the library's with the same limit.
    request.time_limit = std::chrono::milliseconds(0);
    CHECK(answer->body == search_json(index, request));

    // similar and each line of a batch too.
    const auto similar = served.get("/api/similar/a1");
    REQUIRE(similar);
    CHECK(nlohmann::json::parse(similar->body).at("timed_out") == true);
    const auto batch = served.client->Post("/api/batch", "idleb\nlyon\n", "text/plain");
    REQUIRE(batch);
    std::istringstream lines(batch->body);
    std::size_t count = 0;
    for (std::string line; std::getline(lines, line); ++count) {
        const auto parsed = nlohmann::json::parse(line);
        INFO(line);
        CHECK(parsed.at("timed_out") == true);
        CHECK(parsed.at("error").is_null());
        CHECK_FALSE(parsed.at("results").empty());
    }
    CHECK(count == 2);

    // The default limit (5 s, never reached by these searches): no field, as without one.
    Served defaults;
    CHECK(ServerOptions{}.limits.search_time_limit == std::chrono::milliseconds(5000));
    Index default_index = std::move(Index::open(defaults.index_dir).value());
    request.time_limit = std::nullopt;
    const auto plain = defaults.get("/api/search", {{"q", "idleb cessez-le-feu"}, {"timeline", "1"},
                                                    {"facets", "1"}});
    REQUIRE(plain);
    CHECK(plain->body == search_json(default_index, request));
    CHECK(plain->body.find("timed_out") == std::string::npos);
}

TEST_CASE("server: bad requests are 400, unknown ids and routes 404, all as JSON", "[server]") {
    ServerOptions options;
    options.max_body_bytes = 1000;
    options.limits.max_batch_lines = 3;
    Served served(options);
    struct Row {
        std::string path;
        httplib::Params params;
        int status;
        std::string error_part;
    };
    const std::vector<Row> rows = {
        {"/api/search", {{"q", "idleb"}, {"since", "février"}}, 400, "since expects YYYY"},
        {"/api/search", {{"q", "idleb"}, {"limit", "1000"}}, 400, "limit is at most 100"},
        {"/api/search", {{"q", "idleb"}, {"limit", "ten"}}, 400, "limit expects a whole number"},
        {"/api/search", {{"q", "idleb"}, {"offset", "-1"}}, 400, "offset expects a whole number"},
        {"/api/search", {{"q", "idleb"}, {"sort", "random"}}, 400, "sort expects"},
        {"/api/search", {{"q", "idleb"}, {"exact", "maybe"}}, 400, "exact expects 1 or 0"},
        {"/api/search", {{"q", "\"idleb (("}}, 400, ""},
        {"/api/search", {}, 400, "the query is missing"},
        {"/api/search", {{"q", std::string(5000, 'a')}}, 400, "longer than 4096 bytes"},
        {"/api/article/nope", {}, 404, "nope"},
        {"/api/similar/nope", {}, 404, "nope"},
        {"/api/diff/a1/nope", {}, 404, "nope"},
        {"/api/nothing", {}, 404, "no such page"},
        {"/nothing.html", {}, 404, "no such page"},
    };
    for (const Row& row : rows) {
        INFO(row.path << " " << (row.params.empty() ? "" : row.params.begin()->second.substr(0, 40)));
        const auto answer = served.get(row.path, row.params);
        REQUIRE(answer);
        CHECK(answer->status == row.status);
        CHECK(answer->get_header_value("Content-Type") == "application/json; charset=utf-8");
        CHECK(error_of(answer).find(row.error_part) != std::string::npos);
    }
    // A pasted sentence is a query, never an error.
    const auto sentence = served.get("/api/search", {{"q", "Qu’a dit l’ONU, jeudi, à propos "
                                                           "d’Idlib ? (voir « trêve » !)"}});
    REQUIRE(sentence);
    CHECK(sentence->status == 200);

    const auto too_large = served.client->Post("/api/batch", std::string(2000, 'a'), "text/plain");
    REQUIRE(too_large);
    CHECK(too_large->status == 413);
    CHECK(!error_of(too_large).empty());
    const auto too_many = served.client->Post("/api/batch", "a\nb\nc\nd\n", "text/plain");
    REQUIRE(too_many);
    CHECK(too_many->status == 413);
    CHECK(error_of(too_many) == "a batch holds at most 3 lines");
    const auto wrong_method = served.client->Post("/api/search", "", "text/plain");
    REQUIRE(wrong_method);
    CHECK(wrong_method->status >= 400);
}

TEST_CASE("server: only the compiled-in page is served, no path reaches the disk", "[server]") {
    Served served;
    for (const std::string path : {"/", "/app.js", "/style.css"}) {
        const auto answer = served.get(path);
        REQUIRE(answer);
        CHECK(answer->status == 200);
        CHECK(!answer->body.empty());
        CHECK(answer->get_header_value("Content-Security-Policy").find("default-src 'none'") == 0);
    }
    CHECK(served.get("/")->body.find("<script src=\"/app.js\"></script>") != std::string::npos);
    for (const std::string path :
         {"/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc%2fpasswd",
          "/assets/../../../../etc/passwd", "/app.js/../../etc/passwd", "//etc/passwd",
          "/index.html", "/assets/app.js", "/src/server/assets/app.js", "/api/../CMakeLists.txt"}) {
        INFO(path);
        const auto answer = served.client->Get(path);
        REQUIRE(answer);
        CHECK(answer->status == 404);
        CHECK(answer->body.find("root:") == std::string::npos);
        CHECK(answer->body.find("cmake_minimum_required") == std::string::npos);
    }
}

TEST_CASE("server: a query holding markup is returned as data", "[server]") {
    Served served;
    const std::string query = "<script>alert(1)</script> idleb";
    const auto answer = served.get("/api/search", {{"q", query}});
    REQUIRE(answer);
    CHECK(answer->status == 200);
    CHECK(answer->get_header_value("Content-Type") == "application/json; charset=utf-8");
    CHECK(answer->get_header_value("X-Content-Type-Options") == "nosniff");
    CHECK(nlohmann::json::parse(answer->body).at("query") == query);
    // Only markup, no word: an error naming nothing but the query, as JSON.
    const auto only_markup = served.get("/api/search", {{"q", "<>"}});
    REQUIRE(only_markup);
    CHECK(only_markup->get_header_value("Content-Type") == "application/json; charset=utf-8");
}

TEST_CASE("server: on loopback, a request naming another host is refused", "[server]") {
    Served served;
    const auto rebound = served.client->Get("/api/stats", httplib::Headers{{"Host", "evil.example:80"}});
    REQUIRE(rebound);
    CHECK(rebound->status == 403);
    const auto local = served.client->Get("/api/stats", httplib::Headers{{"Host", "localhost"}});
    REQUIRE(local);
    CHECK(local->status == 200);
    CHECK(depeche::server::is_loopback("127.0.0.1"));
    CHECK(depeche::server::is_loopback("::1"));
    CHECK(!depeche::server::is_loopback("0.0.0.0"));
    CHECK(!depeche::server::is_loopback("192.168.1.10"));
}

TEST_CASE("server: an index rebuilt while serving is seen at the next request", "[server]") {
    Served served;
    // Warm every Index the server may lend, so that each follows the rebuild by itself.
    std::vector<std::thread> clients;
    std::atomic<int> ok{0};
    for (int client = 0; client < 6; ++client) {
        clients.emplace_back([&] {
            httplib::Client own("127.0.0.1", served.server->port());
            for (int request = 0; request < 5; ++request) {
                const auto answer = own.Get("/api/search?q=idleb");
                if (answer && answer->status == 200) ++ok;
            }
        });
    }
    for (std::thread& client : clients) client.join();
    CHECK(ok == 30);
    CHECK(served.get("/api/article/new1")->status == 404);

    served.temp.write("src/b.jsonl", article_line("new1", "2021-01-04", "Nouvelle dépêche",
                                                  "Un vaccin arrive à Marseille."));
    index_into(served.index_dir, served.temp.path() / "src", true);
    const auto article = served.get("/api/article/new1");
    REQUIRE(article);
    CHECK(article->status == 200);
    const auto found = served.get("/api/search", {{"q", "vaccin marseille"}});
    REQUIRE(found);
    CHECK(nlohmann::json::parse(found->body).at("results").at(0).at("id") == "new1");
}

TEST_CASE("server: start fails without an index; stop is idempotent", "[server]") {
    TempDir temp;
    ServerOptions options;
    options.index_dir = temp.path() / "none";
    options.port = 0;
    Server missing(options);
    CHECK(!missing.start().is_ok());
    missing.stop();

    Served served;
    served.server->stop();
    served.server->stop();
    CHECK(!served.get("/api/stats"));  // nothing listens any more
}

TEST_CASE("server: depeche serve's options, and its warning off loopback", "[server][cli]") {
    Served served;
    served.server->stop();
    // --help names the command's options; a bad port is a usage error (exit 2).
    const auto help = depeche::test::run_depeche(served.temp.path(), {"serve", "--help"});
    CHECK(help.exit_code == 0);
    CHECK(help.out.find("--host") != std::string::npos);
    CHECK(help.out.find("--port") != std::string::npos);
    CHECK(depeche::test::run_depeche(served.temp.path(), {"serve", "--port", "70000"}).exit_code == 2);
    const auto no_index = depeche::test::run_depeche(served.temp.path(),
                                                     {"serve", "--index", "missing", "--port", "0"});
    CHECK(no_index.exit_code == 2);
    CHECK(no_index.err.starts_with("depeche: "));
    // 192.0.2.1 (TEST-NET-1) is no address of this machine: the warning, then exit 2.
    const auto elsewhere = depeche::test::run_depeche(
        served.temp.path(), {"serve", "--index", served.index_dir.string(), "--host", "192.0.2.1",
                             "--port", "0"});
    CHECK(elsewhere.exit_code == 2);
    CHECK(elsewhere.err.find("warning: listening on 192.0.2.1, not on loopback: anyone who can "
                             "reach port 0 of this machine can read the whole corpus") !=
          std::string::npos);
    CHECK(elsewhere.err.find("cannot listen on 192.0.2.1") != std::string::npos);
}

TEST_CASE("server: depeche serve says where to open it and stops cleanly on SIGTERM", "[server][cli]") {
    Served served;
    served.server->stop();
    int output[2];
    REQUIRE(::pipe(output) == 0);
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        ::dup2(output[1], STDOUT_FILENO);
        ::close(output[0]);
        const std::string index = served.index_dir.string();
        ::execl(DEPECHE_BINARY, DEPECHE_BINARY, "serve", "--index", index.c_str(), "--port", "0",
                static_cast<char*>(nullptr));
        ::_exit(127);
    }
    ::close(output[1]);
    std::string first_line;
    for (char c; first_line.find('\n') == std::string::npos && ::read(output[0], &c, 1) == 1;) {
        first_line += c;
    }
    INFO(first_line);
    const std::string at = "at http://127.0.0.1:";
    const std::size_t where = first_line.find(at);
    REQUIRE(where != std::string::npos);
    const int port = std::stoi(first_line.substr(where + at.size()));
    httplib::Client client("127.0.0.1", port);
    const auto answer = client.Get("/api/stats");
    CHECK((answer && answer->status == 200));
    ::kill(child, SIGTERM);
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    std::string rest;
    for (char c; ::read(output[0], &c, 1) == 1;) rest += c;
    ::close(output[0]);
    CHECK(rest == "stopped\n");
}
