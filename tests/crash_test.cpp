// Crash safety of `depeche index`: the real binary killed with SIGKILL at several points of a
// run (the index must open and answer afterwards, and a rerun must complete the set), stopped
// with Ctrl-C, refused while another writer holds the index; and searches running while an
// indexer commits.
#include <fcntl.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <xapian.h>

#include "depeche/index.hpp"
#include "depeche/indexer.hpp"
#include "store/schema.hpp"
#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using depeche::Index;
using depeche::test::TempDir;
using Clock = std::chrono::steady_clock;
using depeche::test::Ids;
using depeche::test::id_terms;
using depeche::test::require_exact_ids;

std::string read_whole(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

// A depeche process started by spawn(); its stdout and stderr go to files.
struct Child {
    pid_t pid = -1;
    fs::path out_path;
    fs::path err_path;
};

struct Finished {
    bool exited = false;  // exited normally (else killed by `signal`)
    int exit_code = -1;
    int signal = 0;
    std::string out;
    std::string err;
};

// Starts the depeche binary in `cwd` with `arguments` (fork and exec; stdin is /dev/null).
Child spawn(const fs::path& cwd, const std::vector<std::string>& arguments) {
    static int counter = 0;
    static TempDir captures;
    Child child;
    const std::string name = std::to_string(++counter);
    child.out_path = captures.path() / ("out-" + name);
    child.err_path = captures.path() / ("err-" + name);
    std::vector<std::string> words{DEPECHE_BINARY};
    words.insert(words.end(), arguments.begin(), arguments.end());
    std::vector<char*> argv;
    for (std::string& word : words) argv.push_back(word.data());
    argv.push_back(nullptr);
    const std::string cwd_text = cwd.string();
    const std::string out_text = child.out_path.string();
    const std::string err_text = child.err_path.string();

    child.pid = ::fork();
    REQUIRE(child.pid >= 0);
    if (child.pid == 0) {  // only async-signal-safe calls from here
        const int in = ::open("/dev/null", O_RDONLY);
        const int out = ::open(out_text.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int err = ::open(err_text.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (in < 0 || out < 0 || err < 0 || ::dup2(in, 0) < 0 || ::dup2(out, 1) < 0 ||
            ::dup2(err, 2) < 0 || ::chdir(cwd_text.c_str()) != 0) {
            ::_exit(126);
        }
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    return child;
}

// Waits for `child` to end; a child still running after `limit` is killed and the test fails
// (a hang guard, not a timing expectation).
Finished wait_for(const Child& child, std::chrono::seconds limit = std::chrono::seconds(120)) {
    const Clock::time_point deadline = Clock::now() + limit;
    int status = 0;
    for (;;) {
        const pid_t done = ::waitpid(child.pid, &status, WNOHANG);
        REQUIRE(done >= 0);
        if (done == child.pid)
            break;
        if (Clock::now() > deadline) {
            ::kill(child.pid, SIGKILL);
            ::waitpid(child.pid, &status, 0);
            FAIL("depeche did not finish within " << limit.count() << " s");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    Finished finished;
    finished.exited = WIFEXITED(status);
    if (finished.exited)
        finished.exit_code = WEXITSTATUS(status);
    if (WIFSIGNALED(status))
        finished.signal = WTERMSIG(status);
    finished.out = read_whole(child.out_path);
    finished.err = read_whole(child.err_path);
    return finished;
}

// True while `child` has not ended (it is left to wait_for, which collects it).
bool still_running(const Child& child) {
    siginfo_t info{};
    if (::waitid(P_PID, static_cast<id_t>(child.pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0) {
        return false;
    }
    return info.si_pid == 0;
}

Finished run_to_end(const fs::path& cwd, const std::vector<std::string>& arguments) {
    return wait_for(spawn(cwd, arguments));
}

// `count` small dated text files under dir/dNN/; returns their ids.
Ids write_corpus(const fs::path& dir, int count) {
    Ids ids;
    for (int i = 0; i < count; ++i) {
        char relative[32];
        std::snprintf(relative, sizeof relative, "d%02d/f%04d", i / 100, i);
        char date[16];
        std::snprintf(date, sizeof date, "2020-%02d-%02d", 1 + i % 12, 1 + i % 28);
        const fs::path path = dir / (std::string(relative) + ".txt");
        fs::create_directories(path.parent_path());
        std::ofstream(path) << "date " << date << " Dépêche numéro " << i
                            << " : la trêve à Idleb tient, selon Ankara et Moscou. Les rebelles "
                               "et le régime syrien s’accusent de violations. Mot"
                            << i << ".\n";
        ids.insert(relative);
    }
    return ids;
}

// After a crash: the index opens, a search runs, every id is one of `expected` and held by
// one document. Returns the number of articles committed.
std::size_t check_openable(const fs::path& index_dir, const Ids& expected) {
    auto index = Index::open(index_dir);
    INFO(index.status().message());
    REQUIRE(index.is_ok());
    depeche::SearchRequest request;
    request.query = "trêve Idleb";
    const auto results = index->search(request);
    INFO(results.status().message());
    CHECK(results.is_ok());
    const auto stats = index->stats();
    REQUIRE(stats.is_ok());
    std::size_t ids = 0;
    for (const auto& [id, documents] : id_terms(index_dir)) {
        INFO(id);
        CHECK(expected.contains(id));
        CHECK(documents == 1);
        ++ids;
    }
    CHECK(ids == stats->articles);
    return stats->articles;
}

// The number of documents committed in the index now (0 when it cannot be opened yet).
std::size_t committed_articles(const fs::path& index_dir) {
    try {
        return Xapian::Database(index_dir.string()).get_doccount();
    } catch (const Xapian::Error&) {
        return 0;
    }
}

// The first line of `text`, for messages.
std::string first_line(const std::string& text) {
    return text.substr(0, text.find('\n'));
}

constexpr int corpus_size = 1500;
// Indexed first when a test needs an index that holds articles: one article, id "seed".
const std::string seed_file = "seed.jsonl";

Ids write_seed(const fs::path& dir, Ids ids) {
    std::ofstream(dir / seed_file)
        << R"({"id":"seed","date":"2020-01-01","title":"Graine","text":"La trêve à Idleb."})"
        << "\n";
    ids.insert("seed");
    return ids;
}

}  // namespace

TEST_CASE("crash: SIGKILL at several points of a run; the index opens, a rerun completes it",
          "[crash]") {
    TempDir temp;
    const Ids corpus = write_corpus(temp.path() / "src", corpus_size);
    const Ids all = write_seed(temp.path(), corpus);

    // An uninterrupted run: the reference, and how long a run takes here.
    const Clock::time_point start = Clock::now();
    const Finished reference = run_to_end(
        temp.path(), {"index", "-q", "--commit-every", "50", "--index", "ref", "src", seed_file});
    const double run_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    INFO(reference.out << reference.err);
    REQUIRE(reference.exit_code == 0);
    require_exact_ids(temp.path() / "ref", all);

    // Kill points: 10 ms after the start, then once some number of articles is seen
    // committed (plus a few milliseconds, to land at different places between two commits):
    // early, mid-run and near the end, whatever the speed of the machine.
    struct KillPoint {
        std::size_t after_committed;  // 0: kill after `extra_ms` from the start
        int extra_ms;
    };
    const std::vector<KillPoint> points{{0, 10}, {300, 5}, {750, 13}, {1200, 21}, {1450, 3}};
    std::vector<std::string> report;
    for (std::size_t trial = 0; trial < points.size(); ++trial) {
        const KillPoint& kill_point = points[trial];
        const std::string index_name = "idx" + std::to_string(trial);
        const fs::path index_dir = temp.path() / index_name;
        // Created first with one of the files, so the run below updates an index that holds
        // articles (committing as it goes); builds from nothing are tested on their own below.
        REQUIRE(run_to_end(temp.path(), {"index", "-q", "--index", index_name, seed_file})
                    .exit_code == 0);
        const Clock::time_point spawned = Clock::now();
        const Child child = spawn(
            temp.path(), {"index", "-q", "--commit-every", "50", "--index", index_name, "src"});
        if (kill_point.after_committed > 0) {
            const Clock::time_point deadline = spawned + std::chrono::seconds(60);
            while (Clock::now() < deadline &&
                   committed_articles(index_dir) < kill_point.after_committed &&
                   still_running(child)) {
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(kill_point.extra_ms));
        ::kill(child.pid, SIGKILL);
        const double kill_ms =
            std::chrono::duration<double, std::milli>(Clock::now() - spawned).count();
        const Finished killed = wait_for(child);
        INFO("kill after " << kill_ms << " ms");
        std::string point;
        if (killed.signal == SIGKILL) {
            const std::size_t committed = check_openable(index_dir, all);
            point = std::to_string(committed) + " of " + std::to_string(corpus_size) +
                    " articles committed";
        } else {
            INFO(killed.out << killed.err);
            CHECK(killed.exit_code == 0);
            point = "the run had already finished";
        }

        const Finished rerun = run_to_end(
            temp.path(), {"index", "-q", "--commit-every", "50", "--index", index_name, "src"});
        INFO(rerun.out << rerun.err);
        CHECK(rerun.exit_code == 0);
        CHECK(rerun.err.empty());
        require_exact_ids(index_dir, all);
        char line[240];
        std::snprintf(line, sizeof line,
                      "killed after %4.0f ms (aimed: %zu committed + %d ms): %s; rerun: %s",
                      kill_ms, kill_point.after_committed, kill_point.extra_ms, point.c_str(),
                      first_line(rerun.out).c_str());
        report.emplace_back(line);
    }
    std::string text = "uninterrupted run: " + std::to_string(static_cast<int>(run_ms)) + " ms";
    for (const std::string& line : report) text += "\n" + line;
    WARN(text);
}

// True when `index_dir` holds a shard of a build from nothing (index_writers.hpp).
bool holds_shards(const fs::path& index_dir) {
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(index_dir, error)) {
        if (entry.path().filename().string().find(".shard-") != std::string::npos) return true;
    }
    return false;
}

// Waits until `child` has started writing shards (or has ended).
void wait_for_shards(const fs::path& index_dir, const Child& child) {
    const Clock::time_point deadline = Clock::now() + std::chrono::seconds(60);
    while (Clock::now() < deadline && !holds_shards(index_dir) && still_running(child)) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

TEST_CASE("crash: a build from nothing killed mid-way shows nothing; the rerun completes it",
          "[crash]") {
    TempDir temp;
    const Ids all = write_corpus(temp.path() / "src", corpus_size);
    std::vector<std::string> report;
    for (const int extra_ms : {0, 5, 20, 60, 120}) {
        const std::string index_name = "idx" + std::to_string(extra_ms);
        const fs::path index_dir = temp.path() / index_name;
        const Child child = spawn(temp.path(), {"index", "-q", "--index", index_name, "src"});
        wait_for_shards(index_dir, child);
        std::this_thread::sleep_for(std::chrono::milliseconds(extra_ms));
        ::kill(child.pid, SIGKILL);
        const Finished killed = wait_for(child);
        std::string point = "the run had already finished";
        if (killed.signal == SIGKILL) {
            // All or nothing: the shards are merged and swapped in at the very end.
            const std::size_t committed = check_openable(index_dir, all);
            CHECK((committed == 0 || committed == all.size()));
            point = std::to_string(committed) + " articles visible";
        }
        const Finished rerun =
            run_to_end(temp.path(), {"index", "-q", "--index", index_name, "src"});
        INFO(rerun.out << rerun.err);
        CHECK(rerun.exit_code == 0);
        CHECK(rerun.err.empty());
        require_exact_ids(index_dir, all);
        CHECK(!holds_shards(index_dir));  // what the killed run left is gone
        report.push_back("killed " + std::to_string(extra_ms) + " ms after its shards appeared: " +
                         point);
    }
    std::string text = "builds from nothing killed:";
    for (const std::string& line : report) text += "\n" + line;
    WARN(text);
}

// The stop flag is what the CLI's SIGINT handler sets; set here after 100 files, so the point
// is the same on any machine.
TEST_CASE("crash: a stop during a build from nothing keeps what was read", "[crash]") {
    TempDir temp;
    const Ids all = write_corpus(temp.path() / "src", corpus_size);
    const fs::path index_dir = temp.path() / "idx";
    std::atomic<bool> stop{false};
    std::size_t files = 0;
    depeche::IndexOptions options;
    options.index_dir = index_dir;
    options.jobs = 2;
    options.stop_requested = &stop;
    options.on_file = [&](const depeche::FileOutcome&) {
        if (++files == 100) stop = true;
    };
    const auto summary = depeche::index_paths(options, {temp.path() / "src"}, {});
    REQUIRE(summary.is_ok());
    CHECK(summary->interrupted);
    CHECK(summary->articles_in_index == 100);
    CHECK(check_openable(index_dir, all) == 100);
    CHECK(!holds_shards(index_dir));

    options.stop_requested = nullptr;
    options.on_file = nullptr;
    const auto rerun = depeche::index_paths(options, {temp.path() / "src"}, {});
    REQUIRE(rerun.is_ok());
    CHECK(rerun->added == corpus_size - 100);
    require_exact_ids(index_dir, all);
}

// Regression: a new index is made as DIR/generation-1 (a Xapian database, created and
// committed: tens of milliseconds of fsync), then the stub DIR/XAPIANDB is written. Killed in
// between, DIR held generation-1 alone, and every later `depeche index` exited 2 with "DIR
// exists and is not a depeche index: choose another --index or remove it".
TEST_CASE("crash: a kill while a new index is being created leaves one the next run can use",
          "[crash]") {
    TempDir temp;
    const Ids all = write_corpus(temp.path() / "src", 20);

    SECTION("killed at small delays after the start") {
        std::vector<std::string> states;
        for (int delay_ms = 1; delay_ms <= 61; delay_ms += 4) {
            const std::string index_name = "idx" + std::to_string(delay_ms);
            const fs::path index_dir = temp.path() / index_name;
            const Child child = spawn(temp.path(), {"index", "-q", "--index", index_name, "src"});
            std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
            ::kill(child.pid, SIGKILL);
            wait_for(child);
            std::string state = "no directory";
            if (fs::exists(index_dir)) {
                auto index = Index::open(index_dir);
                state = index.is_ok() ? "an index" : "unusable: " + index.status().message();
            }
            states.push_back(std::to_string(delay_ms) + " ms: " + state);
            const Finished rerun =
                run_to_end(temp.path(), {"index", "-q", "--index", index_name, "src"});
            INFO("killed after " << delay_ms << " ms, leaving " << state);
            INFO(rerun.out << rerun.err);
            CHECK(rerun.exit_code == 0);
            if (rerun.exit_code == 0)
                require_exact_ids(index_dir, all);
        }
        std::string text = "kills during creation:";
        for (const std::string& state : states) text += "\n" + state;
        WARN(text);
    }
    SECTION("the state such a kill leaves: generation-1 without XAPIANDB") {
        const fs::path index_dir = temp.path() / "idx";
        fs::create_directories(index_dir);
        {
            Xapian::WritableDatabase database((index_dir / "generation-1").string(),
                                              Xapian::DB_CREATE_OR_OPEN);
            database.commit();
        }
        const Finished rerun = run_to_end(temp.path(), {"index", "-q", "--index", "idx", "src"});
        INFO(rerun.out << rerun.err);
        CHECK(rerun.exit_code == 0);
        if (rerun.exit_code == 0)
            require_exact_ids(index_dir, all);
    }
}

TEST_CASE("crash: Ctrl-C stops the indexer with exit 130; a rerun completes the set", "[crash]") {
    TempDir temp;
    const Ids all = write_seed(temp.path(), write_corpus(temp.path() / "src", corpus_size));
    const fs::path index_dir = temp.path() / "idx";
    REQUIRE(run_to_end(temp.path(), {"index", "-q", "--index", "idx", seed_file}).exit_code == 0);
    const Child child =
        spawn(temp.path(), {"index", "-q", "--commit-every", "50", "--index", "idx", "src"});
    // Ctrl-C once more articles than the seed are committed: mid-run.
    const Clock::time_point deadline = Clock::now() + std::chrono::seconds(60);
    bool running = true;
    for (;;) {
        int status = 0;
        if (::waitpid(child.pid, &status, WNOHANG) == child.pid) {
            running = false;
            break;
        }
        if (Clock::now() > deadline)
            break;
        if (fs::exists(index_dir / "XAPIANDB") || fs::exists(index_dir / "iamglass")) {
            auto index = Index::open(index_dir);
            if (index.is_ok()) {
                const auto stats = index->stats();
                if (stats.is_ok() && stats->articles > 1)
                    break;
            }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    REQUIRE(running);  // else the run ended before any commit was seen
    ::kill(child.pid, SIGINT);
    const Finished stopped = wait_for(child);
    INFO(stopped.out << stopped.err);
    REQUIRE(stopped.exited);
    CHECK(stopped.exit_code == 130);
    CHECK(stopped.out.find("interrupted") != std::string::npos);
    const std::size_t committed = check_openable(index_dir, all);
    CHECK(committed > 0);
    WARN("Ctrl-C: " << committed << " of " << corpus_size << " articles committed");

    const Finished rerun =
        run_to_end(temp.path(), {"index", "-q", "--commit-every", "50", "--index", "idx", "src"});
    INFO(rerun.out << rerun.err);
    CHECK(rerun.exit_code == 0);
    require_exact_ids(index_dir, all);
}

TEST_CASE("crash: a second indexer on a locked index exits 2 at once", "[crash]") {
    TempDir temp;
    const Ids first = write_corpus(temp.path() / "src", 20);
    write_corpus(temp.path() / "more", 30);
    REQUIRE(run_to_end(temp.path(), {"index", "-q", "--index", "idx", "src"}).exit_code == 0);
    const fs::path index_dir = temp.path() / "idx";
    {
        Xapian::WritableDatabase holder(index_dir.string(), Xapian::DB_OPEN);
        const Finished refused = run_to_end(temp.path(), {"index", "-q", "--index", "idx", "more"});
        INFO(refused.out << refused.err);
        CHECK(refused.exit_code == 2);
        CHECK(refused.err.find("another depeche index") != std::string::npos);
        CHECK(refused.out.empty());
        CHECK(holder.get_doccount() == first.size());
    }
    CHECK(Xapian::Database(index_dir.string()).get_doccount() == first.size());
    require_exact_ids(index_dir, first);
}

TEST_CASE("crash: searches while an indexer commits all succeed", "[crash]") {
    TempDir temp;
    const fs::path index_dir = temp.path() / "idx";
    depeche::IndexOptions options;
    options.index_dir = index_dir;
    options.jobs = 1;
    options.commit_every = 10;
    // Batches of 40 files each, in their own directories.
    auto write_batch = [&](int batch) {
        const fs::path dir = temp.path() / ("batch" + std::to_string(batch));
        fs::create_directories(dir);
        for (int i = 0; i < 40; ++i) {
            // Ids are paths relative to the directory named: unique across batches.
            std::ofstream(dir / ("b" + std::to_string(batch) + "-" + std::to_string(i) + ".txt"))
                << "date 2020-03-01 Lot " << batch << ", dépêche " << i
                << " : la trêve à Idleb est fragile, les rebelles accusent le régime.\n";
        }
        return dir;
    };
    std::vector<fs::path> indexed{write_batch(0)};
    auto first = depeche::index_paths(options, indexed, {});
    REQUIRE(first.is_ok());

    std::atomic<bool> writing_done{false};
    std::atomic<int> searches{0};
    std::mutex failures_mutex;
    std::vector<std::string> failures;
    std::thread reader([&] {
        auto index = Index::open(index_dir);
        if (!index.is_ok()) {
            std::lock_guard lock(failures_mutex);
            failures.push_back("open: " + index.status().message());
            return;
        }
        depeche::SearchRequest request;
        request.query = "trêve rebelles";
        request.limit = 20;
        while ((!writing_done.load() || searches.load() < 200) && searches.load() < 20000) {
            const auto results = index->search(request);
            ++searches;
            if (!results.is_ok()) {
                std::lock_guard lock(failures_mutex);
                failures.push_back(results.status().message());
            }
        }
    });
    std::vector<std::string> write_failures;
    for (int batch = 1; batch <= 8; ++batch) {
        indexed.push_back(write_batch(batch));
        auto summary = depeche::index_paths(options, indexed, {});
        if (!summary.is_ok())
            write_failures.push_back(summary.status().message());
    }
    writing_done.store(true);
    reader.join();
    CHECK(write_failures.empty());
    INFO(searches.load() << " searches");
    CHECK(searches.load() >= 200);
    std::string first_failures;
    for (std::size_t i = 0; i < failures.size() && i < 5; ++i) first_failures += failures[i] + "\n";
    INFO(first_failures);
    CHECK(failures.empty());
    auto index = Index::open(index_dir);
    REQUIRE(index.is_ok());
    CHECK(index->stats()->articles == 9 * 40);
}
