// Step 3 of the analyzer: folding. Case, accents and compatibility forms are removed so that
// "ÉCONOMIE", "économie" and "economie" (in NFC or NFD) are one word: NFKD, then combining
// marks on Latin, Greek and Cyrillic letters dropped, then case folding, then letters with no
// decomposition mapped by hand (œ -> oe, ß -> ss, ı -> i...), then NFC. Marks of other scripts
// (Arabic vowel signs aside, which are optional in writing) are kept: they change the word.
#include <algorithm>
#include <string>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/unistr.h>

#include "analysis_steps.hpp"

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

std::string fold_ascii(std::string_view word) {
    std::string folded(word);
    for (char& c : folded) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c == '`') c = '\'';
    }
    return folded;
}

}  // namespace

std::string fold_word(std::string_view word) {
    bool ascii = true;
    for (char c : word) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    if (ascii) return fold_ascii(word);

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
        const bool ascii = std::all_of(token.term.begin(), token.term.end(),
                                       [](char c) { return static_cast<unsigned char>(c) < 0x80; });
        // ASCII folding is cheaper than a lookup; ICU's is not.
        token.folded = ascii ? fold_word(token.term) : memo.get(token.term, fold_word);
        token.term = token.folded;
    }
}

}  // namespace depeche::analysis

namespace depeche {

std::string Analyzer::fold(std::string_view word) { return analysis::fold_word(word); }

}  // namespace depeche
