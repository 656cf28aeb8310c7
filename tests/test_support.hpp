#pragma once
// Helpers shared by the tests: analyzer term lists, temporary directories, running the depeche
// binary, checking the exact set of articles in an index.
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "depeche/analyzer.hpp"

// Ends the current test case as skipped, saying why: ctest reports it as skipped (the tests'
// SKIP_REGULAR_EXPRESSION matches "SKIPPED:"), not as passed. Only for a test that cannot run
// here at all (no shared corpus, no root, or root where root reads anything).
#define DEPECHE_SKIP(reason)             \
    do {                                 \
        WARN("SKIPPED: " << reason);     \
        return;                          \
    } while (false)

// The shared corpus, or skips the test case when it is absent.
#define DEPECHE_REQUIRE_SHARED_CORPUS(variable)                                 \
    const std::filesystem::path variable = DEPECHE_SHARED_CORPUS;               \
    if (!std::filesystem::exists(variable))                                     \
    DEPECHE_SKIP("the shared corpus is absent: " << variable.string())

namespace depeche::test {

// One JSON Lines record of an article; an empty date leaves the field out (undated).
std::string article_line(const std::string& id, const std::string& date, const std::string& title,
                         const std::string& text);

// Index terms of `text`, in order, compounds included ("cessezlefeu cessez le feu").
inline std::string terms_of(std::string_view text) {
    Analyzer analyzer;
    std::string joined;
    for (const Token& token : analyzer.analyze(text)) {
        if (!joined.empty()) joined += ' ';
        joined += token.term;
    }
    return joined;
}

// A fresh empty directory under the system temp dir, removed when the object dies.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    // Writes `content` to path()/relative (creating directories) and returns the full path.
    std::filesystem::path write(const std::string& relative, const std::string& content) const;

private:
    std::filesystem::path path_;
};

// Writes `content` gzip-compressed (zlib) to `path`.
void write_gzip(const std::filesystem::path& path, const std::string& content);

// The whole content of a file ("" when it cannot be read).
std::string read_whole(const std::filesystem::path& path);

struct RunResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

// Runs the depeche binary in `cwd` with `arguments` (fork and exec, stdin /dev/null, stdout and
// stderr captured). DEPECHE_INDEX is unset unless `index_variable` gives its value (possibly
// empty). A run still going after a minute is killed and fails the test (a FIFO would hang).
RunResult run_depeche(const std::filesystem::path& cwd, const std::vector<std::string>& arguments,
                      const std::optional<std::string>& index_variable = std::nullopt);

using Ids = std::set<std::string>;

// Every id term of the index with its document count.
std::map<std::string, std::size_t> id_terms(const std::filesystem::path& index_dir);

// The index holds exactly `expected`: it opens, every id is one readable article, nothing else.
void require_exact_ids(const std::filesystem::path& index_dir, const Ids& expected);

}  // namespace depeche::test
