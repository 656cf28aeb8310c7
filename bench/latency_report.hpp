// latency_report.hpp: what the two in-process search benchmarks share, so that their figures
// are measured and reported the same way: bench/search_latency.cpp (depeche's Index::search)
// and bench/bare_search.cpp (plain Xapian QueryParser + Enquire on a floor_indexer database).
//
// - Options: --queries FILE, --repeat R (default 5, >= 1), --warmup W (default 1), --limit N
//   (default 10, >= 1), --json, the tool's database option (--index DIR, --db DIR) and the
//   tool's own valued options; `--name=value` or `--name value`.
// - The query list, in the format of bench/queries.tsv (5 tab-separated columns: kind, query,
//   since, until, peer), read with the same checks by both tools, so that both time the same
//   lines: a malformed line is reported on stderr as `FILE:LINE: reason, line skipped`.
// - The protocol: W untimed warm-up passes over every query, then R timed passes in file order;
//   each search is timed alone by the tool (std::chrono::steady_clock), which returns its time.
// - The report: overall and per kind (order of first appearance), queries, timed searches and
//   p50/p95/p99/max/mean in ms, nearest-rank percentiles (the p-th percentile of n sorted
//   samples is the ceil(p/100 * n)-th smallest); the queries whose first timed search found
//   nothing; the 10 slowest queries by their median. Text tables on stdout, or with --json one
//   object {"queries","runs","warmup","limit",<tool's extra keys>,"searches","errors","p50_ms",
//   "p95_ms","p99_ms","max_ms","mean_ms","zero_results","failed","slowest","by_kind"}; with
//   --samples too, the object ends with "samples":[{"line","kind","query","found_nothing",
//   "times_ms":[...]}], every timed search of every query (bench/run.py pools the passes it runs
//   in separate processes with them).
// - A failed search is reported on stderr once per query, counted and left out of the timings.
#pragma once

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "depeche/date.hpp"

namespace latency {

inline constexpr int exit_ok = 0;
inline constexpr int exit_failed = 1;
inline constexpr int exit_usage = 2;
inline constexpr std::size_t slowest_shown = 10;

struct Options {
    std::string database;  // the value of the tool's database option (--index, --db)
    std::string queries_file;
    std::size_t repeat = 5;
    std::size_t warmup = 1;
    std::size_t limit = 10;
    bool json = false;
    bool samples = false;                      // --samples: every timed search in the JSON
    std::map<std::string, std::string> extra;  // the tool's own valued options, by name
};

// What a tool's command line looks like.
struct Command {
    std::string tool;                        // "search_latency": prefix of the messages
    std::string database_option;             // "--index"
    std::vector<std::string> extra_options;  // valued options the tool interprets itself
    const char* usage = "";
};

struct BenchQuery {
    std::size_t line = 0;
    std::string kind;
    std::string query;  // what the tool searches and what the report shows
    std::optional<depeche::Date> since;
    std::optional<depeche::Date> until;
    std::string peer;                   // the peer column (QueryParser syntax), maybe empty
    std::vector<double> times_ms;       // one per successful timed search
    std::optional<bool> found_nothing;  // from the first successful timed search
    std::size_t failures = 0;           // failed timed searches
    std::string error;                  // first failure message, from any pass
};

// What one search did, as the tool measured it.
struct Outcome {
    bool ok = false;
    double ms = 0;  // the search alone
    bool found_nothing = false;
    std::string error;  // when !ok
};

struct Summary {
    std::size_t queries = 0;
    std::size_t searches = 0;
    double p50 = 0, p95 = 0, p99 = 0, max = 0, mean = 0;
};

inline int usage_error(const Command& command, const std::string& message) {
    std::cerr << command.tool << ": " << message << "\n" << command.usage;
    return exit_usage;
}

inline std::optional<std::size_t> parse_count(std::string_view text) {
    std::size_t value = 0;
    const auto* end = text.data() + text.size();
    const auto [rest, error] = std::from_chars(text.data(), end, value);
    if (text.empty() || error != std::errc() || rest != end)
        return std::nullopt;
    return value;
}

// Returns the exit status to stop with, or nullopt to go on.
inline std::optional<int> parse_options(int argc, char** argv, const Command& command,
                                        Options& options) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    const auto is_extra = [&](const std::string& name) {
        return std::find(command.extra_options.begin(), command.extra_options.end(), name) !=
               command.extra_options.end();
    };
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string name = args[i];
        std::optional<std::string> value;
        if (const auto equals = name.find('='); name.rfind("--", 0) == 0 && equals != name.npos) {
            value = name.substr(equals + 1);
            name.resize(equals);
        }
        if (name == "--help" || name == "-h") {
            std::cout << command.usage;
            return exit_ok;
        }
        if (name == "--json" || name == "--samples") {
            if (value)
                return usage_error(command, name + " takes no value");
            (name == "--json" ? options.json : options.samples) = true;
            continue;
        }
        if (name != command.database_option && name != "--queries" && name != "--repeat" &&
            name != "--warmup" && name != "--limit" && !is_extra(name)) {
            return usage_error(command, "unknown argument: " + args[i]);
        }
        if (!value) {
            if (i + 1 >= args.size())
                return usage_error(command, name + " needs a value");
            value = args[++i];
        }
        if (name == command.database_option) {
            options.database = *value;
        } else if (name == "--queries") {
            options.queries_file = *value;
        } else if (is_extra(name)) {
            options.extra[name] = *value;
        } else {
            const auto count = parse_count(*value);
            if (!count)
                return usage_error(command, name + " wants a whole number, not '" + *value + "'");
            if ((name == "--repeat" || name == "--limit") && *count == 0) {
                return usage_error(command, name + " must be at least 1");
            }
            if (name == "--repeat") {
                options.repeat = *count;
            } else if (name == "--warmup") {
                options.warmup = *count;
            } else {
                options.limit = *count;
            }
        }
    }
    if (options.database.empty())
        return usage_error(command, command.database_option + " is required");
    if (options.queries_file.empty())
        return usage_error(command, "--queries is required");
    return std::nullopt;
}

inline std::vector<std::string> split_tabs(const std::string& line) {
    std::vector<std::string> fields;
    std::size_t start = 0;
    for (;;) {
        const auto tab = line.find('\t', start);
        fields.push_back(line.substr(start, tab == line.npos ? line.npos : tab - start));
        if (tab == line.npos)
            return fields;
        start = tab + 1;
    }
}

// Reads the query list; reports and skips malformed lines. nullopt when the file is unreadable.
inline std::optional<std::vector<BenchQuery>> read_queries(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return std::nullopt;
    std::vector<BenchQuery> queries;
    std::string line;
    std::size_t number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (line.empty() || line.front() == '#')
            continue;
        const auto bad = [&](const std::string& reason) {
            std::cerr << path << ":" << number << ": " << reason << ", line skipped\n";
        };
        const auto fields = split_tabs(line);
        if (fields.size() != 5) {
            bad("expected 5 tab-separated columns (kind, query, since, until, peer), found " +
                std::to_string(fields.size()));
            continue;
        }
        BenchQuery query;
        query.line = number;
        query.kind = fields[0];
        query.query = fields[1];
        query.peer = fields[4];
        if (query.kind.empty() || query.query.empty()) {
            bad(query.kind.empty() ? "empty kind" : "empty query");
            continue;
        }
        bool dates_ok = true;
        for (const auto& [text, bound, column] : {std::tuple{&fields[2], &query.since, "since"},
                                                  std::tuple{&fields[3], &query.until, "until"}}) {
            if (text->empty())
                continue;
            *bound = depeche::Date::parse_bound(*text);
            if (!*bound) {
                bad(std::string("bad ") + column + " date '" + *text +
                    "' (want YYYY, YYYY-MM or YYYY-MM-DD)");
                dates_ok = false;
                break;
            }
        }
        if (!dates_ok)
            continue;
        if (query.since && query.until &&
            query.since->first_day_key() > query.until->last_day_key()) {
            bad("since is after until");
            continue;
        }
        queries.push_back(std::move(query));
    }
    if (in.bad())
        return std::nullopt;
    return queries;
}

// Nearest-rank percentile of sorted samples: the ceil(p/100 * n)-th smallest (1-based).
inline double percentile(const std::vector<double>& sorted, double p) {
    if (sorted.empty())
        return 0;
    const auto n = static_cast<double>(sorted.size());
    auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * n));
    rank = std::clamp<std::size_t>(rank, 1, sorted.size());
    return sorted[rank - 1];
}

inline Summary summarize(std::size_t query_count, std::vector<double> samples) {
    Summary summary;
    summary.queries = query_count;
    summary.searches = samples.size();
    if (samples.empty())
        return summary;
    std::sort(samples.begin(), samples.end());
    summary.p50 = percentile(samples, 50);
    summary.p95 = percentile(samples, 95);
    summary.p99 = percentile(samples, 99);
    summary.max = samples.back();
    double total = 0;
    for (const double sample : samples) total += sample;
    summary.mean = total / static_cast<double>(samples.size());
    return summary;
}

inline double median(std::vector<double> samples) {
    std::sort(samples.begin(), samples.end());
    return percentile(samples, 50);
}

// Milliseconds rounded to the microsecond, so JSON stays readable.
inline double rounded(double ms) {
    return std::round(ms * 1000.0) / 1000.0;
}

inline nlohmann::ordered_json summary_json(const Summary& summary) {
    return {{"queries", summary.queries},      {"searches", summary.searches},
            {"p50_ms", rounded(summary.p50)},  {"p95_ms", rounded(summary.p95)},
            {"p99_ms", rounded(summary.p99)},  {"max_ms", rounded(summary.max)},
            {"mean_ms", rounded(summary.mean)}};
}

inline std::string one_line(std::string text, std::size_t max_bytes) {
    if (text.size() <= max_bytes)
        return text;
    std::size_t cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    text.resize(cut);
    return text + "…";
}

// One pass over every query: `search(query)` runs and times one search and returns its Outcome.
template <class Search>
void run_pass(const std::string& tool, std::vector<BenchQuery>& queries, bool timed,
              Search&& search) {
    for (auto& query : queries) {
        Outcome outcome = search(query);
        if (!outcome.ok) {
            if (query.error.empty()) {
                query.error = outcome.error;
                if (query.error.empty())
                    query.error = "search failed";
                std::cerr << tool << ": line " << query.line << ": search failed for ["
                          << query.kind << "] " << query.query << ": " << query.error << "\n";
            }
            if (timed)
                ++query.failures;
            continue;
        }
        if (!timed)
            continue;
        query.times_ms.push_back(outcome.ms);
        if (!query.found_nothing)
            query.found_nothing = outcome.found_nothing;
    }
}

// The warm-up passes, then the timed ones.
template <class Search>
void run_passes(const std::string& tool, const Options& options, std::vector<BenchQuery>& queries,
                Search&& search) {
    for (std::size_t pass = 0; pass < options.warmup; ++pass) {
        run_pass(tool, queries, false, search);
    }
    for (std::size_t pass = 0; pass < options.repeat; ++pass) {
        run_pass(tool, queries, true, search);
    }
}

inline void print_row(std::ostream& out, const std::string& label, const Summary& summary) {
    out << std::left << std::setw(18) << label << std::right << std::setw(8) << summary.queries
        << std::setw(10) << summary.searches << std::fixed << std::setprecision(2);
    for (const double value : {summary.p50, summary.p95, summary.p99, summary.max, summary.mean}) {
        out << std::setw(10) << value;
    }
    out << "\n";
}

// Prints the report on stdout; returns the exit status (exit_failed when some search failed).
// `searched` ends the text header ("index DIR"); `extra_json` is inserted after "limit".
inline int report(const Options& options, const std::vector<BenchQuery>& queries,
                  const std::string& searched,
                  const nlohmann::ordered_json& extra_json = nlohmann::ordered_json::object()) {
    // Overall and per kind, kinds in order of first appearance.
    std::vector<std::string> kinds;
    std::map<std::string, std::pair<std::size_t, std::vector<double>>> by_kind;
    std::vector<double> all_samples;
    std::size_t failures = 0;
    for (const auto& query : queries) {
        auto& [count, samples] = by_kind[query.kind];
        if (count++ == 0)
            kinds.push_back(query.kind);
        samples.insert(samples.end(), query.times_ms.begin(), query.times_ms.end());
        all_samples.insert(all_samples.end(), query.times_ms.begin(), query.times_ms.end());
        failures += query.failures;
    }
    const Summary overall = summarize(queries.size(), all_samples);

    std::vector<const BenchQuery*> zero_results;
    std::vector<const BenchQuery*> failed;
    std::vector<std::pair<double, const BenchQuery*>> by_median;
    for (const auto& query : queries) {
        if (query.found_nothing.value_or(false))
            zero_results.push_back(&query);
        if (!query.error.empty())
            failed.push_back(&query);
        if (!query.times_ms.empty())
            by_median.emplace_back(median(query.times_ms), &query);
    }
    std::stable_sort(by_median.begin(), by_median.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    if (by_median.size() > slowest_shown)
        by_median.resize(slowest_shown);
    const auto max_of = [](const BenchQuery& query) {
        return *std::max_element(query.times_ms.begin(), query.times_ms.end());
    };

    if (options.json) {
        nlohmann::ordered_json report = {{"queries", queries.size()},
                                         {"runs", options.repeat},
                                         {"warmup", options.warmup},
                                         {"limit", options.limit}};
        for (const auto& [key, value] : extra_json.items()) report[key] = value;
        report["searches"] = overall.searches;
        report["errors"] = failures;
        for (const auto& [key, value] :
             {std::pair{"p50_ms", overall.p50}, std::pair{"p95_ms", overall.p95},
              std::pair{"p99_ms", overall.p99}, std::pair{"max_ms", overall.max},
              std::pair{"mean_ms", overall.mean}}) {
            report[key] = rounded(value);
        }
        report["zero_results"] = nlohmann::ordered_json::array();
        for (const auto* query : zero_results) {
            report["zero_results"].push_back(
                {{"line", query->line}, {"kind", query->kind}, {"query", query->query}});
        }
        report["failed"] = nlohmann::ordered_json::array();
        for (const auto* query : failed) {
            report["failed"].push_back({{"line", query->line},
                                        {"kind", query->kind},
                                        {"query", query->query},
                                        {"message", query->error},
                                        {"failures", query->failures}});
        }
        report["slowest"] = nlohmann::ordered_json::array();
        for (const auto& [median_ms, query] : by_median) {
            report["slowest"].push_back({{"line", query->line},
                                         {"kind", query->kind},
                                         {"query", query->query},
                                         {"median_ms", rounded(median_ms)},
                                         {"max_ms", rounded(max_of(*query))}});
        }
        report["by_kind"] = nlohmann::ordered_json::object();
        for (const auto& kind : kinds) {
            const auto& [count, samples] = by_kind[kind];
            report["by_kind"][kind] = summary_json(summarize(count, samples));
        }
        if (options.samples) {
            // Rounded to 0.1 µs: enough for the pooled percentiles, still readable.
            report["samples"] = nlohmann::ordered_json::array();
            for (const auto& query : queries) {
                auto times = nlohmann::ordered_json::array();
                for (const double ms : query.times_ms) times.push_back(std::round(ms * 1e4) / 1e4);
                const auto found_nothing = query.found_nothing
                                               ? nlohmann::ordered_json(*query.found_nothing)
                                               : nlohmann::ordered_json();
                report["samples"].push_back({{"line", query.line},
                                             {"kind", query.kind},
                                             {"query", query.query},
                                             {"found_nothing", found_nothing},
                                             {"times_ms", std::move(times)}});
            }
        }
        std::cout << report.dump(2) << "\n";
    } else {
        auto& out = std::cout;
        out << queries.size() << " queries x " << options.repeat << " timed runs ("
            << options.warmup << " warm-up), limit " << options.limit << ", " << searched
            << "\n\n";
        out << std::left << std::setw(18) << "kind" << std::right << std::setw(8) << "queries"
            << std::setw(10) << "searches" << std::setw(10) << "p50 ms" << std::setw(10) << "p95 ms"
            << std::setw(10) << "p99 ms" << std::setw(10) << "max ms" << std::setw(10) << "mean ms"
            << "\n";
        for (const auto& kind : kinds) {
            const auto& [count, samples] = by_kind[kind];
            print_row(out, kind, summarize(count, samples));
        }
        print_row(out, "all", overall);
        out << "\nslowest queries:\n"
            << std::setw(10) << "median ms" << std::setw(10) << "max ms"
            << "  kind / query\n";
        for (const auto& [median_ms, query] : by_median) {
            out << std::fixed << std::setprecision(2) << std::setw(10) << median_ms << std::setw(10)
                << max_of(*query) << "  " << std::left << std::setw(16) << query->kind << std::right
                << " " << one_line(query->query, 90) << "\n";
        }
        out << "\nqueries with no result: " << zero_results.size() << "\n";
        for (const auto* query : zero_results) {
            out << "  line " << query->line << "  [" << query->kind << "] " << query->query << "\n";
        }
        if (!failed.empty()) {
            out << "\nfailed searches: " << failures << " (in " << failed.size() << " queries)\n";
            for (const auto* query : failed) {
                out << "  line " << query->line << "  [" << query->kind << "] " << query->query
                    << ": " << query->error << "\n";
            }
        }
    }
    return failed.empty() ? exit_ok : exit_failed;
}

}  // namespace latency
