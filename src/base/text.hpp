#pragma once
// Small text helpers every module shares, defined once: white space (ASCII and the Unicode
// spaces found in news text), ASCII case, white-space collapsing. UTF-8 throughout; nothing
// here allocates except the functions returning strings.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace depeche::text {

// Spaces that may sit inside a line, between the digit groups of a number ("948 000"):
// space, tab, and the Unicode spaces news text uses there: no-break U+00A0, figure U+2007,
// thin U+2009, narrow no-break U+202F, and the other fixed-width spaces U+2000..U+200A.
constexpr bool is_horizontal_space(char32_t c) {
    return c == U' ' || c == U'\t' || c == U'\u00A0' || c == U'\u202F' ||
           (c >= U'\u2000' && c <= U'\u200A');
}

// Every white space: horizontal spaces, line breaks (LF, CR, FF, VT, U+0085, U+2028, U+2029).
constexpr bool is_space(char32_t c) {
    return is_horizontal_space(c) || c == U'\n' || c == U'\r' || c == U'\f' || c == U'\v' ||
           c == U'\u0085' || c == U'\u2028' || c == U'\u2029' || c == U'\u3000';
}

// The same test on one byte of UTF-8 text: true only for ASCII white space (a multi-byte
// space is never split into bytes that look like spaces).
constexpr bool is_space(char c) {
    return static_cast<unsigned char>(c) < 0x80 && is_space(static_cast<char32_t>(c));
}

constexpr char ascii_lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// Whether `text` equals `lower` (which is lower-case ASCII) ignoring ASCII case.
constexpr bool equals_ignoring_ascii_case(std::string_view text, std::string_view lower) {
    if (text.size() != lower.size()) return false;
    for (std::size_t index = 0; index < text.size(); ++index) {
        if (ascii_lower(text[index]) != lower[index]) return false;
    }
    return true;
}

// Whether `text` ends with `lower_suffix` (lower-case ASCII), ignoring ASCII case.
constexpr bool ends_with_ignoring_ascii_case(std::string_view text,
                                             std::string_view lower_suffix) {
    return text.size() >= lower_suffix.size() &&
           equals_ignoring_ascii_case(text.substr(text.size() - lower_suffix.size()),
                                      lower_suffix);
}

// `text` without leading and trailing ASCII white space.
constexpr std::string_view trim(std::string_view text) {
    while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
    return text;
}

// `text` with each run of ASCII white space replaced by one space, and none at either end.
// When `offsets` is given it receives text.size() + 1 entries: offsets[i] is where byte i of
// `text` (or, for a space, the space it became) lands in the result, and offsets[text.size()]
// is the result's size, so byte ranges of `text` map onto the result.
std::string collapse_white_space(std::string_view text,
                                 std::vector<std::size_t>* offsets = nullptr);

}  // namespace depeche::text
