#pragma once
// What the index remembers of each source file, to reindex incrementally: its size and
// modification time (to skip it cheaply when both are unchanged) and the id and content hash
// of each article it gave (to rewrite only changed articles and remove vanished ones).
// Stored in the index's metadata under source_record_key(path), committed together with the
// documents, so a crash never leaves a record that claims documents the index lacks.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "depeche/article.hpp"

namespace depeche {

struct SourceRecord {
    struct Entry {
        std::string id;
        std::uint64_t content_hash = 0;
    };
    std::string path;  // absolute, lexically normal
    std::uint64_t size = 0;
    std::int64_t modified = 0;
    std::vector<Entry> entries;
    std::size_t entry_count = 0;  // set by the decoders (also when only the header is read)
};

inline constexpr std::string_view source_record_key_prefix = "depeche.source.";
std::string source_record_key(std::string_view path);

std::string encode_source_record(const SourceRecord& record);
// nullopt when `data` is not a record of a known version.
std::optional<SourceRecord> decode_source_record(std::string_view data);
// Only path, size and modification time (entries left empty): what a rerun needs for every
// file, cheaply; the entries are decoded only for files that changed.
std::optional<SourceRecord> decode_source_record_header(std::string_view data);

// Hash of everything of an article that the index stores (id, date, title, text).
std::uint64_t article_content_hash(const Article& article);

}  // namespace depeche
