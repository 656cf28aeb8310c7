#include "depeche/snippet.hpp"

#include <algorithm>

namespace depeche {
namespace {

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

bool is_highlighted(const Token& token, const SnippetTerms& terms) {
    if (token.is_stopword) return false;
    if (std::binary_search(terms.terms.begin(), terms.terms.end(), token.term)) return true;
    return std::any_of(terms.prefixes.begin(), terms.prefixes.end(),
                       [&](const std::string& prefix) { return token.folded.starts_with(prefix); });
}

// Where the passage around `anchor` starts: after a sentence end shortly before it, else at the
// first word no more than `lead` bytes before it.
std::size_t passage_start(std::string_view text, const std::vector<Token>& tokens,
                          const Token& anchor, std::size_t lead) {
    const std::size_t earliest = anchor.begin > lead ? anchor.begin - lead : 0;
    for (std::size_t offset = anchor.begin; offset > earliest; --offset) {
        const char c = text[offset - 1];
        if (c == '\n' || ((c == '.' || c == '!' || c == '?') && offset < text.size() &&
                          is_space(text[offset]))) {
            return offset;
        }
    }
    const auto first = std::lower_bound(
        tokens.begin(), tokens.end(), earliest,
        [](const Token& token, std::size_t offset) { return token.begin < offset; });
    return first == tokens.end() ? anchor.begin : std::min<std::size_t>(first->begin, anchor.begin);
}

}  // namespace

Snippet make_snippet(Analyzer& analyzer, std::string_view text, const SnippetTerms& terms,
                     std::size_t max_bytes) {
    const std::vector<Token> tokens = analyzer.analyze(text);
    std::vector<std::size_t> matched;
    for (std::size_t index = 0; index < tokens.size(); ++index) {
        if (is_highlighted(tokens[index], terms)) matched.push_back(index);
    }

    // The anchor whose window holds the most distinct matched terms, then the most matches.
    std::size_t start = 0;
    const std::size_t lead = max_bytes / 5;
    if (!matched.empty() && text.size() > max_bytes) {
        std::size_t best_anchor = matched.front();
        std::size_t best_score = 0;
        const std::size_t anchors = std::min<std::size_t>(matched.size(), 400);
        for (std::size_t first = 0; first < anchors; ++first) {
            const Token& anchor = tokens[matched[first]];
            const std::size_t window_end = anchor.begin + max_bytes - lead;
            std::vector<std::string_view> distinct;
            std::size_t count = 0;
            for (std::size_t other = first;
                 other < matched.size() && tokens[matched[other]].end <= window_end; ++other) {
                const std::string_view term = tokens[matched[other]].term;
                if (std::find(distinct.begin(), distinct.end(), term) == distinct.end()) {
                    distinct.push_back(term);
                }
                ++count;
            }
            const std::size_t score = distinct.size() * 1000 + count;
            if (score > best_score) {
                best_score = score;
                best_anchor = matched[first];
            }
        }
        start = passage_start(text, tokens, tokens[best_anchor], lead);
    }
    std::size_t end = std::min(text.size(), start + max_bytes);
    if (end < text.size()) {
        // End after the last whole word that fits.
        // End after the last whole word that fits; a hyphenated word counts as one word
        // ("porte-parole" is not cut after "porte").
        std::size_t last_end = start;
        for (std::size_t index = 0; index < tokens.size(); ++index) {
            const Token& token = tokens[index];
            if (token.begin < start || token.end > end) continue;
            if (token.joined_by_hyphen_to_next) continue;
            if (token.compound_parts != 0) {
                index += token.compound_parts;  // its parts end where it ends
            }
            last_end = std::max<std::size_t>(last_end, token.end);
        }
        if (last_end > start) end = last_end;
    }

    // Copy with white space collapsed, keeping a map from source offsets to snippet offsets.
    Snippet snippet;
    std::vector<std::size_t> snippet_offset(end - start + 1, 0);
    bool previous_space = true;
    for (std::size_t offset = start; offset < end; ++offset) {
        snippet_offset[offset - start] = snippet.text.size();
        if (is_space(text[offset])) {
            if (!previous_space) snippet.text.push_back(' ');
            previous_space = true;
        } else {
            snippet.text.push_back(text[offset]);
            previous_space = false;
        }
    }
    snippet_offset[end - start] = snippet.text.size();
    while (!snippet.text.empty() && snippet.text.back() == ' ') snippet.text.pop_back();
    for (std::size_t index : matched) {
        const Token& token = tokens[index];
        if (token.begin < start || token.end > end) continue;
        Snippet::Range range{snippet_offset[token.begin - start],
                             std::min(snippet_offset[token.end - start], snippet.text.size())};
        if (!snippet.highlights.empty() && range.begin <= snippet.highlights.back().end) {
            snippet.highlights.back().end = std::max(snippet.highlights.back().end, range.end);
        } else {
            snippet.highlights.push_back(range);
        }
    }
    snippet.cut_before = start > 0;
    snippet.cut_after = end < text.size();
    return snippet;
}

}  // namespace depeche
