// Step 2b of the analyzer: how each word is written, read from the original text before
// folding loses it. A word with a capital initial inside a sentence is how the corpus marks a
// name ("la ministre Martine Aubry" against "une martine"); one at a sentence start says
// nothing. The indexer keeps an exact term for capitalised words and counts how the corpus
// writes each word (store/lexicon.hpp); the query side reads the same flags from what a user
// typed.
#include <unicode/uchar.h>

#include "analysis/steps.hpp"
#include "base/text.hpp"

namespace depeche::analysis {
namespace {

// Whether the word holding the token at `begin` starts a sentence: nothing but white space,
// opening quotes, brackets and dashes between it and the text's start, a line break, a colon
// or the end of the previous sentence (. ! ? …).
bool starts_sentence(std::string_view text, std::size_t begin) {
    std::size_t offset = begin;
    while (offset > 0 && !text::is_space(text[offset - 1])) --offset;  // the word's start
    while (offset > 0) {
        const unsigned char c = static_cast<unsigned char>(text[offset - 1]);
        if (c == '\n' || c == '.' || c == '!' || c == '?' || c == ':') return true;
        if (c == ' ' || c == '\t' || c == '\r' || c == '"' || c == '(' || c == '[' ||
            c == '\'' || c == '-') {
            --offset;
            continue;
        }
        // « (C2 AB), no-break space (C2 A0)
        if (offset >= 2 && (c == 0xAB || c == 0xA0) &&
            static_cast<unsigned char>(text[offset - 2]) == 0xC2) {
            offset -= 2;
            continue;
        }
        // … (E2 80 A6) ends a sentence; “ (E2 80 9C), narrow no-break space (E2 80 AF), en and
        // em dashes (E2 80 93/94) open one or sit before it
        if (offset >= 3 && static_cast<unsigned char>(text[offset - 3]) == 0xE2 &&
            static_cast<unsigned char>(text[offset - 2]) == 0x80) {
            if (c == 0xA6) return true;
            if (c == 0x9C || c == 0xAF || c == 0x93 || c == 0x94) {
                offset -= 3;
                continue;
            }
        }
        return false;
    }
    return true;
}

}  // namespace

void mark_capitals(std::string_view text, std::vector<Token>& tokens) {
    for (Token& token : tokens) {
        token.capitalised = false;
        token.all_capitals = false;
        if (token.begin >= token.end || token.is_number) continue;
        std::uint32_t offset = token.begin;
        const UChar32 first = next_code_point(text, offset, token.end);
        if (first < 0 || !u_isupper(first)) continue;
        token.capitalised = true;
        token.starts_sentence = starts_sentence(text, token.begin);
        // ONU, SNCF, COVID: every letter in capitals (a single capital is a capitalised word)
        bool every_letter_upper = offset < token.end;
        while (offset < token.end && every_letter_upper) {
            const UChar32 c = next_code_point(text, offset, token.end);
            if (c >= 0 && u_isalpha(c) && !u_isupper(c)) every_letter_upper = false;
        }
        token.all_capitals = every_letter_upper;
    }
}

}  // namespace depeche::analysis
