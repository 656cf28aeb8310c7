#include "search/snippets.hpp"

#include <algorithm>

#include "store/schema.hpp"

namespace depeche::search {
namespace {

// Where the best passage of a result lies, from the positions of the highlighted terms in
// its body (Xapian's position lists): the checkpoint a few words before the window of
// positions holding the most distinct terms, so that only the text around it is analysed.
// No hint for prefix* queries (their words are not known terms) or articles without
// checkpoints.
SnippetHint hint_for(const Xapian::Database& database, const PageEntry& entry,
                     const QueryPlan& query, std::size_t snippet_bytes) {
    if (!query.highlight_prefixes.empty() || entry.checkpoints.empty()) return {};
    const std::uint32_t body_first = entry.checkpoints.front().position;
    std::vector<std::pair<Xapian::termpos, std::size_t>> positions;  // (position, term)
    std::vector<std::string> looked_for = query.highlight_terms;
    for (const std::string& name : query.highlight_names) {
        looked_for.push_back(std::string(schema::name_prefix) + name);
    }
    for (std::size_t term = 0; term < looked_for.size(); ++term) {
        const std::string& name = looked_for[term];
        for (auto position = database.positionlist_begin(entry.docid, name);
             position != database.positionlist_end(entry.docid, name); ++position) {
            if (*position >= body_first) positions.emplace_back(*position, term);
        }
    }
    if (positions.empty()) return {true, 0, true};
    std::sort(positions.begin(), positions.end());
    // About 8 bytes a word: the window the passage can show, and the words before it.
    const Xapian::termpos window = static_cast<Xapian::termpos>(std::max<std::size_t>(snippet_bytes / 8, 4));
    const Xapian::termpos lead = window / 4;
    std::size_t best_anchor = 0;
    std::size_t best_score = 0;
    std::vector<bool> seen(looked_for.size());
    for (std::size_t anchor = 0; anchor < positions.size(); ++anchor) {
        std::fill(seen.begin(), seen.end(), false);
        std::size_t distinct = 0;
        std::size_t count = 0;
        for (std::size_t other = anchor;
             other < positions.size() && positions[other].first < positions[anchor].first + window;
             ++other) {
            if (!seen[positions[other].second]) {
                seen[positions[other].second] = true;
                ++distinct;
            }
            ++count;
        }
        const std::size_t score = distinct * 1000 + count;
        if (score > best_score) {
            best_score = score;
            best_anchor = anchor;
        }
    }
    const Xapian::termpos anchor = positions[best_anchor].first;
    const Xapian::termpos target = anchor > body_first + lead ? anchor - lead : body_first;
    const auto checkpoint = std::upper_bound(
        entry.checkpoints.begin(), entry.checkpoints.end(), target,
        [](Xapian::termpos value, const TextCheckpoint& point) { return value < point.position; });
    return {true, std::prev(checkpoint)->byte, false};
}

}  // namespace

std::size_t add_snippets(const Xapian::Database& database, Analyzer& analyzer,
                         const QueryPlan& query, std::size_t snippet_bytes,
                         std::vector<PageEntry>& page, const Deadline& deadline) {
    const SnippetTerms terms{query.highlight_terms, query.highlight_prefixes,
                             query.highlight_names, query.highlighted_words};
    std::size_t leads = 0;
    for (PageEntry& entry : page) {
        if (leads > 0 || deadline.passed()) {
            // The text's start, as make_snippet gives it when told nothing matches.
            ++leads;
            entry.hit.snippet =
                make_snippet(analyzer, entry.text, terms, snippet_bytes, SnippetHint{true, 0, true});
        } else {
            const SnippetHint hint = entry.text_is_title
                                         ? SnippetHint{}
                                         : hint_for(database, entry, query, snippet_bytes);
            entry.hit.snippet = make_snippet(analyzer, entry.text, terms, snippet_bytes, hint);
        }
        entry.hit.title_highlights = highlight_ranges(analyzer, entry.hit.title, terms);
    }
    return leads;
}

}  // namespace depeche::search
