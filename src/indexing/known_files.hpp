#pragma once
// Change detection: the source files the index has a record of (store/source_record.hpp),
// met as the walk finds files, to tell unchanged files (same size and modification time:
// not opened) from changed and new ones, and which ids each file gave last time.
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "store/source_record.hpp"

namespace depeche {

class KnownFiles {
public:
    // A recorded file (header only) and whether this run met it.
    struct File {
        SourceRecord header;
        bool seen = false;
    };

    // Loads the record headers of `database` (which must outlive this object).
    explicit KnownFiles(const Xapian::Database& database);

    // The record of `path`, or nullptr. Files come in path order, as the records are sorted:
    // the record after the last one found is tried first, so a run costs one string
    // comparison per file, not a hash lookup that misses the cache.
    File* find(std::string_view path);
    // The entries of the stored record of `path` (the loaded records hold headers only).
    std::vector<SourceRecord::Entry> entries(const std::string& path) const;
    // The stored record of `path`, whole.
    std::optional<SourceRecord> record(const std::string& path) const;
    // The recorded files that give article `id` (built on the first call: removals are rare).
    const std::vector<std::string>* owners_of(const std::string& id);

    const std::vector<File>& files() const { return files_; }
    bool database_has_articles() const { return database_has_articles_; }
    // Whether the index already holds an article with this id.
    bool has_article(const std::string& id) const;

private:
    const Xapian::Database& database_;
    bool database_has_articles_;
    std::vector<File> files_;  // sorted by path
    std::size_t next_ = 0;     // where find() looks first
    std::optional<std::unordered_map<std::string, std::vector<std::string>>> owners_;
};

}  // namespace depeche
