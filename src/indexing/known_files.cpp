#include "indexing/known_files.hpp"

#include <algorithm>

#include "store/schema.hpp"

namespace depeche {

KnownFiles::KnownFiles(const Xapian::Database& database)
    : database_(database), database_has_articles_(database.get_doccount() > 0) {
    const std::string prefix(source_record_key_prefix);
    for (auto key = database.metadata_keys_begin(prefix); key != database.metadata_keys_end(prefix);
         ++key) {
        if (std::optional<SourceRecord> record =
                decode_source_record_header(database.get_metadata(*key))) {
            files_.push_back({std::move(*record), false});
        }
    }
    // Keys are hashes of the paths: sorted by path here, the order the walk visits them.
    std::sort(files_.begin(), files_.end(),
              [](const File& a, const File& b) { return a.header.path < b.header.path; });
}

KnownFiles::File* KnownFiles::find(std::string_view path) {
    if (next_ < files_.size() && files_[next_].header.path == path) return &files_[next_++];
    const auto found = std::lower_bound(
        files_.begin(), files_.end(), path,
        [](const File& known, std::string_view wanted) { return known.header.path < wanted; });
    if (found == files_.end() || found->header.path != path) return nullptr;
    next_ = static_cast<std::size_t>(found - files_.begin()) + 1;
    return &*found;
}

std::optional<SourceRecord> KnownFiles::record(const std::string& path) const {
    return decode_source_record(database_.get_metadata(source_record_key(path)));
}

std::vector<SourceRecord::Entry> KnownFiles::entries(const std::string& path) const {
    std::optional<SourceRecord> stored = record(path);
    return stored ? std::move(stored->entries) : std::vector<SourceRecord::Entry>{};
}

const std::vector<std::string>* KnownFiles::owners_of(const std::string& id) {
    if (!owners_) {
        owners_.emplace();
        for (const File& known : files_) {
            for (const SourceRecord::Entry& entry : entries(known.header.path)) {
                (*owners_)[entry.id].push_back(known.header.path);
            }
        }
    }
    const auto found = owners_->find(id);
    return found == owners_->end() ? nullptr : &found->second;
}

bool KnownFiles::has_article(const std::string& id) const {
    return database_has_articles_ && database_.term_exists(std::string(schema::id_prefix) + id);
}

}  // namespace depeche
