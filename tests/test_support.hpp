#pragma once
// Helpers shared by the tests: analyzer term lists, temporary directories.
#include <filesystem>
#include <string>
#include <vector>

#include "depeche/analyzer.hpp"

namespace depeche::test {

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

}  // namespace depeche::test
