#pragma once
// The article as stored in a Xapian document's data: everything `show` and snippets need, so
// the index works after the source files are gone. Format (version 2): a version byte, then
// id, date, title, text and source path as varint-length-prefixed strings, a flags byte, then
// the text's checkpoints: their count, then each as varint deltas (byte, position) from the
// previous one.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "depeche/article.hpp"

namespace depeche {

// A place where analysing the body may start: analyse(text.substr(byte), position) gives the
// same tokens (offsets shifted by `byte`) as the analysis of the whole text did from there.
// Snippets use them to analyse only the few hundred bytes around the words a query matched,
// found by their positions in the index. The first checkpoint is always (0, the body's first
// position).
struct TextCheckpoint {
    std::uint32_t byte = 0;
    std::uint32_t position = 0;
    bool operator==(const TextCheckpoint&) const = default;
};

struct StoredArticle {
    Article article;
    std::vector<TextCheckpoint> checkpoints;  // sorted by byte and by position
};

std::string encode_stored_article(const Article& article,
                                  const std::vector<TextCheckpoint>& checkpoints = {});
// nullopt when `data` is not a stored article of a known version (a corrupt index), is cut
// short, or has bytes after its end.
std::optional<StoredArticle> decode_stored_article(std::string_view data);

}  // namespace depeche
