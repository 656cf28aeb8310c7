// Step 3 of the analyzer: folding. Case, accents and compatibility forms are removed so that
// "ÉCONOMIE", "économie" and "economie" (in NFC or NFD) are one word: NFKD, then combining
// marks on Latin, Greek and Cyrillic letters dropped, then case folding, then letters with no
// decomposition mapped by hand (œ -> oe, ß -> ss, ı -> i...), then NFC. Marks of other scripts
// (Arabic vowel signs aside, which are optional in writing) are kept: they change the word.
#include <algorithm>
#include <array>
#include <string>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>

#include "analysis/steps.hpp"
#include "base/text.hpp"

namespace depeche::analysis {
namespace {

// Letters that NFKD leaves whole but a French reader treats as plain Latin letters.
const char* special_folding(UChar32 c) {
    switch (c) {
        case 0x00DF: return "ss";  // ß
        case 0x0153: return "oe";  // œ
        case 0x00E6: return "ae";  // æ
        case 0x00F8: return "o";   // ø
        case 0x0142: return "l";   // ł
        case 0x0111: return "d";   // đ
        case 0x00F0: return "d";   // ð
        case 0x00FE: return "th";  // þ
        case 0x0131: return "i";   // dotless ı
        case 0x0127: return "h";   // ħ
        case 0x0167: return "t";   // ŧ
        default: return nullptr;
    }
}

bool drops_marks(UScriptCode script) {
    return script == USCRIPT_LATIN || script == USCRIPT_GREEK || script == USCRIPT_CYRILLIC ||
           script == USCRIPT_COMMON || script == USCRIPT_INHERITED || script == USCRIPT_ARABIC;
}

char fold_ascii(char c) { return c == '`' ? '\'' : text::ascii_lower(c); }

// The folds of U+00C0..U+017F (Latin-1 Supplement and Latin Extended-A letters: every French
// accented letter) where the ICU path gives plain ASCII; "" where it does not (×, ÷, ĸ, ŀ, ŋ).
// analyzer_test checks every entry against fold_word_with_icu.
constexpr std::array<std::string_view, 192> latin_folds = {
    "a", "a", "a",  "a",  "a", "a", "ae", "c", "e", "e",  "e", "e", "i", "i", "i",  "i",
    "d", "n", "o",  "o",  "o", "o", "o",  "",  "o", "u",  "u", "u", "u", "y", "th", "ss",
    "a", "a", "a",  "a",  "a", "a", "ae", "c", "e", "e",  "e", "e", "i", "i", "i",  "i",
    "d", "n", "o",  "o",  "o", "o", "o",  "",  "o", "u",  "u", "u", "u", "y", "th", "y",
    "a", "a", "a",  "a",  "a", "a", "c",  "c", "c", "c",  "c", "c", "c", "c", "d",  "d",
    "d", "d", "e",  "e",  "e", "e", "e",  "e", "e", "e",  "e", "e", "g", "g", "g",  "g",
    "g", "g", "g",  "g",  "h", "h", "h",  "h", "i", "i",  "i", "i", "i", "i", "i",  "i",
    "i", "i", "ij", "ij", "j", "j", "k",  "k", "",  "l",  "l", "l", "l", "l", "l",  "",
    "",  "l", "l",  "n",  "n", "n", "n",  "n", "n", "'n", "",  "",  "o", "o", "o",  "o",
    "o", "o", "oe", "oe", "r", "r", "r",  "r", "r", "r",  "s", "s", "s", "s", "s",  "s",
    "s", "s", "t",  "t",  "t", "t", "t",  "t", "u", "u",  "u", "u", "u", "u", "u",  "u",
    "u", "u", "u",  "u",  "w", "w", "y",  "y", "y", "z",  "z", "z", "z", "z", "z",  "s",
};

}  // namespace

std::optional<std::string> fold_latin(std::string_view word) {
    std::string folded;
    folded.reserve(word.size() + 2);
    for (std::size_t index = 0; index < word.size(); ++index) {
        const auto byte = static_cast<unsigned char>(word[index]);
        if (byte < 0x80) {
            folded += fold_ascii(static_cast<char>(byte));
            continue;
        }
        // U+00C0..U+017F is 0xC3 0x80 .. 0xC5 0xBF in UTF-8.
        if (byte < 0xC3 || byte > 0xC5 || index + 1 >= word.size()) return std::nullopt;
        const auto continuation = static_cast<unsigned char>(word[index + 1]);
        if (continuation < 0x80 || continuation > 0xBF) return std::nullopt;
        const std::string_view fold = latin_folds[(byte - 0xC3u) * 64u + (continuation - 0x80u)];
        if (fold.empty()) return std::nullopt;
        folded += fold;
        ++index;
    }
    return folded;
}

std::string fold_word(std::string_view word) {
    if (std::optional<std::string> folded = fold_latin(word)) return std::move(*folded);
    return fold_word_with_icu(word);
}

std::string fold_word_with_icu(std::string_view word) {
    UErrorCode error = U_ZERO_ERROR;
    const icu::Normalizer2* nfkd = icu::Normalizer2::getNFKDInstance(error);
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(error);
    if (U_FAILURE(error)) return std::string(word);
    const icu::UnicodeString decomposed =
        nfkd->normalize(icu::UnicodeString::fromUTF8(icu::StringPiece(word.data(),
                                                                      static_cast<std::int32_t>(word.size()))),
                        error);
    icu::UnicodeString folded;
    UScriptCode base_script = USCRIPT_COMMON;
    for (std::int32_t index = 0; index < decomposed.length();) {
        const UChar32 c = decomposed.char32At(index);
        index += U16_LENGTH(c);
        if (u_charType(c) == U_NON_SPACING_MARK) {
            if (drops_marks(base_script)) continue;
            folded.append(c);
            continue;
        }
        UErrorCode script_error = U_ZERO_ERROR;
        base_script = uscript_getScript(c, &script_error);
        if (is_apostrophe(static_cast<char32_t>(c))) {
            folded.append(static_cast<UChar32>('\''));
            continue;
        }
        const UChar32 case_folded = u_foldCase(c, U_FOLD_CASE_DEFAULT);
        if (const char* replacement = special_folding(case_folded)) {
            folded.append(icu::UnicodeString(replacement, -1, icu::UnicodeString::kInvariant));
        } else {
            folded.append(case_folded);
        }
    }
    const icu::UnicodeString composed = nfc->normalize(folded, error);
    std::string result;
    (U_FAILURE(error) ? folded : composed).toUTF8String(result);
    return result;
}

void fold_tokens(WordMemo& memo, std::vector<Token>& tokens) {
    for (Token& token : tokens) {
        // The table is cheaper than a lookup; ICU is not.
        if (std::optional<std::string> folded = fold_latin(token.term)) {
            token.folded = std::move(*folded);
        } else {
            token.folded = memo.get(token.term, fold_word_with_icu);
        }
        token.term = token.folded;
    }
}

}  // namespace depeche::analysis

namespace depeche {

std::string Analyzer::fold(std::string_view word) { return analysis::fold_word(word); }

}  // namespace depeche
