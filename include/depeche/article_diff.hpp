#pragma once
// What changed between two articles, word by word: the words of the second that the first
// lacks (added) and those of the first the second lacks (removed), the rest in common, as a
// fact-checker reads an update of a dispatch. Pure functions, no index.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "depeche/article.hpp"

namespace depeche {

struct DiffPiece {
    enum class Kind { same, added, removed };
    Kind kind = Kind::same;
    std::string text;  // words as written, with the spaces between them
    bool operator==(const DiffPiece&) const = default;
};

struct ArticleDiff {
    std::string from_id;
    std::string to_id;
    std::vector<DiffPiece> title;
    std::vector<DiffPiece> text;
    std::size_t words_added = 0;    // title and text
    std::size_t words_removed = 0;
};

// The pieces that turn `from` into `to`: a shortest edit script on words (runs of non-space
// characters, compared exactly), each piece holding a run of words of one kind, with the
// spaces before each word. The same and added pieces concatenated give `to` (with a space
// more where a removed word ends up touching the first word of `to`); the same and removed
// ones give the words of `from` in order (words in common are written with `to`'s spaces). Any input, however long or different, gives an answer: past about 4
// million steps of comparison, the differing middle is reported removed, then added.
std::vector<DiffPiece> diff_words(std::string_view from, std::string_view to);

ArticleDiff diff_articles(const Article& from, const Article& to);

}  // namespace depeche
