#include "store/stored_article.hpp"

#include "store/binary_format.hpp"

namespace depeche {
namespace {

constexpr char format_version = 2;

using binary_format::append_number;
using binary_format::append_string;
using binary_format::read_number;
using binary_format::read_string;

}  // namespace

std::string encode_stored_article(const Article& article,
                                  const std::vector<TextCheckpoint>& checkpoints) {
    std::string out;
    out.reserve(article.text.size() + article.title.size() + article.id.size() + 64 +
                3 * checkpoints.size());
    out.push_back(format_version);
    append_string(out, article.id);
    append_string(out, article.date ? article.date->to_string() : std::string());
    append_string(out, article.title);
    append_string(out, article.text);
    append_string(out, article.source_path);
    out.push_back(article.title_is_in_text ? 1 : 0);
    append_number(out, checkpoints.size());
    TextCheckpoint previous;
    for (const TextCheckpoint& checkpoint : checkpoints) {
        append_number(out, checkpoint.byte - previous.byte);
        append_number(out, checkpoint.position - previous.position);
        previous = checkpoint;
    }
    return out;
}

std::optional<StoredArticle> decode_stored_article(std::string_view data) {
    if (data.empty() || data.front() != format_version) return std::nullopt;
    data.remove_prefix(1);
    StoredArticle stored;
    Article& article = stored.article;
    std::string date;
    if (!read_string(data, article.id) || !read_string(data, date) ||
        !read_string(data, article.title) || !read_string(data, article.text) ||
        !read_string(data, article.source_path) || data.empty()) {
        return std::nullopt;
    }
    article.title_is_in_text = data.front() == 1;
    data.remove_prefix(1);
    if (!date.empty()) {
        article.date = Date::parse_article_date(date);
        if (!article.date) return std::nullopt;
    }
    std::uint64_t count = 0;
    if (!read_number(data, count) || count > data.size() / 2) return std::nullopt;
    stored.checkpoints.reserve(count);
    std::uint64_t byte = 0;
    std::uint64_t position = 0;
    for (std::uint64_t index = 0; index < count; ++index) {
        std::uint64_t byte_delta = 0;
        std::uint64_t position_delta = 0;
        if (!read_number(data, byte_delta) || !read_number(data, position_delta)) {
            return std::nullopt;
        }
        byte += byte_delta;
        position += position_delta;
        if (byte > article.text.size() || position > UINT32_MAX) return std::nullopt;
        stored.checkpoints.push_back(
            {static_cast<std::uint32_t>(byte), static_cast<std::uint32_t>(position)});
    }
    if (!data.empty()) return std::nullopt;
    return stored;
}

}  // namespace depeche
