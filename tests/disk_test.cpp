// Indexes on a read-only or full disk: a clear error (exit 2) and nothing half-written. Uses
// small tmpfs mounts, so it needs root; elsewhere it warns and skips.
#include <catch2/catch.hpp>

#include <sys/mount.h>

#include <fstream>

#include "depeche/index.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using depeche::test::TempDir;

namespace {

// A tmpfs of `size` mounted at `path` for the object's life.
class TmpfsMount {
public:
    TmpfsMount(const fs::path& path, const std::string& size) : path_(path) {
        fs::create_directories(path);
        mounted_ = ::mount("tmpfs", path.c_str(), "tmpfs", 0, ("size=" + size).c_str()) == 0;
    }
    ~TmpfsMount() {
        if (mounted_) ::umount2(path_.c_str(), MNT_DETACH);
    }
    bool mounted() const { return mounted_; }
    bool make_read_only() const {
        return ::mount("tmpfs", path_.c_str(), "tmpfs", MS_REMOUNT | MS_RDONLY, nullptr) == 0;
    }

private:
    fs::path path_;
    bool mounted_ = false;
};

using depeche::test::RunResult;

RunResult run_index(const fs::path& index_dir, const fs::path& source) {
    RunResult result = depeche::test::run_depeche(
        index_dir.parent_path(), {"index", "-q", "--index", index_dir.string(), source.string()});
    result.out += result.err;  // the checks below look at both
    return result;
}

std::size_t articles_in(const fs::path& index_dir) {
    auto index = depeche::Index::open(index_dir);
    REQUIRE(index.is_ok());
    return index->stats()->articles;
}

void write_articles(const fs::path& file, int count, int words) {
    std::ofstream out(file);
    for (int article = 0; article < count; ++article) {
        out << "{\"id\":\"a" << article << "\",\"date\":\"2020-01-01\",\"title\":\"T\",\"text\":\"";
        for (int word = 0; word < words; ++word) out << "mot" << article << "x" << word << ' ';
        out << "\"}\n";
    }
}

}  // namespace

TEST_CASE("disk: an index on a read-only disk is a clear error, nothing written", "[disk]") {
    TempDir temp;
    TmpfsMount disk(temp.path() / "disk", "4m");
    if (!disk.mounted()) DEPECHE_SKIP("cannot mount a tmpfs here (not root?)");
    const fs::path index = temp.path() / "disk" / "index";
    write_articles(temp.path() / "first.jsonl", 3, 5);
    REQUIRE(run_index(index, temp.path() / "first.jsonl").exit_code == 0);
    REQUIRE(disk.make_read_only());

    write_articles(temp.path() / "second.jsonl", 6, 5);
    const RunResult result = run_index(index, temp.path() / "second.jsonl");
    INFO(result.out);
    CHECK(result.exit_code == 2);
    CHECK(result.out.find("cannot write to") != std::string::npos);
    CHECK(result.out.find("Read-only file system") != std::string::npos);
    CHECK(articles_in(index) == 3);  // still opens and answers, unchanged
}

TEST_CASE("disk: a full disk is a clear error and keeps what was committed", "[disk]") {
    TempDir temp;
    TmpfsMount disk(temp.path() / "disk", "400k");
    if (!disk.mounted()) DEPECHE_SKIP("cannot mount a tmpfs here (not root?)");
    const fs::path index = temp.path() / "disk" / "index";
    write_articles(temp.path() / "first.jsonl", 3, 5);
    REQUIRE(run_index(index, temp.path() / "first.jsonl").exit_code == 0);

    write_articles(temp.path() / "big.jsonl", 400, 300);  // far more than 400 KiB of index
    const RunResult result = run_index(index, temp.path() / "big.jsonl");
    INFO(result.out);
    CHECK(result.exit_code == 2);
    CHECK(result.out.find("No space left on device") != std::string::npos);
    CHECK(articles_in(index) == 3);  // the last commit is intact
}
