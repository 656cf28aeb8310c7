#include <algorithm>
#include <map>
#include <cstdio>
#include <vector>
#include <string>

#include "views/formatters.hpp"

namespace depeche::views {
namespace {

constexpr std::string_view bold_red = "\x1b[1;31m";
constexpr std::string_view dim = "\x1b[2m";
constexpr std::string_view bold = "\x1b[1m";
constexpr std::string_view reset = "\x1b[0m";

std::string styled(const TextStyle& style, std::string_view escape, std::string_view text) {
    if (!style.colour) return std::string(text);
    return std::string(escape) + std::string(text) + std::string(reset);
}

std::string human_size(std::uintmax_t bytes) {
    char buffer[32];
    if (bytes >= 1024 * 1024) {
        std::snprintf(buffer, sizeof buffer, "%.1f MiB", static_cast<double>(bytes) / 1048576.0);
    } else {
        std::snprintf(buffer, sizeof buffer, "%.1f KiB", static_cast<double>(bytes) / 1024.0);
    }
    return buffer;
}

}  // namespace

namespace {

// Appends text[begin, end), with `*` and `\` escaped as `\*` and `\\` when `escape` is set.
void append_text(std::string& out, std::string_view text, std::size_t begin, std::size_t end,
                 bool escape) {
    for (std::size_t index = begin; index < end; ++index) {
        if (escape && (text[index] == '*' || text[index] == '\\')) out.push_back('\\');
        out.push_back(text[index]);
    }
}

}  // namespace

std::string mark_ranges(std::string_view text, const std::vector<TextRange>& ranges,
                        std::string_view open, std::string_view close) {
    // With ASCII markers such as **, a literal * in the text must not read as one.
    const bool escape = open.find('*') != std::string_view::npos;
    std::string marked;
    marked.reserve(text.size() + ranges.size() * (open.size() + close.size()));
    std::size_t copied = 0;
    for (const TextRange& range : ranges) {
        if (range.begin < copied || range.end > text.size()) continue;  // not sorted: skipped
        append_text(marked, text, copied, range.begin, escape);
        marked.append(open);
        append_text(marked, text, range.begin, range.end, escape);
        marked.append(close);
        copied = range.end;
    }
    append_text(marked, text, copied, text.size(), escape);
    return marked;
}

std::string mark_highlights(const Snippet& snippet, std::string_view open,
                            std::string_view close) {
    std::string marked = mark_ranges(snippet.text, snippet.highlights, open, close);
    if (snippet.cut_before) marked.insert(0, "…");
    if (snippet.cut_after) marked.append("…");
    return marked;
}

double share_of(const SearchHit& hit, const ScoredPart& part) {
    double total = 0;
    for (const ScoredPart& each : hit.explanation) total += each.weight;
    return total > 0 ? part.weight / total : 0.0;
}

std::string_view term_as_word(std::string_view term) {
    while (!term.empty() && term.front() >= 'A' && term.front() <= 'Z') term.remove_prefix(1);
    return term;
}

namespace {

// "   why: idlib 62% title+text [idleb, idlib] · syrie not found": each part of the query, its
// share of the score, where it matched and the terms it matched by.
void write_explanation_text(std::ostream& out, const SearchHit& hit, const TextStyle& style) {
    std::string line;
    for (const ScoredPart& part : hit.explanation) {
        if (!line.empty()) line += " · ";
        line += part.bonus ? "(spelling as typed)" : part.text;
        if (!part.matched) {
            line += " not found";
            continue;
        }
        char share[16];
        std::snprintf(share, sizeof share, " %.0f%%", share_of(hit, part) * 100.0);
        line += share;
        line += part.in_title && part.in_text ? " title+text" : part.in_title ? " title" : " text";
        std::vector<std::string> words;
        for (const std::string& term : part.terms) {
            const std::string word(term_as_word(term));
            if (std::find(words.begin(), words.end(), word) == words.end()) words.push_back(word);
        }
        if (words.empty()) continue;
        line += " [";
        for (std::size_t index = 0; index < words.size(); ++index) {
            if (index > 0) line += ", ";
            line += words[index];
        }
        line += "]";
    }
    if (!line.empty()) out << "   " << styled(style, dim, "why: " + line) << "\n";
}

}  // namespace

void write_bar_chart(std::ostream& out, const std::vector<ChartRow>& rows, const TextStyle& style) {
    std::size_t largest = 0;
    std::size_t label_width = 0;
    std::size_t note_width = 0;
    for (const ChartRow& row : rows) {
        largest = std::max(largest, row.value);
        label_width = std::max(label_width, row.label.size());
        note_width = std::max(note_width, row.note.size());
    }
    const std::size_t value_width = std::to_string(largest).size();
    constexpr std::string_view peak = "  ◀ peak";
    const std::size_t fixed = label_width + 1 + 1 + value_width + 1 + note_width + 8;
    const std::size_t bar_width = style.width > fixed + 10 ? style.width - fixed : 10;
    static const char* const eighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
    bool peak_marked = false;
    for (const ChartRow& row : rows) {
        std::string line = row.label;
        line.resize(label_width, ' ');
        line += ' ';
        // In eighths of a column; a value above zero gets one eighth at least.
        std::size_t units = largest == 0 ? 0 : row.value * bar_width * 8 / largest;
        if (row.value > 0 && units == 0) units = 1;
        std::string bar;
        for (std::size_t full = 0; full < units / 8; ++full) bar += "█";
        bar += eighths[units % 8];
        const std::size_t drawn = units / 8 + (units % 8 != 0);
        line += styled(style, bold_red, bar);
        line += std::string(bar_width - std::min(bar_width, drawn) + 1, ' ');
        std::string value = std::to_string(row.value);
        line += std::string(value_width - value.size(), ' ') + value;
        if (!row.note.empty()) line += " " + row.note;
        if (!peak_marked && row.value == largest && largest > 0) {
            line += peak;
            peak_marked = true;
        }
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out << line << "\n";
    }
}

namespace {

// "Coverage per month: ..." then one bar a month.
void write_timeline_text(std::ostream& out, const SearchResults& results, const TextStyle& style) {
    const std::vector<MonthCount>& months = *results.timeline;
    std::size_t articles = 0;
    std::size_t stories = 0;
    for (const MonthCount& month : months) {
        articles += month.count;
        stories += month.stories;
    }
    out << "\n";
    if (months.empty()) {
        out << "Coverage per month: no dated article matches\n";
        return;
    }
    out << "Coverage per month: " << articles << (articles == 1 ? " article" : " articles") << " ("
        << stories << (stories == 1 ? " story" : " stories") << "), " << months.front().month
        << " to " << months.back().month;
    if (results.timeline_undated > 0) out << ", and " << results.timeline_undated << " undated";
    out << " (‰: per 1,000 articles of the month)\n";
    std::vector<ChartRow> rows;
    for (const MonthCount& month : months) {
        char rate[32];
        std::snprintf(rate, sizeof rate, "%6.1f‰", month.per_1000);
        rows.push_back({month.month, month.count, month.count == 0 ? "" : rate});
    }
    write_bar_chart(out, rows, style);
}

// "Names mentioned in the N matching articles:" then one line a name, most articles first.
void write_names_text(std::ostream& out, const SearchResults& results, const TextStyle& style) {
    const std::vector<NameCount>& names = *results.names;
    out << "\n";
    if (names.empty()) {
        out << "Names mentioned: none in the " << results.names_counted_over
            << " matching articles\n";
        return;
    }
    out << "Names mentioned in the " << results.names_counted_over
        << (results.names_counted_over == 1 ? " matching article" : " matching articles")
        << " (articles each):\n";
    const std::size_t count_width = std::to_string(names.front().count).size();
    for (const NameCount& name : names) {
        const std::string count = std::to_string(name.count);
        out << "  " << std::string(count_width - count.size(), ' ') << count << "  "
            << styled(style, bold, name.name);
        for (std::size_t index = 0; index < name.spellings.size(); ++index) {
            out << (index == 0 ? " (also " : ", ") << name.spellings[index];
        }
        out << (name.spellings.empty() ? "" : ")") << "\n";
    }
}

}  // namespace

std::string with_thousands(std::uintmax_t number) {
    const std::string digits = std::to_string(number);
    std::string grouped;
    for (std::size_t at = 0; at < digits.size(); ++at) {
        if (at > 0 && (digits.size() - at) % 3 == 0) grouped.push_back(',');
        grouped.push_back(digits[at]);
    }
    return grouped;
}

std::string time_limit_notice(const SearchResults& results) {
    // Appended, not "literal" + string: g++ 12 reports a false -Wrestrict there (GCC bug
    // 105329).
    std::string notice = "The search ran past its time limit (";
    notice += with_thousands(static_cast<std::uintmax_t>(results.time_limit.count()));
    notice += " ms): the counts and snippets below are partial.";
    return notice;
}

void write_search_text(std::ostream& out, const SearchResults& results, const TextStyle& style) {
    // One line per word typed: "Also searched for: bachar, bashar (you typed bachhar)".
    for (std::size_t first = 0; first < results.also_searched.size();) {
        const std::string& typed = results.also_searched[first].typed;
        out << "Also searched for: ";
        std::size_t next = first;
        for (; next < results.also_searched.size() && results.also_searched[next].typed == typed;
             ++next) {
            if (next > first) out << ", ";
            out << styled(style, bold, results.also_searched[next].variant);
        }
        out << " (you typed " << typed << ")\n";
        first = next;
    }
    if (results.suggestion) {
        out << "Did you mean: " << styled(style, bold, *results.suggestion) << " ?\n";
    }
    if (results.timed_out) out << styled(style, bold, time_limit_notice(results)) << "\n";
    if (results.hits.empty() && results.total_estimate == 0) {
        out << "No results for: " << results.query << "\n";
        return;
    }
    out << styled(style, dim,
                  "About " + std::to_string(results.total_estimate) + " result" +
                      (results.total_estimate == 1 ? "" : "s") + " for: " + results.query)
        << "\n";
    if (results.timeline) write_timeline_text(out, results, style);
    if (results.names) write_names_text(out, results, style);
    bool announced_partial = false;
    for (const SearchHit& hit : results.hits) {
        if (!hit.has_all_words && !announced_partial) {
            out << "\n" << styled(style, dim, "-- articles with only some of the words --") << "\n";
            announced_partial = true;
        }
        write_hit_text(out, hit, style);
    }
}

void write_hit_text(std::ostream& out, const SearchHit& hit, const TextStyle& style) {
    {
        const std::string date = hit.date ? hit.date->to_string() : "undated";
        out << "\n"
            << hit.rank << ". "
            << (hit.title.empty() ? styled(style, bold, "(no title)")
                : style.colour
                    ? styled(style, bold,
                             mark_ranges(hit.title, hit.title_highlights, bold_red,
                                         std::string(reset) + std::string(bold)))
                    : hit.title)
            << "\n   "
            << styled(style, dim,
                      date + "  " + hit.id +
                          (hit.versions.empty()
                               ? ""
                               : "  (+" + std::to_string(hit.versions.size()) +
                                     (hit.versions.size() == 1 ? " version)" : " versions)")))
            << "\n";
        const std::string snippet =
            style.colour ? mark_highlights(hit.snippet, bold_red, reset)
                         : mark_highlights(hit.snippet, "**", "**");
        if (!snippet.empty()) out << "   " << snippet << "\n";
        write_explanation_text(out, hit, style);
    }
}

namespace {

// "2020-02-16  orangesum-12  Title" (dates padded to a day's width).
void write_version_line(std::ostream& out, const StoryGroup::Version& version) {
    std::string date = version.date ? version.date->to_string() : "undated";
    date.resize(std::max<std::size_t>(date.size(), 10), ' ');
    out << "  " << date << "  " << version.id << "  " << version.title << "\n";
}

}  // namespace

void write_article_text(std::ostream& out, const Article& article,
                        const std::vector<StoryGroup::Version>& versions) {
    out << "id:     " << article.id << "\n"
        << "date:   " << (article.date ? article.date->to_string() : "undated") << "\n"
        << "title:  " << article.title << "\n";
    if (!article.source_path.empty()) out << "source: " << article.source_path << "\n";
    if (!versions.empty()) {
        out << "other versions of this story (depeche diff " << article.id << " ID shows what "
            << "changed):\n";
        for (const StoryGroup::Version& version : versions) write_version_line(out, version);
    }
    out << "\n" << article.text << "\n";
}

namespace {

std::string marked_pieces(const std::vector<DiffPiece>& pieces, const TextStyle& style) {
    std::string out;
    for (const DiffPiece& piece : pieces) {
        // Spaces before a changed run stay outside its markers.
        const std::size_t start = piece.text.find_first_not_of(" \t\r\n");
        const std::string_view spaces(piece.text.data(),
                                      start == std::string::npos ? piece.text.size() : start);
        const std::string_view words =
            std::string_view(piece.text).substr(spaces.size());
        switch (piece.kind) {
            case DiffPiece::Kind::same:
                out += piece.text;
                break;
            case DiffPiece::Kind::removed:
                out += spaces;
                out += style.colour ? "\x1b[9;31m" + std::string(words) + std::string(reset)
                                    : "[-" + std::string(words) + "-]";
                break;
            case DiffPiece::Kind::added:
                out += spaces;
                out += style.colour ? "\x1b[32m" + std::string(words) + std::string(reset)
                                    : "{+" + std::string(words) + "+}";
                break;
        }
    }
    return out;
}

}  // namespace

void write_diff_text(std::ostream& out, const ArticleDiff& diff, const TextStyle& style) {
    out << styled(style, dim,
                  diff.from_id + " -> " + diff.to_id + ": " + std::to_string(diff.words_added) +
                      (diff.words_added == 1 ? " word" : " words") + " added, " +
                      std::to_string(diff.words_removed) + " removed")
        << "\n";
    out << "title: " << marked_pieces(diff.title, style) << "\n\n"
        << marked_pieces(diff.text, style) << "\n";
}

void write_duplicates_text(std::ostream& out, const std::vector<StoryGroup>& groups) {
    std::size_t articles = 0;
    for (const StoryGroup& group : groups) articles += group.versions.size();
    if (groups.empty()) {
        out << "No story with several versions.\n";
        return;
    }
    out << groups.size() << (groups.size() == 1 ? " story" : " stories") << " with several versions ("
        << articles << " articles)\n";
    for (const StoryGroup& group : groups) {
        out << "\n" << group.versions.size() << " versions, first " << group.versions.front().id
            << "\n";
        for (const StoryGroup::Version& version : group.versions) write_version_line(out, version);
    }
}

void write_stats_text(std::ostream& out, const IndexStats& stats, const TextStyle& style) {
    out << "index:     " << stats.path.string() << "\n"
        << "articles:  " << stats.articles << " (" << stats.undated << " undated)\n";
    if (stats.first_day && stats.last_day) {
        out << "dates:     " << stats.first_day->to_string() << " to "
            << stats.last_day->to_string() << "\n";
    }
    out << "size:      " << human_size(stats.size_bytes) << "\n"
        << "analyzer:  " << stats.analyzer << "\n";
    if (stats.articles_per_month.empty()) return;
    out << "per month:\n";
    std::map<std::string, std::size_t> counts(stats.articles_per_month.begin(),
                                              stats.articles_per_month.end());
    std::vector<ChartRow> rows;
    for (const std::string& month : months_between(stats.articles_per_month.front().first,
                                                   stats.articles_per_month.back().first)) {
        const auto found = counts.find(month);
        rows.push_back({month, found == counts.end() ? 0 : found->second, ""});
    }
    write_bar_chart(out, rows, style);
}

void write_check_text(std::ostream& out, const IndexCheck& report) {
    out << "index:     " << report.path.string() << "\n"
        << "analyzer:  " << (report.analyzer.empty() ? "(none recorded)" : report.analyzer)
        << "\n"
        << "articles:  " << report.articles << " from " << report.source_files
        << " source files\n";
    if (report.healthy()) {
        out << "healthy: no problem found\n";
        return;
    }
    out << report.problems.size() << (report.problems.size() == 1 ? " problem" : " problems")
        << ":\n";
    for (const std::string& problem : report.problems) out << "  - " << problem << "\n";
}

void write_index_summary_text(std::ostream& out, const IndexSummary& summary) {
    const double rate = summary.seconds > 0
                            ? static_cast<double>(summary.articles_written()) / summary.seconds
                            : 0.0;
    char timing[96];
    std::snprintf(timing, sizeof timing, "%.2f s (%.0f articles/s)", summary.seconds, rate);
    if (summary.interrupted) {
        out << "interrupted: what was read so far is committed; run the same command again to "
               "finish (an interrupted --rebuild leaves the live index as it was)\n";
    }
    out << "added " << summary.added << ", updated " << summary.updated << ", unchanged "
        << summary.unchanged << ", removed " << summary.removed << " articles in " << timing
        << "\nfiles: " << summary.sources.files_read << " read, "
        << summary.sources.files_unchanged << " unchanged, " << summary.sources.files_ignored
        << " of other types ignored; the index holds " << summary.articles_in_index
        << " articles\n";
    if (summary.skipped() > 0 || summary.sources.errors > 0 || summary.sources.warnings > 0) {
        out << "problems: " << summary.sources.errors << " errors, "
            << summary.sources.warnings << " warnings (reported above); " << summary.skipped()
            << " records skipped\n";
        // Sorted by description, so the lines read in a stable, alphabetical order.
        std::vector<std::pair<std::string_view, std::size_t>> lines;
        for (const auto& [kind, count] : summary.problems) lines.emplace_back(describe(kind), count);
        std::sort(lines.begin(), lines.end());
        for (const auto& [description, count] : lines) {
            out << "  " << count << " x " << description << "\n";
        }
    }
}

// "\r1234/36152 files, 5678 articles, 900 articles/s, 12 s, about 40 s left" on one terminal
// line, rewritten in place. The estimate assumes the remaining bytes cost what the first did.
void write_progress_text(std::ostream& err, const IndexProgress& progress) {
    const double rate = progress.seconds > 0
                            ? static_cast<double>(progress.articles_done) / progress.seconds
                            : 0.0;
    char line[200];
    int length = std::snprintf(line, sizeof line, "\r%zu/%zu files, %zu articles, %.0f articles/s, %.0f s",
                               progress.files_done, progress.files_total, progress.articles_done,
                               rate, progress.seconds);
    if (progress.bytes_done > 0 && progress.bytes_total > progress.bytes_done && length > 0) {
        const double left = progress.seconds / static_cast<double>(progress.bytes_done) *
                            static_cast<double>(progress.bytes_total - progress.bytes_done);
        std::snprintf(line + length, sizeof line - static_cast<std::size_t>(length),
                      ", about %.0f s left", left);
    }
    err << line << "\x1b[K" << std::flush;
}

void write_file_outcome_text(std::ostream& out, const FileOutcome& outcome) {
    switch (outcome.kind) {
        case FileOutcome::Kind::unchanged:
            out << "unchanged  " << outcome.path << "\n";
            return;
        case FileOutcome::Kind::removed:
            out << "removed    " << outcome.path << " (" << outcome.removed
                << " articles: the file is gone)\n";
            return;
        case FileOutcome::Kind::unreadable:
            out << "failed     " << outcome.path << " (kept as indexed before)\n";
            return;
        case FileOutcome::Kind::read:
            out << "read       " << outcome.path << " (" << outcome.added << " added, "
                << outcome.updated << " updated, " << outcome.unchanged << " unchanged, "
                << outcome.removed << " removed)\n";
            return;
    }
}

}  // namespace depeche::views

namespace depeche::views {

void write_variants_text(std::ostream& out, const NameVariants& variants, bool all) {
    if (!variants.aliases.empty()) {
        out << variants.name << ": aliases\n";
        for (const NameSpellingInfo& alias : variants.aliases) {
            out << "  " << alias.spelling << "  " << alias.articles << " article"
                << (alias.articles == 1 ? "" : "s") << "  (alias: " << alias.reason << ")\n";
        }
    }
    for (const NameWordVariants& word : variants.words) {
        if (!word.is_name) {
            out << word.typed << ": not a name in this index (a common word, searched by its "
                << "stem)\n";
            continue;
        }
        out << word.typed << ": " << word.typed_articles << " article"
            << (word.typed_articles == 1 ? "" : "s") << " as typed";
        if (word.searched.empty()) {
            out << "; no other spelling\n";
        } else {
            out << "; also searched:\n";
        }
        for (const NameSpellingInfo& spelling : word.searched) {
            out << "  " << spelling.spelling << "  " << spelling.articles << " article"
                << (spelling.articles == 1 ? "" : "s") << "  (" << spelling.source << ": "
                << spelling.reason << ")\n";
        }
        if (!all) continue;
        for (const NameSpellingInfo& spelling : word.rejected) {
            out << "  not " << spelling.spelling << "  " << spelling.articles << " article"
                << (spelling.articles == 1 ? "" : "s") << "  (" << spelling.reason << ")\n";
        }
    }
}

}  // namespace depeche::views
