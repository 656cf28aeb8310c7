#include "sources/utf8_repair.hpp"

#include <cstdint>
#include <cstring>

namespace depeche::utf8 {
namespace {

constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";

// How far a well-formed sequence or an ill-formed subpart starting at `position` extends.
struct Sequence {
    std::size_t length;  // bytes covered: the whole sequence, or the maximal ill-formed subpart
    bool valid;
};

// Classifies the bytes at `position` (which must be < text.size()) following Table 3-7 of the
// Unicode standard (well-formed UTF-8 byte sequences).
Sequence sequence_at(std::string_view text, std::size_t position) {
    const auto lead = static_cast<unsigned char>(text[position]);
    if (lead < 0x80) return {1, true};
    std::size_t continuation_count = 0;
    unsigned char second_low = 0x80;
    unsigned char second_high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        continuation_count = 1;
    } else if (lead == 0xE0) {
        continuation_count = 2;
        second_low = 0xA0;  // no overlong forms
    } else if ((lead >= 0xE1 && lead <= 0xEC) || lead == 0xEE || lead == 0xEF) {
        continuation_count = 2;
    } else if (lead == 0xED) {
        continuation_count = 2;
        second_high = 0x9F;  // no surrogates
    } else if (lead == 0xF0) {
        continuation_count = 3;
        second_low = 0x90;  // no overlong forms
    } else if (lead >= 0xF1 && lead <= 0xF3) {
        continuation_count = 3;
    } else if (lead == 0xF4) {
        continuation_count = 3;
        second_high = 0x8F;  // nothing beyond U+10FFFF
    } else {
        return {1, false};  // continuation byte or byte never used in UTF-8
    }
    std::size_t length = 1;
    for (std::size_t index = 0; index < continuation_count; ++index) {
        const std::size_t at = position + 1 + index;
        if (at >= text.size()) return {length, false};
        const auto byte = static_cast<unsigned char>(text[at]);
        const unsigned char low = index == 0 ? second_low : 0x80;
        const unsigned char high = index == 0 ? second_high : 0xBF;
        if (byte < low || byte > high) return {length, false};
        ++length;
    }
    return {length, true};
}

// Index of the first byte of `text` at or after `position` that is not ASCII; ASCII is most
// of the input, so it is skipped eight bytes at a time.
std::size_t skip_ascii(std::string_view text, std::size_t position) {
    constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;
    while (position + 8 <= text.size()) {
        std::uint64_t word;
        std::memcpy(&word, text.data() + position, 8);
        if ((word & kHighBits) != 0) break;
        position += 8;
    }
    while (position < text.size() && static_cast<unsigned char>(text[position]) < 0x80) {
        ++position;
    }
    return position;
}

}  // namespace

bool is_valid(std::string_view text) {
    std::size_t position = skip_ascii(text, 0);
    while (position < text.size()) {
        const Sequence sequence = sequence_at(text, position);
        if (!sequence.valid) return false;
        position = skip_ascii(text, position + sequence.length);
    }
    return true;
}

std::string repaired(std::string_view text) {
    std::string result;
    result.reserve(text.size() + 16);
    std::size_t position = 0;
    while (position < text.size()) {
        const std::size_t ascii_end = skip_ascii(text, position);
        result.append(text.substr(position, ascii_end - position));
        position = ascii_end;
        if (position >= text.size()) break;
        const Sequence sequence = sequence_at(text, position);
        if (sequence.valid) {
            result.append(text.substr(position, sequence.length));
        } else {
            result.append(kReplacementCharacter);
        }
        position += sequence.length;
    }
    return result;
}

bool repair_in_place(std::string& text) {
    if (is_valid(text)) return false;
    text = repaired(text);
    return true;
}

std::size_t cut_point(std::string_view text, std::size_t limit) {
    if (limit >= text.size()) return text.size();
    std::size_t cut = limit;
    // Step back over at most three continuation bytes to the start of the character.
    for (int step = 0; step < 3 && cut > 0; ++step) {
        if ((static_cast<unsigned char>(text[cut]) & 0xC0) != 0x80) break;
        --cut;
    }
    if ((static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) return limit;  // not UTF-8
    return cut;
}

}  // namespace depeche::utf8
