#include "depeche/snippet.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <limits>

#include "base/text.hpp"

namespace depeche {
namespace {

using text::is_space;

// `wanted` is built from `terms`: a word it rules out matches no term and no prefix (most
// words: it spares them the binary search).
bool is_highlighted(const Token& token, const SnippetTerms& terms, const TermStarts& wanted) {
    if (token.is_stopword || !wanted.may_match(token.folded)) return false;
    if (token.capitalised && !terms.names.empty() &&
        std::binary_search(terms.names.begin(), terms.names.end(), token.folded)) {
        return true;
    }
    if (std::binary_search(terms.terms.begin(), terms.terms.end(), token.term)) return true;
    return std::any_of(terms.prefixes.begin(), terms.prefixes.end(),
                       [&](const std::string& prefix) { return token.folded.starts_with(prefix); });
}

// The starts of every term, prefix and name looked for.
TermStarts wanted_starts(const SnippetTerms& terms) {
    std::vector<std::string> starts = terms.prefixes;
    starts.insert(starts.end(), terms.names.begin(), terms.names.end());
    return TermStarts(terms.terms, starts);
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

// Where the analysis of text[begin...] may stop, at least `bytes` on: at a space that does not
// sit between two digits ("948 000" is one number), so no token spans the cut.
std::size_t chunk_end(std::string_view text, std::size_t begin, std::size_t bytes) {
    for (std::size_t offset = begin + bytes; offset < text.size(); ++offset) {
        if (!is_space(text[offset])) continue;
        const bool between_digits = offset + 1 < text.size() &&
                                    std::isdigit(static_cast<unsigned char>(text[offset - 1])) &&
                                    std::isdigit(static_cast<unsigned char>(text[offset + 1]));
        if (!between_digits) return offset;
    }
    return text.size();
}

// The analysed part of a text, grown chunk by chunk: most snippets are found in the first
// kilobytes, and analysing a whole long article costs more than the search itself.
class AnalysedPrefix {
public:
    // Analyses from `from` on (0, or an offset where the analyzer may restart).
    AnalysedPrefix(Analyzer& analyzer, std::string_view text, const TermStarts& wanted,
                   std::size_t from = 0)
        : analyzer_(analyzer), text_(text), wanted_(wanted), analysed_end_(from) {}

    bool complete() const { return analysed_end_ >= text_.size(); }
    std::size_t end() const { return analysed_end_; }
    const std::vector<Token>& tokens() const { return tokens_; }

    // Analyses about `bytes` more; returns the index of the first new token.
    std::size_t grow(std::size_t bytes) {
        const std::size_t first_new = tokens_.size();
        const std::size_t begin = analysed_end_;
        analysed_end_ = chunk_end(text_, begin, bytes);
        std::vector<Token> chunk =
            analyzer_.analyze(text_.substr(begin, analysed_end_ - begin), wanted_);
        for (Token& token : chunk) {
            token.begin += static_cast<std::uint32_t>(begin);
            token.end += static_cast<std::uint32_t>(begin);
        }
        if (tokens_.empty()) {  // the first chunk, often the only one: no token is moved
            tokens_ = std::move(chunk);
        } else {
            tokens_.reserve(std::max(tokens_.size() + chunk.size(), 2 * tokens_.size()));
            tokens_.insert(tokens_.end(), std::make_move_iterator(chunk.begin()),
                           std::make_move_iterator(chunk.end()));
        }
        return first_new;
    }

private:
    Analyzer& analyzer_;
    std::string_view text_;
    const TermStarts& wanted_;  // words that cannot be highlighted are not stemmed
    std::size_t analysed_end_;
    std::vector<Token> tokens_;
};

constexpr std::size_t analysis_chunk_bytes = 1024;

struct BestWindow {
    std::size_t anchor = 0;  // index into the tokens
    std::size_t distinct = 0;
    std::size_t score = 0;
};

// The anchor among the matched tokens whose window (ending `window_bytes` after it, within
// `analysed_end`) holds the most distinct matched terms, then the most matches.
BestWindow best_window(const std::vector<Token>& tokens, const std::vector<std::size_t>& matched,
                       std::size_t window_bytes, std::size_t analysed_end, bool complete) {
    BestWindow best{matched.empty() ? 0 : matched.front(), 0, 0};
    const std::size_t anchors = std::min<std::size_t>(matched.size(), 400);
    std::vector<std::string_view> distinct;
    for (std::size_t first = 0; first < anchors; ++first) {
        const Token& anchor = tokens[matched[first]];
        const std::size_t window_end = anchor.begin + window_bytes;
        if (!complete && window_end > analysed_end) break;  // not all of it analysed yet
        distinct.clear();
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
        if (score > best.score) best = {matched[first], distinct.size(), score};
    }
    return best;
}

}  // namespace

Snippet make_snippet(Analyzer& analyzer, std::string_view text, const SnippetTerms& all_terms,
                     std::size_t max_bytes, const SnippetHint& hint) {
    static const SnippetTerms nothing;
    // Nothing to look for when the caller knows nothing matches: only the start is analysed.
    const SnippetTerms& terms = hint.no_match ? nothing : all_terms;
    // (A text that fits whole is its own passage: it is analysed from its start.)
    const std::size_t from = hint.from < text.size() && text.size() > max_bytes ? hint.from : 0;
    const TermStarts wanted = wanted_starts(terms);
    AnalysedPrefix analysed(analyzer, text, wanted, from);
    std::vector<std::size_t> matched;
    const std::size_t lead = max_bytes / 5;
    // No window can hold more distinct terms than the query highlights: once one does, the
    // rest of the text is not analysed (a later window could only hold more repeats).
    const std::size_t most_distinct =
        !terms.prefixes.empty() ? std::numeric_limits<std::size_t>::max()
        : terms.most_distinct > 0 ? terms.most_distinct
                                  : terms.terms.size() + terms.names.size();
    BestWindow best;
    do {
        // From a hint, the passage is right there: the first chunk covers it and its lead.
        const std::size_t chunk = hint.located && analysed.end() == from ? max_bytes + 2 * lead
                                                                          : analysis_chunk_bytes;
        for (std::size_t index = analysed.grow(chunk); index < analysed.tokens().size();
             ++index) {
            if (is_highlighted(analysed.tokens()[index], terms, wanted)) matched.push_back(index);
        }
        best = best_window(analysed.tokens(), matched, max_bytes - lead, analysed.end(),
                           analysed.complete());
    } while (!analysed.complete() && best.distinct < most_distinct);
    // A hint that found nothing after it (it should not happen): look from the start.
    if (from > 0 && matched.empty()) return make_snippet(analyzer, text, all_terms, max_bytes);

    std::size_t start = 0;
    if (!matched.empty() && text.size() > max_bytes) {
        // Within what was analysed: a sentence end before `from` is not looked for.
        start = std::max(from, passage_start(text, analysed.tokens(),
                                             analysed.tokens()[best.anchor], lead));
    }
    // The passage's words must all be analysed (for the cut and the highlights).
    while (!analysed.complete() && analysed.end() < start + max_bytes) {
        for (std::size_t index = analysed.grow(start + max_bytes - analysed.end());
             index < analysed.tokens().size(); ++index) {
            if (is_highlighted(analysed.tokens()[index], terms, wanted)) matched.push_back(index);
        }
    }
    const std::vector<Token>& tokens = analysed.tokens();
    std::size_t end = std::min(text.size(), start + max_bytes);
    if (end < text.size()) {
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

    // Copy with white space collapsed, mapping source offsets to snippet offsets.
    Snippet snippet;
    std::vector<std::size_t> snippet_offset;
    snippet.text = text::collapse_white_space(text.substr(start, end - start), &snippet_offset);
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

namespace depeche {

std::vector<TextRange> highlight_ranges(Analyzer& analyzer, std::string_view text,
                                        const SnippetTerms& terms) {
    const TermStarts wanted = wanted_starts(terms);
    std::vector<TextRange> ranges;
    for (const Token& token : analyzer.analyze(text, wanted)) {
        if (!is_highlighted(token, terms, wanted)) continue;
        ranges.push_back({token.begin, token.end});
    }
    // A compound comes before its parts and spans them: sort, then merge what overlaps.
    std::sort(ranges.begin(), ranges.end(),
              [](const TextRange& a, const TextRange& b) { return a.begin < b.begin; });
    std::vector<TextRange> merged;
    for (const TextRange& range : ranges) {
        if (!merged.empty() && range.begin <= merged.back().end) {
            merged.back().end = std::max(merged.back().end, range.end);
        } else {
            merged.push_back(range);
        }
    }
    return merged;
}

}  // namespace depeche
