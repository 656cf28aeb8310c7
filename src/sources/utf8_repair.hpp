#pragma once
// UTF-8 checks for input text: validation, repair (invalid sequences become U+FFFD) and safe cut
// points, so a byte limit never splits a character.
#include <cstddef>
#include <string>
#include <string_view>

namespace depeche::utf8 {

// True when `text` is well-formed UTF-8 (no overlong forms, surrogates or code points beyond
// U+10FFFF, no sequence cut by the end of the text).
bool is_valid(std::string_view text);

// `text` with each maximal ill-formed subpart replaced by U+FFFD (EF BF BD), as the Unicode
// standard recommends; well-formed text comes back unchanged.
std::string repaired(std::string_view text);

// Repairs `text` in place; returns true when something was replaced.
bool repair_in_place(std::string& text);

// The largest cut point <= `limit` that does not fall inside a multi-byte sequence
// (text.size() when `limit` is at or past the end).
std::size_t cut_point(std::string_view text, std::size_t limit);

}  // namespace depeche::utf8
