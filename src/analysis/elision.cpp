// Step 2 of the analyzer: French elision. "l'ONU" is indexed as "ONU", "qu'il" as "il";
// words where the apostrophe is not an elision ("aujourd'hui", "presqu'île") stay whole.
#include <array>
#include <string_view>

#include <unicode/utf8.h>

#include "analysis/steps.hpp"
#include "base/text.hpp"

namespace depeche::analysis {
namespace {

constexpr std::array<std::string_view, 13> elided_words = {
    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"};

// Byte offset just after the first apostrophe of text[begin, end), or `end` when none.
std::uint32_t after_first_apostrophe(std::string_view text, std::uint32_t begin,
                                     std::uint32_t end) {
    std::uint32_t offset = begin;
    while (offset < end) {
        const UChar32 c = next_code_point(text, offset, end);
        if (c >= 0 && is_apostrophe(static_cast<char32_t>(c))) return offset;
    }
    return end;
}

}  // namespace

void strip_elisions(std::string_view text, std::vector<Token>& tokens) {
    for (Token& token : tokens) {
        const std::size_t apostrophe = token.term.find('\'');
        if (apostrophe == std::string::npos || apostrophe + 1 >= token.term.size()) continue;
        const std::string_view prefix = std::string_view(token.term).substr(0, apostrophe);
        bool elided = false;
        for (std::string_view word : elided_words) {
            elided = elided || text::equals_ignoring_ascii_case(prefix, word);
        }
        if (!elided) continue;
        token.term.erase(0, apostrophe + 1);
        token.begin = after_first_apostrophe(text, token.begin, token.end);
    }
}

}  // namespace depeche::analysis
