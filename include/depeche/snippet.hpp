#pragma once
// Snippets: a short passage of an article's original text around the words a query matched,
// with the byte ranges to highlight. Matching uses the shared Analyzer, so "onu" highlights
// "l’ONU" and "erdogan" highlights "Erdoğan" as written.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "depeche/analyzer.hpp"

namespace depeche {

// A byte range [begin, end) of a text.
struct TextRange {
    std::size_t begin = 0;
    std::size_t end = 0;
    bool operator==(const TextRange&) const = default;
};

struct Snippet {
    using Range = TextRange;
    std::string text;               // original text, white space runs collapsed to one space
    std::vector<Range> highlights;  // into `text`; sorted, not overlapping
    bool cut_before = false;        // the passage starts after the text's start
    bool cut_after = false;         // the passage ends before the text's end
};

struct SnippetTerms {
    std::vector<std::string> terms;     // unprefixed index terms to highlight (sorted)
    std::vector<std::string> prefixes;  // folded prefixes (from prefix* words), unprefixed
    // Folded names (sorted): a word written with a capital initial and this folded form
    // ("Bachar" for "bachar"), however it stems.
    std::vector<std::string> names = {};
    // At most how many distinct words a passage can match (0: count terms and names); once a
    // passage holds that many, the rest of the text is not analysed.
    std::size_t most_distinct = 0;
};

// What a caller knows of where the passage lies (from the positions the index holds), so that
// make_snippet analyses only that part of the text.
struct SnippetHint {
    bool located = false;   // the passage was located: starts near `from`, or (no_match) at 0
    std::size_t from = 0;   // analyse from here: 0, or an offset Analyzer::can_restart_at
    bool no_match = false;  // no highlighted term in the text: the passage is its start
};

// The passage of at most about `max_bytes` bytes of `text` that holds the most distinct
// highlighted terms; the text's start when nothing matches. Cuts only at word boundaries.
// With a hint, the passage is looked for from `hint.from` on (from the start again when
// nothing matches there).
Snippet make_snippet(Analyzer& analyzer, std::string_view text, const SnippetTerms& terms,
                     std::size_t max_bytes = 240, const SnippetHint& hint = {});

// The ranges of `text` (a title: short, shown whole) whose words are highlighted terms.
std::vector<TextRange> highlight_ranges(Analyzer& analyzer, std::string_view text,
                                        const SnippetTerms& terms);

}  // namespace depeche
