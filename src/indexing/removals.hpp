#pragma once
// Removals: articles whose source disappeared (a file gone from a directory indexed again, a
// JSON line gone from a file read again), with the rule that keeps an article another source
// still gives. Decisions become FileFinish entries for the writer.
#include <functional>
#include <string>
#include <vector>

#include "depeche/indexer.hpp"
#include "indexing/article_writer.hpp"
#include "indexing/known_files.hpp"

namespace depeche {

class Removals {
public:
    Removals(KnownFiles& known, ArticleWriter& writer) : known_(known), writer_(writer) {}

    // Whether another source file than `path` still gives article `id` (two files can share
    // an id; the one read last wins). If so the article is kept, and when that other file was
    // not read in this run its record is marked stale, so the next run reads it again and its
    // version of the article replaces the one `path` gave.
    bool still_given_elsewhere(const std::string& id, const std::string& path);

    // Removes the articles of the recorded files under `directory_roots` that this run did
    // not meet, and their records. Returns the number of articles removed; `on_file` (may be
    // empty) hears of each file.
    std::size_t remove_vanished_files(const std::vector<std::string>& directory_roots,
                                      const std::function<void(const FileOutcome&)>& on_file);

private:
    KnownFiles& known_;
    ArticleWriter& writer_;
};

}  // namespace depeche
