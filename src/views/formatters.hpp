#pragma once
// Output of every command, as text for people or JSON for programs, written to any ostream so
// tests can compare it in memory. Highlights are ANSI colour on a terminal, **markers** else.
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "depeche/article_diff.hpp"
#include "depeche/index.hpp"
#include "depeche/index_check.hpp"
#include "depeche/indexer.hpp"

namespace depeche::views {

struct TextStyle {
    bool colour = false;  // ANSI escapes (a terminal); plain **markers** otherwise
    std::size_t width = 80;  // columns charts fit in (the terminal's, when it is one)
};

// One bar of a chart: a label ("2020-02"), the value the bar shows, and a note after it.
struct ChartRow {
    std::string label;
    std::size_t value = 0;
    std::string note;
};
// Horizontal bars scaled to the largest value and fitted to `style.width` (eighth blocks, so
// that any value above zero shows), the largest marked "◀ peak".
void write_bar_chart(std::ostream& out, const std::vector<ChartRow>& rows, const TextStyle& style);

// `text` with each of `ranges` (sorted, not overlapping) wrapped in `open` ... `close`. When
// the markers hold `*` (the ** of plain text and JSON), a literal `*` or `\` of the text is
// escaped with a backslash, so that it cannot be mistaken for a marker.
std::string mark_ranges(std::string_view text, const std::vector<TextRange>& ranges,
                        std::string_view open, std::string_view close);
// The snippet's text marked the same way, with "…" where the passage was cut.
std::string mark_highlights(const Snippet& snippet, std::string_view open,
                            std::string_view close);

// The share of a result's score that a part of its explanation gives: its weight over the sum
// of them all (0 when nothing weighs).
double share_of(const SearchHit& hit, const ScoredPart& part);
// A term of an explanation as a reader knows it: without the index's prefix ("Nidleb" ->
// "idleb", "Ssant" -> "sant").
std::string_view term_as_word(std::string_view term);

// 1234567 -> "1,234,567".
std::string with_thousands(std::uintmax_t number);
// What the text view says of a search cut by its time limit (SearchResults::timed_out), on a
// line of its own before the count: "The search ran past its time limit (2,000 ms): ...".
std::string time_limit_notice(const SearchResults& results);
void write_search_text(std::ostream& out, const SearchResults& results, const TextStyle& style);
// One result in the text view (what write_search_text prints for it).
void write_hit_text(std::ostream& out, const SearchHit& hit, const TextStyle& style);

// The fields an export may pick (--fields), in their default order; `text` (the article's
// whole text) only when asked for.
const std::vector<std::string>& export_fields();
const std::vector<std::string>& default_export_fields();
// One result as one line of JSON Lines with `fields` (names of export_fields()).
void write_hit_jsonl(std::ostream& out, const SearchHit& hit, const std::vector<std::string>& fields);
// RFC 4180 CSV: a header row of `fields`, then one row a result; CRLF line ends, fields
// holding a comma, quote or line break quoted, quotes doubled. The header starts with a UTF-8
// byte order mark, so that spreadsheets read the accents right.
void write_csv_header(std::ostream& out, const std::vector<std::string>& fields);
void write_hit_csv(std::ostream& out, const SearchHit& hit, const std::vector<std::string>& fields);
void write_search_json(std::ostream& out, const SearchResults& results);
// One result as the JSON object of `results` (also one line of JSON Lines).
nlohmann::ordered_json hit_json(const SearchHit& hit);
// `versions`: the other versions of the article's story (Index::versions), listed after it.
void write_article_text(std::ostream& out, const Article& article,
                        const std::vector<StoryGroup::Version>& versions = {});
void write_article_json(std::ostream& out, const Article& article,
                        const std::vector<StoryGroup::Version>& versions = {});
// `depeche diff`: the words removed [-like this-] and added {+like this+}, or in red and
// green on a terminal, after a line counting them.
void write_diff_text(std::ostream& out, const ArticleDiff& diff, const TextStyle& style);
void write_diff_json(std::ostream& out, const ArticleDiff& diff);
// One line of `depeche batch`: the query of input line `line`, and its results (searched with
// a timeline) or the error that stopped it.
struct BatchAnswer {
    std::size_t line = 0;
    std::string query;
    const SearchResults* results = nullptr;  // null when `error` is set
    std::string error;
};
// {line, query, total, first, last, months: {"YYYY-MM": n...}, results: [{id, date, title,
// score}], error}: `total` exact (every matching article, versions included).
void write_batch_jsonl(std::ostream& out, const BatchAnswer& answer);
// The same columns but months; results as their ids joined by spaces. After the header.
void write_batch_csv_header(std::ostream& out);
void write_batch_csv(std::ostream& out, const BatchAnswer& answer);

// `depeche duplicates`: the stories with several versions, largest first.
void write_duplicates_text(std::ostream& out, const std::vector<StoryGroup>& groups);
void write_duplicates_json(std::ostream& out, const std::vector<StoryGroup>& groups);
// `depeche variants`: every word of the name, its spellings searched and (all) turned down.
void write_variants_text(std::ostream& out, const NameVariants& variants, bool all);
void write_variants_json(std::ostream& out, const NameVariants& variants, bool all);
void write_stats_text(std::ostream& out, const IndexStats& stats, const TextStyle& style = {});
void write_check_text(std::ostream& out, const IndexCheck& report);
void write_check_json(std::ostream& out, const IndexCheck& report);
void write_stats_json(std::ostream& out, const IndexStats& stats);
void write_index_summary_text(std::ostream& out, const IndexSummary& summary);
// The progress line of `index` on a terminal: starts with \r and ends by clearing the rest of
// the line, so each call overwrites the last.
void write_progress_text(std::ostream& out, const IndexProgress& progress);
// One line for --verbose: what happened to a source file.
void write_file_outcome_text(std::ostream& out, const FileOutcome& outcome);

}  // namespace depeche::views
