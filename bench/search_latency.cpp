// search_latency: in-process search latency of depeche over a list of benchmark queries.
//
//   search_latency --index DIR --queries FILE [--repeat R] [--warmup W] [--limit N] [--json]
//                  [--samples]
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
//    "by_kind":{KIND:{"queries","searches","p50_ms",...,"mean_ms"}}}; --samples adds
//    "samples":[{"line","kind","query","found_nothing","times_ms":[...]}] at the end.
// - Options, the query list, the protocol and the report are shared with bench/bare_search.cpp
//   (bench/latency_report.hpp), so that the two are measured and reported alike.
// - Exit status: 0 every search succeeded; 1 the index or query file could not be read, the file
//   holds no valid query, or some searches failed (after the full report); 2 usage error.
#include <chrono>
#include <cstddef>
#include <iostream>
#include <string>
#include <vector>

#include <string_view>
#include <vector>

#include "depeche/index.hpp"
#include "latency_report.hpp"

namespace {

constexpr const char* usage_text =
    "usage: search_latency --index DIR --queries FILE [--repeat R] [--warmup W] [--limit N] "
    "[--json] [--samples] [--timeline] [--facets]\n"
    "  --index DIR     depeche index to search (opened once)\n"
    "  --queries FILE  query list, as bench/queries.tsv (kind, query, since, until, peer)\n"
    "  --repeat R      timed passes over all queries (default 5, at least 1)\n"
    "  --warmup W      untimed passes before them (default 1)\n"
    "  --limit N       results asked per search (default 10, at least 1)\n"
    "  --json          print one JSON object instead of tables\n"
    "  --samples       with --json, add every timed search of every query (\"samples\")\n"
    "  --timeline      each search also counts its matches per month (search --timeline)\n"
    "  --facets        each search also counts the 20 names most mentioned (search --facets)\n";

}  // namespace

int main(int argc, char** argv) {
    const latency::Command command{"search_latency", "--index", {}, usage_text};
    latency::Options options;
    // --timeline and --facets are this tool's own; the shared parser reads the rest.
    bool timeline = false;
    bool facets = false;
    std::vector<char*> arguments;
    for (int index = 0; index < argc; ++index) {
        if (index > 0 && std::string_view(argv[index]) == "--timeline") {
            timeline = true;
        } else if (index > 0 && std::string_view(argv[index]) == "--facets") {
            facets = true;
        } else {
            arguments.push_back(argv[index]);
        }
    }
    if (const auto stop = latency::parse_options(static_cast<int>(arguments.size()),
                                                 arguments.data(), command, options))
        return *stop;

    auto read = latency::read_queries(options.queries_file);
    if (!read) {
        std::cerr << "search_latency: cannot read " << options.queries_file << "\n";
        return latency::exit_failed;
    }
    auto& queries = *read;
    if (queries.empty()) {
        std::cerr << "search_latency: no valid query in " << options.queries_file << "\n";
        return latency::exit_failed;
    }
    auto opened = depeche::Index::open(options.database);
    if (!opened.is_ok()) {
        std::cerr << "search_latency: " << opened.status().message() << "\n";
        return latency::exit_failed;
    }
    auto& index = opened.value();

    latency::run_passes(command.tool, options, queries, [&](const latency::BenchQuery& query) {
        depeche::SearchRequest request;
        request.query = query.query;
        request.since = query.since;
        request.until = query.until;
        request.limit = options.limit;
        request.timeline = timeline;
        request.facet_names = facets ? 20 : 0;
        const auto start = std::chrono::steady_clock::now();
        const auto results = index.search(request);
        const auto stop = std::chrono::steady_clock::now();
        latency::Outcome outcome;
        outcome.ok = results.is_ok();
        if (!outcome.ok) {
            outcome.error = results.status().message();
            return outcome;
        }
        outcome.ms = std::chrono::duration<double, std::milli>(stop - start).count();
        outcome.found_nothing = results->hits.empty();
        return outcome;
    });
    return latency::report(options, queries, "index " + options.database);
}
