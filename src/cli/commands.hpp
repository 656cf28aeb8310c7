#pragma once
// The depeche subcommands, separate from option parsing so they run in tests with in-memory
// streams. Each returns the process exit code: 0 success (search: something found),
// 1 search found nothing (index: done, but some inputs were skipped), 2 error; index also
// exits 130 when Ctrl-C stopped it (what was read is committed).
#include <atomic>
#include <chrono>
#include <filesystem>
#include <optional>
#include <istream>
#include <ostream>
#include <string>
#include <vector>

#include "depeche/index.hpp"
#include "views/formatters.hpp"

namespace depeche::cli {

// The views (text, JSON, JSON Lines, CSV) live in their own module, shared with the server;
// the commands use them as their own.
using namespace depeche::views;

enum class OutputFormat { text, json, jsonl, csv };  // jsonl and csv: search only

constexpr int exit_found = 0;
constexpr int exit_nothing_found = 1;
constexpr int exit_error = 2;
constexpr int exit_interrupted = 130;  // index stopped by Ctrl-C after committing its work

// --index, else $DEPECHE_INDEX, else ./depeche-index.
std::filesystem::path default_index_dir();
// --aliases, else $DEPECHE_ALIASES, else none (empty).
std::filesystem::path default_aliases_file();

struct IndexCommand {
    std::filesystem::path index_dir;
    std::vector<std::filesystem::path> paths;
    unsigned jobs = 0;
    std::size_t commit_every = 20000;
    bool rebuild = false;        // build anew beside the live index, then swap atomically
    bool verbose = false;        // one line per file on `out`
    bool show_progress = false;  // a progress line on `err` (a terminal, without --quiet)
    const std::atomic<bool>* stop_requested = nullptr;  // set by Ctrl-C
};
int run_index(const IndexCommand& command, std::ostream& out, std::ostream& err);

struct SearchCommand {
    std::filesystem::path index_dir;
    std::vector<std::string> query_words;  // joined with spaces
    OutputFormat format = OutputFormat::text;
    std::size_t limit = 10;
    std::size_t offset = 0;
    std::string since;  // YYYY, YYYY-MM or YYYY-MM-DD; empty for none
    std::string until;
    std::string sort = "relevance";
    bool exact = false;  // no other spellings of names, no respelling
    bool explain = false;  // each result's scored parts (SearchHit::explanation)
    bool all_versions = false;  // every version of a story as its own result
    bool timeline = false;      // also the matching articles per month
    bool facets = false;        // also the names most mentioned by the matches
    std::size_t facet_names = 20;  // how many (--facet-size)
    bool all = false;           // every result, streamed (offset and limit ignored)
    std::string fields_list;  // jsonl/csv columns, comma-separated (export_fields()); "": default
    std::filesystem::path aliases_file;  // empty: none
    // --time-limit: milliseconds the counts, timeline, facets and snippets may take
    // (SearchRequest::time_limit); "" or "0": none. Checked by run_search (exit 2).
    std::string time_limit;
    TextStyle style;
};
int run_search(const SearchCommand& command, std::ostream& out, std::ostream& err);

// --time-limit MS of search and serve: a whole number of milliseconds, at most a day; "" and
// "0" are none. invalid_argument naming the option otherwise.
Result<std::optional<std::chrono::milliseconds>> parse_time_limit(const std::string& text);

struct ShowCommand {
    std::filesystem::path index_dir;
    std::string id;
    OutputFormat format = OutputFormat::text;
};
int run_show(const ShowCommand& command, std::ostream& out, std::ostream& err);

struct SimilarCommand {
    std::filesystem::path index_dir;
    std::string id;
    OutputFormat format = OutputFormat::text;
    std::size_t limit = 10;
    std::size_t offset = 0;
    std::string since;  // as SearchCommand's
    std::string until;
    TextStyle style;
};
// Exits as search does: 0 found, 1 nothing (or no such id), 2 error.
int run_similar(const SimilarCommand& command, std::ostream& out, std::ostream& err);

struct BatchCommand {
    std::filesystem::path index_dir;
    std::string input;  // a file, or "-" for the standard input
    OutputFormat format = OutputFormat::jsonl;  // jsonl or csv
    std::string since;  // as SearchCommand's, for every query
    std::string until;
    std::size_t limit = 10;  // top results given per query
    bool show_progress = false;  // a progress line on stderr (a terminal)
};
// One line of output per query, in input order; a malformed query gives its line with the
// error and the batch goes on. Exit 0, or 1 when some query failed, 2 when the batch cannot
// run (no index, unreadable input).
int run_batch(const BatchCommand& command, std::istream& standard_input, std::ostream& out,
              std::ostream& err);

struct DiffCommand {
    std::filesystem::path index_dir;
    std::string from_id;
    std::string to_id;
    OutputFormat format = OutputFormat::text;
    TextStyle style;
};
// Exit 0 when the articles differ, 1 when their titles and texts are the same word for word.
int run_diff(const DiffCommand& command, std::ostream& out, std::ostream& err);

struct DuplicatesCommand {
    std::filesystem::path index_dir;
    OutputFormat format = OutputFormat::text;
    std::size_t min_size = 2;
};
// Exit 0 when some story has several versions, 1 when none has.
int run_duplicates(const DuplicatesCommand& command, std::ostream& out, std::ostream& err);

struct VariantsCommand {
    std::filesystem::path index_dir;
    std::vector<std::string> name_words;  // joined with spaces
    OutputFormat format = OutputFormat::text;
    bool all = false;  // also the look-alikes turned down
    std::filesystem::path aliases_file;  // empty: none
};
// Exit 0 when the index reads some word of the name as a name, 1 otherwise.
int run_variants(const VariantsCommand& command, std::ostream& out, std::ostream& err);

struct CheckCommand {
    std::filesystem::path index_dir;
    OutputFormat format = OutputFormat::text;
};
// Exit 0 when the index is healthy, 1 when problems were found (each printed with its repair),
// 2 when there is no index to check.
int run_check(const CheckCommand& command, std::ostream& out, std::ostream& err);

struct StatsCommand {
    std::filesystem::path index_dir;
    OutputFormat format = OutputFormat::text;
    TextStyle style;
};
int run_stats(const StatsCommand& command, std::ostream& out, std::ostream& err);

struct ServeCommand {
    std::filesystem::path index_dir;
    std::string host = "127.0.0.1";
    int port = 8080;
    // --time-limit: of each search the API runs (ApiLimits::search_time_limit), as
    // parse_time_limit reads it; "0": none.
    std::string time_limit = "5000";
    const std::atomic<bool>* stop_requested = nullptr;  // set by Ctrl-C: the server stops
};
// Serves the web page and the JSON API until *stop_requested. Says where to open it on `out`;
// warns on `err` when the host is not loopback. Exit 0 after a clean stop, 2 when it cannot
// start (no index, port in use).
int run_serve(const ServeCommand& command, std::ostream& out, std::ostream& err);

}  // namespace depeche::cli
