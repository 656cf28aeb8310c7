#include "store/stored_article.hpp"

#include "store/binary_format.hpp"

namespace depeche {
namespace {

constexpr char format_version = 1;

using binary_format::append_string;
using binary_format::read_string;

}  // namespace

std::string encode_stored_article(const Article& article) {
    std::string out;
    out.reserve(article.text.size() + article.title.size() + article.id.size() + 64);
    out.push_back(format_version);
    append_string(out, article.id);
    append_string(out, article.date ? article.date->to_string() : std::string());
    append_string(out, article.title);
    append_string(out, article.text);
    append_string(out, article.source_path);
    out.push_back(article.title_is_in_text ? 1 : 0);
    return out;
}

std::optional<Article> decode_stored_article(std::string_view data) {
    if (data.empty() || data.front() != format_version) return std::nullopt;
    data.remove_prefix(1);
    Article article;
    std::string date;
    if (!read_string(data, article.id) || !read_string(data, date) ||
        !read_string(data, article.title) || !read_string(data, article.text) ||
        !read_string(data, article.source_path) || data.size() != 1) {
        return std::nullopt;
    }
    article.title_is_in_text = data.front() == 1;
    if (!date.empty()) {
        article.date = Date::parse_article_date(date);
        if (!article.date) return std::nullopt;
    }
    return article;
}

}  // namespace depeche
