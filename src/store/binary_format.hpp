#pragma once
// Varint-prefixed strings and numbers for what depeche stores inside Xapian (document data,
// source records). Readers return false on truncated or malformed input, never read past it.
#include <cstdint>
#include <string>
#include <string_view>

namespace depeche::binary_format {

inline void append_number(std::string& out, std::uint64_t value) {
    while (value >= 0x80) {
        out.push_back(static_cast<char>((value & 0x7F) | 0x80));
        value >>= 7;
    }
    out.push_back(static_cast<char>(value));
}

inline void append_string(std::string& out, std::string_view value) {
    append_number(out, value.size());
    out.append(value);
}

inline bool read_number(std::string_view& in, std::uint64_t& value) {
    value = 0;
    for (int shift = 0; shift <= 63; shift += 7) {
        if (in.empty()) return false;
        const auto byte = static_cast<unsigned char>(in.front());
        in.remove_prefix(1);
        value |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
        if ((byte & 0x80) == 0) return true;
    }
    return false;
}

inline bool read_string(std::string_view& in, std::string& value) {
    std::uint64_t length = 0;
    if (!read_number(in, length) || length > in.size()) return false;
    value.assign(in.substr(0, length));
    in.remove_prefix(length);
    return true;
}

// 64-bit FNV-1a: a stable (build- and machine-independent) hash for change detection and keys.
inline std::uint64_t fnv1a(std::string_view bytes, std::uint64_t hash = 14695981039346656037ULL) {
    for (char c : bytes) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ULL;
    }
    return hash;
}

inline std::string hex16(std::uint64_t value) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string text(16, '0');
    for (int index = 15; index >= 0; --index, value >>= 4) {
        text[static_cast<std::size_t>(index)] = digits[value & 0xF];
    }
    return text;
}

}  // namespace depeche::binary_format
