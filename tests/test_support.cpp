#include "test_support.hpp"

#include <nlohmann/json.hpp>

#include <catch2/catch.hpp>
#include <xapian.h>
#include <zlib.h>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "depeche/index.hpp"
#include "store/schema.hpp"

extern char** environ;

namespace depeche::test {

TempDir::TempDir() {
    std::random_device random;
    path_ = std::filesystem::temp_directory_path() /
            ("depeche-test-" + std::to_string(random()) + std::to_string(random()));
    std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

std::filesystem::path TempDir::write(const std::string& relative,
                                     const std::string& content) const {
    const std::filesystem::path full = path_ / relative;
    std::filesystem::create_directories(full.parent_path());
    std::ofstream(full, std::ios::binary) << content;
    return full;
}

void write_gzip(const std::filesystem::path& path, const std::string& content) {
    gzFile file = gzopen(path.c_str(), "wb");
    REQUIRE(file != nullptr);
    REQUIRE(gzwrite(file, content.data(), static_cast<unsigned>(content.size())) ==
            static_cast<int>(content.size()));
    REQUIRE(gzclose(file) == Z_OK);
}

std::string read_whole(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

RunResult run_depeche(const std::filesystem::path& cwd, const std::vector<std::string>& arguments,
                      const std::optional<std::string>& index_variable) {
    static int counter = 0;
    static TempDir captures;
    const std::string name = std::to_string(++counter);
    const std::string out_path = (captures.path() / ("out-" + name)).string();
    const std::string err_path = (captures.path() / ("err-" + name)).string();
    const std::string cwd_text = cwd.string();
    std::vector<std::string> words{DEPECHE_BINARY};
    words.insert(words.end(), arguments.begin(), arguments.end());
    std::vector<char*> argv;
    for (std::string& word : words) argv.push_back(word.data());
    argv.push_back(nullptr);
    // The environment is built before fork: the child may only make async-signal-safe calls.
    std::vector<std::string> variables;
    for (char** variable = environ; *variable != nullptr; ++variable) {
        if (!std::string_view(*variable).starts_with("DEPECHE_INDEX=")) {
            variables.emplace_back(*variable);
        }
    }
    if (index_variable) variables.push_back("DEPECHE_INDEX=" + *index_variable);
    std::vector<char*> envp;
    for (std::string& variable : variables) envp.push_back(variable.data());
    envp.push_back(nullptr);

    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        const int in = ::open("/dev/null", O_RDONLY);
        const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (in < 0 || out < 0 || err < 0 || ::dup2(in, 0) < 0 || ::dup2(out, 1) < 0 ||
            ::dup2(err, 2) < 0 || ::chdir(cwd_text.c_str()) != 0) {
            ::_exit(126);
        }
        ::execve(argv[0], argv.data(), envp.data());
        ::_exit(127);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    int status = 0;
    for (;;) {
        const pid_t done = ::waitpid(pid, &status, WNOHANG);
        REQUIRE(done >= 0);
        if (done == pid) break;
        if (std::chrono::steady_clock::now() > deadline) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            FAIL("depeche did not finish (hung?)");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    REQUIRE(WIFEXITED(status));
    RunResult result;
    result.exit_code = WEXITSTATUS(status);
    result.out = read_whole(out_path);
    result.err = read_whole(err_path);
    return result;
}

std::map<std::string, std::size_t> id_terms(const std::filesystem::path& index_dir) {
    Xapian::Database database(index_dir.string());
    const std::string prefix(schema::id_prefix);
    std::map<std::string, std::size_t> ids;
    for (auto term = database.allterms_begin(prefix); term != database.allterms_end(prefix);
         ++term) {
        ids[(*term).substr(prefix.size())] = term.get_termfreq();
    }
    return ids;
}

void require_exact_ids(const std::filesystem::path& index_dir, const Ids& expected) {
    auto index = Index::open(index_dir);
    INFO(index.status().message());
    REQUIRE(index.is_ok());
    const auto stats = index->stats();
    REQUIRE(stats.is_ok());
    CHECK(stats->articles == expected.size());
    for (const std::string& id : expected) {
        const auto article = index->article(id);
        INFO("article " << id << ": " << article.status().message());
        CHECK(article.is_ok());
        if (article.is_ok()) CHECK(article->id == id);
    }
    Ids found;
    for (const auto& [id, documents] : id_terms(index_dir)) {
        INFO("id " << id);
        CHECK(documents == 1);
        found.insert(id);
    }
    CHECK(found == expected);
}

std::string article_line(const std::string& id, const std::string& date, const std::string& title,
                         const std::string& text) {
    nlohmann::json record = {{"id", id}, {"title", title}, {"text", text}};
    if (!date.empty()) record["date"] = date;
    return record.dump() + "\n";
}

}  // namespace depeche::test
