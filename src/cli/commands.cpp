#include "cli/commands.hpp"

#include "base/text.hpp"

#include <algorithm>

#include <charconv>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <optional>
#include <thread>

#include "depeche/aliases.hpp"
#include "depeche/index_check.hpp"
#include "depeche/indexer.hpp"
#include "server/server.hpp"

namespace depeche::cli {
namespace {

// The aliases of `file` (none when it is empty); each bad line is a warning on `err`.
Result<std::optional<Aliases>> read_aliases(const std::filesystem::path& file, std::ostream& err) {
    if (file.empty()) return std::optional<Aliases>();
    auto loaded = load_aliases(file, [&err](const Diagnostic& problem) {
        err << "warning: " << problem.to_string() << "\n";
    });
    if (!loaded.is_ok()) return loaded.status();
    return std::optional<Aliases>(std::move(loaded.value()));
}

int fail(std::ostream& err, const Status& status) {
    err << "depeche: " << status.message() << "\n";
    return exit_error;
}

}  // namespace

std::filesystem::path default_index_dir() {
    if (const char* from_environment = std::getenv("DEPECHE_INDEX");
        from_environment != nullptr && *from_environment != '\0') {
        return from_environment;
    }
    return "depeche-index";
}

std::filesystem::path default_aliases_file() {
    if (const char* from_environment = std::getenv("DEPECHE_ALIASES");
        from_environment != nullptr && *from_environment != '\0') {
        return from_environment;
    }
    return {};
}


int run_index(const IndexCommand& command, std::ostream& out, std::ostream& err) {
    IndexOptions options;
    options.index_dir = command.index_dir;
    options.jobs = command.jobs;
    options.commit_every = command.commit_every;
    options.rebuild = command.rebuild;
    options.stop_requested = command.stop_requested;
    bool progress_shown = false;
    auto clear_progress = [&] {
        if (progress_shown) err << "\r\x1b[K" << std::flush;
        progress_shown = false;
    };
    if (command.show_progress) {
        options.on_progress = [&](const IndexProgress& progress) {
            write_progress_text(err, progress);
            progress_shown = true;
        };
    }
    if (command.verbose) {
        options.on_file = [&](const FileOutcome& outcome) {
            clear_progress();
            write_file_outcome_text(out, outcome);
        };
    }
    const auto summary = index_paths(options, command.paths, [&](const Diagnostic& diagnostic) {
        clear_progress();
        err << diagnostic.to_string() << "\n";
    });
    clear_progress();
    if (!summary.is_ok()) return fail(err, summary.status());
    write_index_summary_text(out, summary.value());
    if (summary->interrupted) return exit_interrupted;
    const bool skipped_something = summary->sources.errors > 0 || summary->skipped() > 0 ||
                                   summary->sources.files_skipped > 0;
    return skipped_something ? exit_nothing_found : exit_found;
}

namespace {

// --since and --until into `since` and `until`; invalid_argument naming the option otherwise.
Status parse_date_bounds(const std::string& since_text, const std::string& until_text,
                         std::optional<Date>& since, std::optional<Date>& until) {
    for (const auto& [text, bound, name] : {std::tuple{&since_text, &since, "--since"},
                                            std::tuple{&until_text, &until, "--until"}}) {
        if (text->empty()) continue;
        *bound = Date::parse_bound(*text);
        if (!*bound) {
            return Status::invalid_argument(std::string(name) + " expects YYYY, YYYY-MM or "
                                            "YYYY-MM-DD, not '" + *text + "'");
        }
    }
    return Status::ok();
}

}  // namespace

Result<std::optional<std::chrono::milliseconds>> parse_time_limit(const std::string& text) {
    constexpr std::uint64_t most = 86'400'000;  // a day
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (!text.empty() && (error != std::errc() || end != text.data() + text.size() || value > most)) {
        return Status::invalid_argument("--time-limit expects a whole number of milliseconds "
                                        "from 0 (none) to 86400000, not '" + text + "'");
    }
    if (value == 0) return std::optional<std::chrono::milliseconds>();
    return std::optional<std::chrono::milliseconds>(
        std::chrono::milliseconds(static_cast<std::int64_t>(value)));
}

int run_search(const SearchCommand& command, std::ostream& out, std::ostream& err) {
    SearchRequest request;
    for (const std::string& word : command.query_words) {
        if (!request.query.empty()) request.query += ' ';
        request.query += word;
    }
    if (Status status = parse_date_bounds(command.since, command.until, request.since,
                                          request.until);
        !status.is_ok()) {
        return fail(err, status);
    }
    if (command.sort == "newest") {
        request.sort = SortOrder::newest;
    } else if (command.sort == "oldest") {
        request.sort = SortOrder::oldest;
    }
    request.limit = command.limit;
    request.offset = command.offset;
    request.exact = command.exact;
    request.explain = command.explain;
    request.all_versions = command.all_versions;
    request.timeline = command.timeline;
    request.facet_names = command.facets ? command.facet_names : 0;
    const auto time_limit = parse_time_limit(command.time_limit);
    if (!time_limit.is_ok()) return fail(err, time_limit.status());
    request.time_limit = time_limit.value();
    if (request.time_limit && command.all) {
        return fail(err, Status::invalid_argument(
                             "--time-limit does not apply to --all: an export gives every "
                             "result, and is never cut"));
    }

    auto aliases = read_aliases(command.aliases_file, err);
    if (!aliases.is_ok()) return fail(err, aliases.status());
    if (aliases.value()) request.aliases = &*aliases.value();

    auto index = Index::open(command.index_dir);
    if (!index.is_ok()) return fail(err, index.status());
    std::vector<std::string> fields;
    for (std::size_t begin = 0; begin < command.fields_list.size();) {
        std::size_t end = command.fields_list.find(',', begin);
        if (end == std::string::npos) end = command.fields_list.size();
        const std::string field(text::trim(std::string_view(command.fields_list).substr(begin, end - begin)));
        if (std::find(export_fields().begin(), export_fields().end(), field) == export_fields().end()) {
            std::string known;
            for (const std::string& name : export_fields()) known += (known.empty() ? "" : ", ") + name;
            return fail(err, Status::invalid_argument("--fields: no field '" + field + "' (fields: " +
                                                      known + ")"));
        }
        fields.push_back(field);
        begin = end + 1;
    }
    if (fields.empty()) fields = default_export_fields();
    const bool tabular = command.format == OutputFormat::jsonl || command.format == OutputFormat::csv;
    if (tabular) {
        request.with_text = std::find(fields.begin(), fields.end(), "text") != fields.end();
        request.no_snippets = std::find(fields.begin(), fields.end(), "snippet") == fields.end() &&
                              std::find(fields.begin(), fields.end(), "snippet_text") == fields.end();
    }
    if (command.format == OutputFormat::csv) write_csv_header(out, fields);
    const auto write_hit = [&](const SearchHit& hit) {
        if (command.format == OutputFormat::csv) {
            write_hit_csv(out, hit, fields);
        } else if (command.format == OutputFormat::jsonl) {
            write_hit_jsonl(out, hit, fields);
        }
        return static_cast<bool>(out);
    };
    if (command.all && command.format != OutputFormat::json) {
        // Streamed: each result is written as soon as it is read.
        SearchResults head;
        bool headed = false;
        bool announced_partial = false;
        const auto results = index->search_all(request, [&](const SearchHit& hit) {
            if (tabular) return write_hit(hit);
            if (!headed) {
                out << "Every result for: " << request.query << "\n";
                headed = true;
            }
            if (!hit.has_all_words && !announced_partial) {
                out << "\n-- articles with only some of the words --\n";
                announced_partial = true;
            }
            write_hit_text(out, hit, command.style);
            return static_cast<bool>(out);
        }, &head);
        if (!results.is_ok()) return fail(err, results.status());
        if (!tabular && results.value() == 0) out << "No results for: " << request.query << "\n";
        return results.value() == 0 ? exit_nothing_found : exit_found;
    }
    if (command.all) request.limit = std::size_t{1} << 31;  // every result (Xapian counts in 32 bits)
    const auto results = index->search(request);
    if (!results.is_ok()) return fail(err, results.status());
    if (command.format == OutputFormat::json) {
        write_search_json(out, results.value());
    } else if (tabular) {
        for (const SearchHit& hit : results->hits) write_hit(hit);
    } else {
        write_search_text(out, results.value(), command.style);
    }
    return results->hits.empty() && results->total_estimate == 0 ? exit_nothing_found
                                                                  : exit_found;
}

int run_show(const ShowCommand& command, std::ostream& out, std::ostream& err) {
    auto index = Index::open(command.index_dir);
    if (!index.is_ok()) return fail(err, index.status());
    const auto article = index->article(command.id);
    if (!article.is_ok()) {
        if (article.status().code() == Status::Code::not_found) {
            err << "depeche: " << article.status().message() << "\n";
            return exit_nothing_found;
        }
        return fail(err, article.status());
    }
    const auto versions = index->versions(command.id);
    if (!versions.is_ok()) return fail(err, versions.status());
    if (command.format == OutputFormat::json) {
        write_article_json(out, article.value(), versions.value());
    } else {
        write_article_text(out, article.value(), versions.value());
    }
    return exit_found;
}

int run_similar(const SimilarCommand& command, std::ostream& out, std::ostream& err) {
    SimilarRequest request;
    request.id = command.id;
    request.limit = command.limit;
    request.offset = command.offset;
    if (Status status = parse_date_bounds(command.since, command.until, request.since,
                                          request.until);
        !status.is_ok()) {
        return fail(err, status);
    }
    auto index = Index::open(command.index_dir);
    if (!index.is_ok()) return fail(err, index.status());
    const auto results = index->similar(request);
    if (!results.is_ok()) {
        if (results.status().code() == Status::Code::not_found) {
            err << "depeche: " << results.status().message() << "\n";
            return exit_nothing_found;
        }
        return fail(err, results.status());
    }
    if (command.format == OutputFormat::json) {
        write_search_json(out, results.value());
    } else {
        write_search_text(out, results.value(), command.style);
    }
    return results->hits.empty() ? exit_nothing_found : exit_found;
}

int run_batch(const BatchCommand& command, std::istream& standard_input, std::ostream& out,
              std::ostream& err) {
    SearchRequest request;
    if (Status status = parse_date_bounds(command.since, command.until, request.since,
                                          request.until);
        !status.is_ok()) {
        return fail(err, status);
    }
    request.limit = command.limit;
    request.timeline = true;
    request.no_snippets = true;
    std::ifstream file;
    std::istream* input = &standard_input;
    if (command.input != "-") {
        file.open(command.input, std::ios::binary);
        if (!file) {
            return fail(err, Status::not_found("cannot read queries from " + command.input));
        }
        input = &file;
    }
    auto index = Index::open(command.index_dir);
    if (!index.is_ok()) return fail(err, index.status());
    if (command.format == OutputFormat::csv) write_batch_csv_header(out);
    std::size_t line_number = 0;
    std::size_t queries = 0;
    std::size_t failed = 0;
    const auto started = std::chrono::steady_clock::now();
    for (std::string line; std::getline(*input, line);) {
        ++line_number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const std::string query(text::trim(line));
        if (query.empty() || query.front() == '#') continue;
        ++queries;
        request.query = query;
        const auto results = index->search(request);
        BatchAnswer answer{line_number, query, results.is_ok() ? &results.value() : nullptr,
                           results.is_ok() ? std::string() : results.status().message()};
        if (!results.is_ok()) ++failed;
        if (command.format == OutputFormat::csv) {
            write_batch_csv(out, answer);
        } else {
            write_batch_jsonl(out, answer);
        }
        if (command.show_progress && queries % 100 == 0) {
            const double seconds =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            err << "\r" << queries << " queries, " << failed << " failed, "
                << static_cast<long>(seconds > 0 ? static_cast<double>(queries) / seconds : 0.0)
                << " a second" << std::flush;
        }
    }
    if (command.show_progress) err << "\r\x1b[K";
    if (input->bad()) {
        return fail(err, Status::io_error("reading " + command.input + " failed at line " +
                                          std::to_string(line_number + 1)));
    }
    if (failed > 0) {
        err << "depeche: " << failed << " of " << queries << " queries failed (see their error)\n";
        return exit_nothing_found;
    }
    return exit_found;
}

int run_diff(const DiffCommand& command, std::ostream& out, std::ostream& err) {
    auto index = Index::open(command.index_dir);
    if (!index.is_ok()) return fail(err, index.status());
    const auto from = index->article(command.from_id);
    if (!from.is_ok()) return fail(err, from.status());
    const auto to = index->article(command.to_id);
    if (!to.is_ok()) return fail(err, to.status());
    const ArticleDiff diff = diff_articles(from.value(), to.value());
    if (command.format == OutputFormat::json) {
        write_diff_json(out, diff);
    } else {
        write_diff_text(out, diff, command.style);
    }
    return diff.words_added + diff.words_removed == 0 ? exit_nothing_found : exit_found;
}

int run_duplicates(const DuplicatesCommand& command, std::ostream& out, std::ostream& err) {
    auto index = Index::open(command.index_dir);
    if (!index.is_ok()) return fail(err, index.status());
    const auto groups = index->story_groups(command.min_size);
    if (!groups.is_ok()) return fail(err, groups.status());
    if (command.format == OutputFormat::json) {
        write_duplicates_json(out, groups.value());
    } else {
        write_duplicates_text(out, groups.value());
    }
    return groups->empty() ? exit_nothing_found : exit_found;
}

int run_variants(const VariantsCommand& command, std::ostream& out, std::ostream& err) {
    std::string name;
    for (const std::string& word : command.name_words) {
        if (!name.empty()) name += ' ';
        name += word;
    }
    auto aliases = read_aliases(command.aliases_file, err);
    if (!aliases.is_ok()) return fail(err, aliases.status());
    auto index = Index::open(command.index_dir);
    if (!index.is_ok()) return fail(err, index.status());
    const auto variants =
        index->variants(name, aliases.value() ? &*aliases.value() : nullptr);
    if (!variants.is_ok()) return fail(err, variants.status());
    if (command.format == OutputFormat::json) {
        write_variants_json(out, variants.value(), command.all);
    } else {
        write_variants_text(out, variants.value(), command.all);
    }
    const bool some_name = std::any_of(variants->words.begin(), variants->words.end(),
                                       [](const NameWordVariants& word) { return word.is_name; });
    return some_name || !variants->aliases.empty() ? exit_found : exit_nothing_found;
}

int run_check(const CheckCommand& command, std::ostream& out, std::ostream& err) {
    const auto report = check_index(command.index_dir);
    if (!report.is_ok()) return fail(err, report.status());
    if (command.format == OutputFormat::json) {
        write_check_json(out, report.value());
    } else {
        write_check_text(out, report.value());
    }
    return report->healthy() ? exit_found : exit_nothing_found;
}

int run_stats(const StatsCommand& command, std::ostream& out, std::ostream& err) {
    auto index = Index::open(command.index_dir);
    if (!index.is_ok()) return fail(err, index.status());
    const auto stats = index->stats();
    if (!stats.is_ok()) return fail(err, stats.status());
    if (command.format == OutputFormat::json) {
        write_stats_json(out, stats.value());
    } else {
        write_stats_text(out, stats.value(), command.style);
    }
    return exit_found;
}

int run_serve(const ServeCommand& command, std::ostream& out, std::ostream& err) {
    server::ServerOptions options;
    options.index_dir = command.index_dir;
    options.host = command.host;
    options.port = command.port;
    const auto time_limit = parse_time_limit(command.time_limit);
    if (!time_limit.is_ok()) return fail(err, time_limit.status());
    options.limits.search_time_limit = time_limit.value();
    if (!server::is_loopback(command.host)) {
        err << "warning: listening on " << command.host << ", not on loopback: anyone who can "
            << "reach port " << command.port << " of this machine can read the whole corpus\n";
    }
    server::Server server(options);
    if (Status status = server.start(); !status.is_ok()) return fail(err, status);
    const std::string shown_host =
        command.host.find(':') != std::string::npos ? "[" + command.host + "]" : command.host;
    out << "depeche serves " << command.index_dir.string() << " at http://" << shown_host << ":"
        << server.port() << "/ (Ctrl-C stops)" << std::endl;
    while (command.stop_requested == nullptr || !command.stop_requested->load()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    server.stop();
    out << "stopped" << std::endl;
    return exit_found;
}

}  // namespace depeche::cli
