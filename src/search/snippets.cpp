#include "search/snippets.hpp"

namespace depeche::search {

void add_snippets(Analyzer& analyzer, const QueryPlan& query, std::size_t snippet_bytes,
                  std::vector<PageEntry>& page) {
    const SnippetTerms terms{query.highlight_terms, query.highlight_prefixes};
    for (PageEntry& entry : page) {
        entry.hit.snippet = make_snippet(analyzer, entry.text, terms, snippet_bytes);
        entry.hit.title_highlights = highlight_ranges(analyzer, entry.hit.title, terms);
    }
}

}  // namespace depeche::search
