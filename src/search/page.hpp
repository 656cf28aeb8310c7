#pragma once
// Stage 4 of a search, page: the matched documents become results, read from the articles
// the index stores (ids, dates, titles), ranked from `first_rank`.
#include <filesystem>
#include <string>
#include <vector>

#include "depeche/search_results.hpp"
#include "depeche/status.hpp"
#include "search/match.hpp"
#include "store/stored_article.hpp"

namespace depeche::search {

struct PageEntry {
    SearchHit hit;
    Xapian::docid docid = 0;
    std::string text;  // the article's text, for the snippet stage (its title when empty)
    bool text_is_title = false;
    std::vector<TextCheckpoint> checkpoints;  // of the text (store/stored_article.hpp)
};

// corruption (naming `index_dir` and the document) when a stored article cannot be read.
Result<std::vector<PageEntry>> load_page(const std::vector<Match>& matches,
                                         std::size_t first_rank,
                                         const std::filesystem::path& index_dir);

}  // namespace depeche::search
