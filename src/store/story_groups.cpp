#include "store/story_groups.hpp"

#include <algorithm>

#include "store/binary_format.hpp"

namespace depeche {
namespace {

constexpr char signature_format = 1;

}  // namespace

std::string encode_signature(const StorySignature& signature) {
    std::string out;
    out.reserve(signature.id.size() + 8 + 2 * signature_minima);
    out.push_back(signature_format);
    binary_format::append_string(out, signature.id);
    binary_format::append_number(out, signature.shingles);
    for (const std::uint16_t minimum : signature.minima) {
        out.push_back(static_cast<char>(minimum & 0xFF));
        out.push_back(static_cast<char>(minimum >> 8));
    }
    return out;
}

std::optional<StorySignature> decode_signature(std::string_view value) {
    if (value.empty() || value.front() != signature_format) return std::nullopt;
    value.remove_prefix(1);
    StorySignature signature;
    std::uint64_t shingles = 0;
    if (!binary_format::read_string(value, signature.id) ||
        !binary_format::read_number(value, shingles) || shingles > UINT32_MAX ||
        value.size() != 2 * signature_minima) {
        return std::nullopt;
    }
    signature.shingles = static_cast<std::uint32_t>(shingles);
    for (std::size_t index = 0; index < signature_minima; ++index) {
        signature.minima[index] = static_cast<std::uint16_t>(
            static_cast<unsigned char>(value[2 * index]) |
            (static_cast<unsigned>(static_cast<unsigned char>(value[2 * index + 1])) << 8));
    }
    return signature;
}

StorySimilarity similarity(const StorySignature& a, const StorySignature& b) {
    std::size_t equal = 0;
    for (std::size_t index = 0; index < signature_minima; ++index) {
        equal += a.minima[index] == b.minima[index];
    }
    StorySimilarity result;
    result.jaccard = static_cast<double>(equal) / signature_minima;
    const double smaller = std::max<double>(1, std::min(a.shingles, b.shingles));
    const double shared = result.jaccard * (static_cast<double>(a.shingles) + b.shingles) /
                          (1.0 + result.jaccard);
    result.containment = std::min(1.0, shared / smaller);
    return result;
}

bool same_story(const StorySignature& a, const StorySignature& b) {
    const StorySimilarity found = similarity(a, b);
    if (found.jaccard >= 0.5) return true;
    return found.containment >= 0.8 && found.jaccard >= 0.15 &&
           std::min(a.shingles, b.shingles) >= 20;
}

std::string encode_group_members(const std::vector<std::string>& ids) {
    std::string out;
    for (const std::string& id : ids) {
        if (!out.empty()) out.push_back('\n');
        out += id;
    }
    return out;
}

std::vector<std::string> decode_group_members(std::string_view value) {
    std::vector<std::string> ids;
    while (!value.empty()) {
        const std::size_t end = value.find('\n');
        ids.emplace_back(value.substr(0, end));
        if (end == std::string_view::npos) break;
        value.remove_prefix(end + 1);
    }
    return ids;
}

}  // namespace depeche
