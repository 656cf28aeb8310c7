#include "depeche/article_diff.hpp"

#include <algorithm>
#include <cstdint>

#include "base/text.hpp"

namespace depeche {
namespace {

// A word and the spaces before it, as offsets into its text.
struct Word {
    std::string_view word;
    std::string_view before;  // spaces (and line breaks) before the word
};

// Every word of `text`; the spaces after the last word are kept as a word of their own "".
std::vector<Word> words_of(std::string_view text) {
    std::vector<Word> words;
    std::size_t at = 0;
    while (at < text.size()) {
        const std::size_t space_begin = at;
        while (at < text.size() && text::is_space(text[at])) ++at;
        const std::size_t word_begin = at;
        while (at < text.size() && !text::is_space(text[at])) ++at;
        words.push_back({text.substr(word_begin, at - word_begin),
                         text.substr(space_begin, word_begin - space_begin)});
    }
    return words;
}

constexpr std::size_t max_steps = 4'000'000;

enum class Step { same, added, removed };

// Myers' O(ND) shortest edit script between a and b (by word), as steps in order; empty
// optional result when it would take more than max_steps.
bool myers(const std::vector<Word>& a, const std::vector<Word>& b, std::vector<Step>& steps) {
    const auto n = static_cast<std::ptrdiff_t>(a.size());
    const auto m = static_cast<std::ptrdiff_t>(b.size());
    const std::ptrdiff_t max = n + m;
    const std::ptrdiff_t offset = max + 1;
    std::vector<std::ptrdiff_t> v(static_cast<std::size_t>(2 * max + 3), 0);
    // trace[d]: v before round d, for k in [-(d + 1), d + 1] (all that round d reads).
    std::vector<std::vector<std::ptrdiff_t>> trace;
    std::size_t work = 0;
    std::ptrdiff_t found_d = -1;
    for (std::ptrdiff_t d = 0; d <= max; ++d) {
        trace.emplace_back(v.begin() + (offset - d - 1), v.begin() + (offset + d + 2));
        work += trace.back().size();
        if (work > max_steps) return false;
        for (std::ptrdiff_t k = -d; k <= d; k += 2) {
            std::ptrdiff_t x;
            if (k == -d || (k != d && v[static_cast<std::size_t>(offset + k - 1)] <
                                          v[static_cast<std::size_t>(offset + k + 1)])) {
                x = v[static_cast<std::size_t>(offset + k + 1)];  // down: an insertion
            } else {
                x = v[static_cast<std::size_t>(offset + k - 1)] + 1;  // right: a deletion
            }
            std::ptrdiff_t y = x - k;
            while (x < n && y < m && a[static_cast<std::size_t>(x)].word ==
                                         b[static_cast<std::size_t>(y)].word) {
                ++x;
                ++y;
            }
            v[static_cast<std::size_t>(offset + k)] = x;
            if (x >= n && y >= m) {
                found_d = d;
                break;
            }
        }
        if (found_d >= 0) break;
    }
    // Back through the trace, from the end.
    std::ptrdiff_t x = n;
    std::ptrdiff_t y = m;
    std::vector<Step> reversed;
    for (std::ptrdiff_t d = found_d; d > 0; --d) {
        const std::vector<std::ptrdiff_t>& before = trace[static_cast<std::size_t>(d)];
        const auto at = [&](std::ptrdiff_t k) { return before[static_cast<std::size_t>(k + d + 1)]; };
        const std::ptrdiff_t k = x - y;
        const bool down = k == -d || (k != d && at(k - 1) < at(k + 1));
        const std::ptrdiff_t previous_k = down ? k + 1 : k - 1;
        const std::ptrdiff_t previous_x = at(previous_k);
        const std::ptrdiff_t previous_y = previous_x - previous_k;
        while (x > previous_x + (down ? 0 : 1) && y > previous_y + (down ? 1 : 0)) {
            reversed.push_back(Step::same);
            --x;
            --y;
        }
        reversed.push_back(down ? Step::added : Step::removed);
        x = previous_x;
        y = previous_y;
    }
    while (x > 0 && y > 0) {
        reversed.push_back(Step::same);
        --x;
        --y;
    }
    steps.assign(reversed.rbegin(), reversed.rend());
    return true;
}

void append(std::vector<DiffPiece>& pieces, DiffPiece::Kind kind, const Word& word) {
    if (word.word.empty() && word.before.empty()) return;
    // A word that starts its text follows a word of the other text here: a space between.
    const bool touches = word.before.empty() && !word.word.empty() && !pieces.empty() &&
                         !pieces.back().text.empty() &&
                         !text::is_space(pieces.back().text.back());
    if (pieces.empty() || pieces.back().kind != kind) pieces.push_back({kind, {}});
    if (touches) pieces.back().text.push_back(' ');
    pieces.back().text.append(word.before);
    pieces.back().text.append(word.word);
}

std::size_t count_words(const std::vector<DiffPiece>& pieces, DiffPiece::Kind kind) {
    std::size_t words = 0;
    for (const DiffPiece& piece : pieces) {
        if (piece.kind != kind) continue;
        for (const Word& word : words_of(piece.text)) words += !word.word.empty();
    }
    return words;
}

}  // namespace

std::vector<DiffPiece> diff_words(std::string_view from, std::string_view to) {
    const std::vector<Word> a = words_of(from);
    const std::vector<Word> b = words_of(to);
    // The common start and end first: versions mostly differ in a few places.
    std::size_t prefix = 0;
    while (prefix < a.size() && prefix < b.size() && a[prefix].word == b[prefix].word) ++prefix;
    std::size_t suffix = 0;
    while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
           a[a.size() - 1 - suffix].word == b[b.size() - 1 - suffix].word) {
        ++suffix;
    }
    const std::vector<Word> middle_a(a.begin() + static_cast<std::ptrdiff_t>(prefix),
                                     a.end() - static_cast<std::ptrdiff_t>(suffix));
    const std::vector<Word> middle_b(b.begin() + static_cast<std::ptrdiff_t>(prefix),
                                     b.end() - static_cast<std::ptrdiff_t>(suffix));
    std::vector<Step> steps;
    if (!myers(middle_a, middle_b, steps)) {
        steps.assign(middle_a.size(), Step::removed);
        steps.insert(steps.end(), middle_b.size(), Step::added);
    }
    std::vector<DiffPiece> pieces;
    // A word in common is written as in `to` (its spaces too), so that same + added is `to`.
    for (std::size_t index = 0; index < prefix; ++index) {
        append(pieces, DiffPiece::Kind::same, b[index]);
    }
    std::size_t at_a = 0;
    std::size_t at_b = 0;
    for (const Step step : steps) {
        switch (step) {
            case Step::same:
                append(pieces, DiffPiece::Kind::same, middle_b[at_b]);
                ++at_a;
                ++at_b;
                break;
            case Step::removed:
                append(pieces, DiffPiece::Kind::removed, middle_a[at_a++]);
                break;
            case Step::added:
                append(pieces, DiffPiece::Kind::added, middle_b[at_b++]);
                break;
        }
    }
    for (std::size_t index = b.size() - suffix; index < b.size(); ++index) {
        append(pieces, DiffPiece::Kind::same, b[index]);
    }
    return pieces;
}

ArticleDiff diff_articles(const Article& from, const Article& to) {
    ArticleDiff diff;
    diff.from_id = from.id;
    diff.to_id = to.id;
    diff.title = diff_words(from.title, to.title);
    diff.text = diff_words(from.text, to.text);
    diff.words_added =
        count_words(diff.title, DiffPiece::Kind::added) + count_words(diff.text, DiffPiece::Kind::added);
    diff.words_removed = count_words(diff.title, DiffPiece::Kind::removed) +
                         count_words(diff.text, DiffPiece::Kind::removed);
    return diff;
}

}  // namespace depeche
