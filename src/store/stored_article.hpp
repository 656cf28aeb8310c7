#pragma once
// The article as stored in a Xapian document's data: everything `show` and snippets need, so
// the index works after the source files are gone. Format: a version byte, then id, date,
// title, text and source path as varint-length-prefixed strings, then a flags byte.
#include <optional>
#include <string>
#include <string_view>

#include "depeche/article.hpp"

namespace depeche {

std::string encode_stored_article(const Article& article);
// nullopt when `data` is not a stored article of a known version (a corrupt index).
std::optional<Article> decode_stored_article(std::string_view data);

}  // namespace depeche
