#include "search/page.hpp"

#include "store/stored_article.hpp"

namespace depeche::search {

Result<std::vector<PageEntry>> load_page(const std::vector<Match>& matches,
                                         std::size_t first_rank,
                                         const std::filesystem::path& index_dir) {
    std::vector<PageEntry> page;
    page.reserve(matches.size());
    std::size_t rank = first_rank;
    for (const Match& match : matches) {
        std::optional<StoredArticle> stored = decode_stored_article(match.document.get_data());
        if (!stored) {
            return Status::corruption("index " + index_dir.string() +
                                      ": unreadable stored article (document " +
                                      std::to_string(match.document.get_docid()) +
                                      "): run `depeche index --rebuild` with its paths");
        }
        Article* article = &stored->article;
        PageEntry entry;
        entry.docid = match.document.get_docid();
        entry.checkpoints = std::move(stored->checkpoints);
        entry.text_is_title = article->text.empty();
        entry.hit.rank = rank++;
        entry.hit.id = std::move(article->id);
        entry.hit.date = article->date;
        entry.hit.score = match.weight;
        entry.hit.has_all_words = match.tier == 0;
        entry.hit.versions = match.versions;
        entry.hit.reposts = match.versions.size();
        entry.text = article->text.empty() ? article->title : std::move(article->text);
        entry.hit.title = std::move(article->title);
        page.push_back(std::move(entry));
    }
    return page;
}

}  // namespace depeche::search
