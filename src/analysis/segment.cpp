// Step 1 of the analyzer: segmentation into words with byte offsets into the original text.
#include <string>

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include "analysis/steps.hpp"
#include "base/text.hpp"

namespace depeche::analysis {
namespace {

enum class CharClass { word, complex_script, apostrophe, hyphen, dot, comma, digit_space,
                       ignorable, other };

CharClass classify(UChar32 c) {
    if (c < 0x80) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
            return CharClass::word;
        }
        switch (c) {
            case '\'': case '`': return CharClass::apostrophe;
            case '-': return CharClass::hyphen;
            case '.': return CharClass::dot;
            case ',': return CharClass::comma;
            case ' ': case '\t': return CharClass::digit_space;
            default: return CharClass::other;
        }
    }
    // Latin-1 and Latin Extended-A letters (French accents): the common case, without ICU.
    if (c >= 0xC0 && c <= 0x17F && c != 0xD7 && c != 0xF7) return CharClass::word;
    if (is_apostrophe(static_cast<char32_t>(c))) return CharClass::apostrophe;
    if (c == 0x2010 || c == 0x2011) return CharClass::hyphen;
    if (text::is_horizontal_space(static_cast<char32_t>(c))) return CharClass::digit_space;
    if (u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) return CharClass::ignorable;
    const std::int8_t category = u_charType(c);
    const bool is_mark = category == U_NON_SPACING_MARK || category == U_COMBINING_SPACING_MARK ||
                         category == U_ENCLOSING_MARK;
    if (!u_isalnum(c) && !is_mark && category != U_OTHER_NUMBER && category != U_LETTER_NUMBER) {
        return CharClass::other;
    }
    if (u_getIntPropertyValue(c, UCHAR_LINE_BREAK) == U_LB_COMPLEX_CONTEXT) {
        return CharClass::complex_script;
    }
    UErrorCode error = U_ZERO_ERROR;
    const UScriptCode script = uscript_getScript(c, &error);
    if (script == USCRIPT_HAN || script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA) {
        return CharClass::complex_script;
    }
    return CharClass::word;
}

// A text being read code point by code point. Invalid UTF-8 comes back as a negative value,
// which classifies as `other`.
struct Cursor {
    std::string_view text;
    std::uint32_t offset = 0;

    bool at_end() const { return offset >= text.size(); }
    UChar32 peek(std::uint32_t* next_offset) const {
        *next_offset = offset;
        return next_code_point(text, *next_offset, static_cast<std::uint32_t>(text.size()));
    }
};

// A run of word characters (ignorables skipped), and what links it to the next run.
struct Segment {
    std::string text;
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
    bool all_digits = true;
    int code_points = 0;
    bool is_letter = false;  // true when the first code point is a letter
    char link = 0;           // joiner to the next segment: ' - . , or space; 0 for none
};

bool is_digit_text(UChar32 c) { return c >= '0' && c <= '9'; }

// ICU's letter case and class tests, with the ASCII answers inline (most text is ASCII).
bool is_lower(UChar32 c) { return c < 0x80 ? c >= 'a' && c <= 'z' : u_islower(c); }
bool is_upper(UChar32 c) { return c < 0x80 ? c >= 'A' && c <= 'Z' : u_isupper(c); }
bool is_alpha(UChar32 c) {
    return c < 0x80 ? (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') : u_isalpha(c);
}

// Reads one segment starting at the cursor (which is on a word character). Two or more
// lower-case letters followed by a capitalised word ("négociationsLes", "l'étatLe") end the
// segment with `camel_case_break` set: scraped text glues headings to the next sentence. The
// compound step still indexes the joined form ("PlayStation" -> "playstation"); "CoV",
// "iPhone" and "McDonald" (one lower-case letter before the capital) stay whole.
Segment read_segment(Cursor& cursor, bool* camel_case_break) {
    Segment segment;
    segment.begin = cursor.offset;
    segment.end = cursor.offset;
    int lower_case_run = 0;
    *camel_case_break = false;
    // The text is copied in pieces between ignorables, not code point by code point.
    std::uint32_t piece_begin = cursor.offset;
    while (!cursor.at_end()) {
        std::uint32_t next = 0;
        const UChar32 c = cursor.peek(&next);
        const CharClass char_class = classify(c);
        if (char_class == CharClass::ignorable) {
            segment.text.append(cursor.text.substr(piece_begin, cursor.offset - piece_begin));
            cursor.offset = next;
            piece_begin = next;
            continue;
        }
        if (char_class != CharClass::word) break;
        if (lower_case_run >= 2 && is_upper(c)) {
            std::uint32_t after_next = next;
            const UChar32 following = next < cursor.text.size()
                                          ? next_code_point(cursor.text, after_next,
                                                            static_cast<std::uint32_t>(cursor.text.size()))
                                          : -1;
            if (following >= 0 && is_lower(following)) {
                *camel_case_break = true;
                break;
            }
        }
        lower_case_run = is_lower(c) ? lower_case_run + 1 : 0;
        if (segment.code_points == 0) segment.is_letter = is_alpha(c);
        segment.all_digits = segment.all_digits && is_digit_text(c);
        ++segment.code_points;
        segment.end = next;
        cursor.offset = next;
    }
    // Ignorables after the last word character are not part of the segment's text.
    if (segment.end > piece_begin) {
        segment.text.append(cursor.text.substr(piece_begin, segment.end - piece_begin));
    }
    return segment;
}

// Looks at the joiner after a segment; when it links to another segment, consumes it.
char read_link(Cursor& cursor, const Segment& previous) {
    if (cursor.at_end()) return 0;
    std::uint32_t after_joiner = 0;
    const CharClass joiner = classify(cursor.peek(&after_joiner));
    if (joiner != CharClass::apostrophe && joiner != CharClass::hyphen &&
        joiner != CharClass::dot && joiner != CharClass::comma &&
        joiner != CharClass::digit_space) {
        return 0;
    }
    if (after_joiner >= cursor.text.size()) return 0;
    Cursor lookahead{cursor.text, after_joiner};
    std::uint32_t unused = 0;
    const UChar32 next = lookahead.peek(&unused);
    if (classify(next) != CharClass::word) return 0;
    char link = 0;
    switch (joiner) {
        case CharClass::apostrophe: link = '\''; break;
        case CharClass::hyphen: link = '-'; break;
        case CharClass::dot: link = '.'; break;
        case CharClass::comma:
        case CharClass::digit_space:
            if (!previous.all_digits || !is_digit_text(next)) return 0;
            link = joiner == CharClass::comma ? ',' : ' ';
            break;
        default: return 0;
    }
    cursor.offset = after_joiner;
    return link;
}

// A unit is a number, an acronym or a plain segment, still linked by ' or - to the next one.
struct Unit {
    std::string text;
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
    bool is_number = false;
    char link = 0;  // '\'' or '-' or 0
};

char keep_word_link(char link) { return link == '\'' || link == '-' ? link : 0; }

// Joins digit groups ("948 000", "948.000" -> "948000", "3,5" stays "3,5") and dotted acronyms
// ("S.N.C.F" -> "SNCF"); splits other dotted words ("Pyrénées.Alors" -> two words).
std::vector<Unit> resolve_units(const std::vector<Segment>& segments) {
    std::vector<Unit> units;
    std::size_t index = 0;
    while (index < segments.size()) {
        const Segment& first = segments[index];
        Unit unit{first.text, first.begin, first.end, false, 0};
        std::size_t last = index;
        if (first.all_digits) {
            unit.is_number = true;
            const bool groups_allowed = first.text.size() <= 3;
            bool has_decimals = false;
            while (last + 1 < segments.size()) {
                const char link = segments[last].link;
                const Segment& next = segments[last + 1];
                if (!next.all_digits || has_decimals) break;
                if ((link == ' ' || link == '.') && groups_allowed && next.text.size() == 3) {
                    unit.text += next.text;
                } else if (link == ',') {
                    unit.text += ',';
                    unit.text += next.text;
                    has_decimals = true;
                } else {
                    break;
                }
                unit.end = next.end;
                ++last;
            }
        } else if (first.is_letter && first.code_points == 1) {
            std::size_t candidate = index;
            while (candidate + 1 < segments.size() && segments[candidate].link == '.' &&
                   segments[candidate + 1].is_letter && segments[candidate + 1].code_points == 1) {
                ++candidate;
            }
            // "S.N.C.F" is an acronym; "h.L'habitacle" (scraped "km/h.L'habitacle") is not.
            if (candidate > index && segments[candidate].link != '\'') {
                for (std::size_t part = index + 1; part <= candidate; ++part) {
                    unit.text += segments[part].text;
                }
                unit.end = segments[candidate].end;
                last = candidate;
            }
        }
        unit.link = keep_word_link(segments[last].link);
        units.push_back(std::move(unit));
        index = last + 1;
    }
    return units;
}

void push_token(std::vector<Token>& tokens, Token token) {
    if (token.term.empty() || token.term.size() > max_term_bytes) return;
    tokens.push_back(std::move(token));
}

// Merges units linked by apostrophes into one token ("aujourd'hui", "l'ONU"); units linked by
// hyphens become tokens marked as joined to the next one.
void emit_units(const std::vector<Unit>& units, std::vector<Token>& tokens) {
    std::size_t index = 0;
    while (index < units.size()) {
        Token token;
        token.term = units[index].text;
        token.begin = units[index].begin;
        token.end = units[index].end;
        token.is_number = units[index].is_number;
        while (units[index].link == '\'' && index + 1 < units.size()) {
            ++index;
            token.term += '\'';
            token.term += units[index].text;
            token.end = units[index].end;
            token.is_number = false;
        }
        token.joined_by_hyphen_to_next = units[index].link == '-' && index + 1 < units.size();
        push_token(tokens, std::move(token));
        ++index;
    }
}

}  // namespace

bool is_apostrophe(char32_t c) {
    switch (c) {
        case U'\'': case U'`': case U'\u2019': case U'\u2018': case U'\u02BC': case U'\u2032':
        case U'\u00B4': case U'\uFF07': case U'\u02B9':
            return true;
        default:
            return false;
    }
}

void segment(std::string_view text, ComplexScriptSegmenter& complex_segmenter,
             std::vector<Token>& tokens) {
    Cursor cursor{text, 0};
    std::vector<Segment> segments;
    while (!cursor.at_end()) {
        std::uint32_t next = 0;
        const CharClass char_class = classify(cursor.peek(&next));
        if (char_class == CharClass::complex_script) {
            const std::uint32_t run_begin = cursor.offset;
            cursor.offset = next;
            while (!cursor.at_end()) {
                const UChar32 c = cursor.peek(&next);
                const std::int8_t category = u_charType(c);
                if (classify(c) != CharClass::complex_script && category != U_NON_SPACING_MARK &&
                    category != U_COMBINING_SPACING_MARK) {
                    break;
                }
                cursor.offset = next;
            }
            complex_segmenter.segment(text, run_begin, cursor.offset, tokens);
            continue;
        }
        if (char_class != CharClass::word) {
            cursor.offset = next;
            continue;
        }
        segments.clear();
        while (true) {
            bool camel_case_break = false;
            Segment segment = read_segment(cursor, &camel_case_break);
            segment.link = camel_case_break ? '-' : read_link(cursor, segment);
            const bool linked = segment.link != 0;
            segments.push_back(std::move(segment));
            if (!linked) break;
        }
        if (segments.size() == 1) {  // most words: what resolve_units and emit_units give
            Token token;
            token.term = std::move(segments.front().text);
            token.begin = segments.front().begin;
            token.end = segments.front().end;
            token.is_number = segments.front().all_digits;
            push_token(tokens, std::move(token));
            continue;
        }
        emit_units(resolve_units(segments), tokens);
    }
}

}  // namespace depeche::analysis
