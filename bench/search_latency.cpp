// search_latency: in-process search latency of depeche over a list of benchmark queries.
//
//   search_latency --index DIR --queries FILE [--repeat R] [--warmup W] [--limit N] [--json]
//
// Contract:
// - FILE is a query list in the format of bench/queries.tsv: one query a line, 5 tab-separated
//   columns `kind  query  since  until  peer` (since/until: YYYY, YYYY-MM, YYYY-MM-DD or empty;
//   peer, the request for other engines, is read but not used). Lines starting with '#' and
//   blank lines are ignored. A malformed line is reported on stderr as `FILE:LINE: reason` and
//   skipped; the run goes on with the others.
// - The index is opened once. W warm-up passes (default 1) run every query untimed, then R timed
//   passes (default 5) run every query again in file order. Each Index::search call is timed
//   alone with std::chrono::steady_clock: a SearchRequest with the query, since/until, limit N
//   (default 10), relevance order and the default snippets, as `depeche search` would make it.
// - Reported overall and per kind (in order of first appearance in the file): queries, timed
//   searches, p50/p95/p99/max/mean in milliseconds. Percentiles use the nearest-rank method:
//   the p-th percentile of n sorted samples is the ceil(p/100 * n)-th smallest (1-based).
//   Also reported: the queries whose first timed search found no result (a benchmark query that
//   finds nothing in the real corpus is probably a bad query) and the 10 slowest queries by the
//   median (nearest-rank p50) of their timed searches.
// - A search that fails is reported on stderr once per query with its message, counted, and left
//   out of the timings; the run goes on.
// - Output: an aligned text table on stdout, or with --json one JSON object:
//   {"queries","runs","warmup","limit","searches","errors","p50_ms","p95_ms","p99_ms","max_ms",
//    "mean_ms","zero_results":[{"line","kind","query"}],"failed":[{"line","kind","query",
//    "message","failures"}],"slowest":[{"line","kind","query","median_ms","max_ms"}],
//    "by_kind":{KIND:{"queries","searches","p50_ms",...,"mean_ms"}}}.
// - Exit status: 0 every search succeeded; 1 the index or query file could not be read, the file
//   holds no valid query, or some searches failed (after the full report); 2 usage error.
#include <algorithm>
#include <charconv>
#include <chrono>
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
#include <vector>

#include "depeche/date.hpp"
#include "depeche/index.hpp"

namespace {

constexpr int exit_ok = 0;
constexpr int exit_failed = 1;
constexpr int exit_usage = 2;
constexpr std::size_t slowest_shown = 10;

constexpr const char* usage_text =
    "usage: search_latency --index DIR --queries FILE [--repeat R] [--warmup W] [--limit N] "
    "[--json]\n"
    "  --index DIR     depeche index to search (opened once)\n"
    "  --queries FILE  query list, as bench/queries.tsv (kind, query, since, until, peer)\n"
    "  --repeat R      timed passes over all queries (default 5, at least 1)\n"
    "  --warmup W      untimed passes before them (default 1)\n"
    "  --limit N       results asked per search (default 10, at least 1)\n"
    "  --json          print one JSON object instead of tables\n";

struct Options {
    std::string index_dir;
    std::string queries_file;
    std::size_t repeat = 5;
    std::size_t warmup = 1;
    std::size_t limit = 10;
    bool json = false;
};

struct BenchQuery {
    std::size_t line = 0;
    std::string kind;
    std::string query;
    std::optional<depeche::Date> since;
    std::optional<depeche::Date> until;
    std::vector<double> times_ms;       // one per successful timed search
    std::optional<bool> found_nothing;  // from the first successful timed search
    std::size_t failures = 0;           // failed timed searches
    std::string error;                  // first failure message, from any pass
};

struct Summary {
    std::size_t queries = 0;
    std::size_t searches = 0;
    double p50 = 0, p95 = 0, p99 = 0, max = 0, mean = 0;
};

int usage_error(const std::string& message) {
    std::cerr << "search_latency: " << message << "\n" << usage_text;
    return exit_usage;
}

std::optional<std::size_t> parse_count(std::string_view text) {
    std::size_t value = 0;
    const auto* end = text.data() + text.size();
    const auto [rest, error] = std::from_chars(text.data(), end, value);
    if (text.empty() || error != std::errc() || rest != end)
        return std::nullopt;
    return value;
}

// Returns the exit status to stop with, or nullopt to go on.
std::optional<int> parse_options(int argc, char** argv, Options& options) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string name = args[i];
        std::optional<std::string> value;
        if (const auto equals = name.find('='); name.rfind("--", 0) == 0 && equals != name.npos) {
            value = name.substr(equals + 1);
            name.resize(equals);
        }
        if (name == "--help" || name == "-h") {
            std::cout << usage_text;
            return exit_ok;
        }
        if (name == "--json") {
            if (value)
                return usage_error("--json takes no value");
            options.json = true;
            continue;
        }
        if (name != "--index" && name != "--queries" && name != "--repeat" && name != "--warmup" &&
            name != "--limit") {
            return usage_error("unknown argument: " + args[i]);
        }
        if (!value) {
            if (i + 1 >= args.size())
                return usage_error(name + " needs a value");
            value = args[++i];
        }
        if (name == "--index") {
            options.index_dir = *value;
        } else if (name == "--queries") {
            options.queries_file = *value;
        } else {
            const auto count = parse_count(*value);
            if (!count)
                return usage_error(name + " wants a whole number, not '" + *value + "'");
            if ((name == "--repeat" || name == "--limit") && *count == 0) {
                return usage_error(name + " must be at least 1");
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
    if (options.index_dir.empty())
        return usage_error("--index is required");
    if (options.queries_file.empty())
        return usage_error("--queries is required");
    return std::nullopt;
}

std::vector<std::string> split_tabs(const std::string& line) {
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
std::optional<std::vector<BenchQuery>> read_queries(const std::string& path) {
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
double percentile(const std::vector<double>& sorted, double p) {
    if (sorted.empty())
        return 0;
    const auto n = static_cast<double>(sorted.size());
    auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * n));
    rank = std::clamp<std::size_t>(rank, 1, sorted.size());
    return sorted[rank - 1];
}

Summary summarize(std::size_t query_count, std::vector<double> samples) {
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

double median(std::vector<double> samples) {
    std::sort(samples.begin(), samples.end());
    return percentile(samples, 50);
}

// Milliseconds rounded to the microsecond, so JSON stays readable.
double rounded(double ms) {
    return std::round(ms * 1000.0) / 1000.0;
}

nlohmann::ordered_json summary_json(const Summary& summary) {
    return {{"queries", summary.queries},      {"searches", summary.searches},
            {"p50_ms", rounded(summary.p50)},  {"p95_ms", rounded(summary.p95)},
            {"p99_ms", rounded(summary.p99)},  {"max_ms", rounded(summary.max)},
            {"mean_ms", rounded(summary.mean)}};
}

std::string one_line(std::string text, std::size_t max_bytes) {
    if (text.size() <= max_bytes)
        return text;
    std::size_t cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    text.resize(cut);
    return text + "…";
}

void run_pass(depeche::Index& index, std::vector<BenchQuery>& queries, std::size_t limit,
              bool timed) {
    for (auto& query : queries) {
        depeche::SearchRequest request;
        request.query = query.query;
        request.since = query.since;
        request.until = query.until;
        request.limit = limit;
        const auto start = std::chrono::steady_clock::now();
        const auto results = index.search(request);
        const auto stop = std::chrono::steady_clock::now();
        if (!results.is_ok()) {
            if (query.error.empty()) {
                query.error = results.status().message();
                if (query.error.empty())
                    query.error = "search failed";
                std::cerr << "search_latency: line " << query.line << ": search failed for ["
                          << query.kind << "] " << query.query << ": " << query.error << "\n";
            }
            if (timed)
                ++query.failures;
            continue;
        }
        if (!timed)
            continue;
        query.times_ms.push_back(std::chrono::duration<double, std::milli>(stop - start).count());
        if (!query.found_nothing)
            query.found_nothing = results->hits.empty();
    }
}

void print_row(std::ostream& out, const std::string& label, const Summary& summary) {
    out << std::left << std::setw(18) << label << std::right << std::setw(8) << summary.queries
        << std::setw(10) << summary.searches << std::fixed << std::setprecision(2);
    for (const double value : {summary.p50, summary.p95, summary.p99, summary.max, summary.mean}) {
        out << std::setw(10) << value;
    }
    out << "\n";
}

}  // namespace

int main(int argc, char** argv) {
    Options options;
    if (const auto stop = parse_options(argc, argv, options))
        return *stop;

    auto read = read_queries(options.queries_file);
    if (!read) {
        std::cerr << "search_latency: cannot read " << options.queries_file << "\n";
        return exit_failed;
    }
    auto& queries = *read;
    if (queries.empty()) {
        std::cerr << "search_latency: no valid query in " << options.queries_file << "\n";
        return exit_failed;
    }
    auto opened = depeche::Index::open(options.index_dir);
    if (!opened.is_ok()) {
        std::cerr << "search_latency: " << opened.status().message() << "\n";
        return exit_failed;
    }
    auto& index = opened.value();

    for (std::size_t pass = 0; pass < options.warmup; ++pass) {
        run_pass(index, queries, options.limit, false);
    }
    for (std::size_t pass = 0; pass < options.repeat; ++pass) {
        run_pass(index, queries, options.limit, true);
    }

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
        nlohmann::ordered_json report = {{"queries", queries.size()},    {"runs", options.repeat},
                                         {"warmup", options.warmup},     {"limit", options.limit},
                                         {"searches", overall.searches}, {"errors", failures}};
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
        std::cout << report.dump(2) << "\n";
    } else {
        auto& out = std::cout;
        out << queries.size() << " queries x " << options.repeat << " timed runs ("
            << options.warmup << " warm-up), limit " << options.limit << ", index "
            << options.index_dir << "\n\n";
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
