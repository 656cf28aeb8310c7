// bare_search: the in-process search of a bare Xapian searcher, the peer of search_latency.
//
//   bare_search --db DIR --queries FILE [--default-op and|or] [--repeat R] [--warmup W]
//               [--limit N] [--json] [--samples]
//
// bench/floor_indexer.cpp is the floor of what Xapian costs to index the articles; this is the
// floor of what it costs to search them: what depeche's Index::search spends above it (query
// analysis, accent folding, the relaxed second tier, dates, repost collapsing, snippets) is the
// cost of its extras. Same protocol and same report as search_latency (both use
// bench/latency_report.hpp), so the two are directly comparable.
//
// Contract:
// - DIR is a Xapian database written by floor_indexer (plain TermGenerator, French stemmer; the
//   document data is the title, a blank line, the text), opened once, read-only.
// - FILE is read exactly as search_latency reads it (same checks, same lines skipped); each
//   query's `peer` column (QueryParser syntax) is searched, and shown in the report; the depeche
//   query and its dates are not used (floor_indexer indexes no dates). A line without a peer is
//   counted in "no_peer" and not searched.
// - One Xapian::QueryParser, set up once as omega and quest do: Xapian::Stem("french"),
//   STEM_SOME, the database (for wildcards), flags FLAG_DEFAULT | FLAG_WILDCARD (quest's
//   `-f default,wildcard`, as bench/run.py runs quest), no stopper, and the default operator
//   --default-op: AND (default; what depeche's first tier asks: every word) or OR (quest's and
//   omega's default). Each timed search is: parse_query, an Enquire on the query, get_mset(0,
//   N) (relevance order, Xapian's default check), then for each hit get_document().get_data()
//   and its title (the first line), as a searcher that shows titles would; no snippets.
// - W untimed warm-up passes (default 1), then R timed passes (default 5), each search timed
//   alone with std::chrono::steady_clock. Report on stdout as search_latency's (text, or --json:
//   one object with the same keys, plus "default_op" and "no_peer" after "limit"; --samples
//   adds every timed search, as search_latency's).
// - A query that Xapian rejects (QueryParserError...) is reported on stderr once, counted in
//   "errors"/"failed" and left out of the timings.
// - Exit status: 0 every search succeeded; 1 the database or query file could not be read, no
//   line has a peer query, or some searches failed (after the full report); 2 usage error.
#include <xapian.h>

#include <chrono>
#include <cstddef>
#include <iostream>
#include <string>
#include <vector>

#include "latency_report.hpp"

namespace {

constexpr const char* usage_text =
    "usage: bare_search --db DIR --queries FILE [--default-op and|or] [--repeat R] [--warmup W]\n"
    "                   [--limit N] [--json] [--samples]\n"
    "  --db DIR           Xapian database written by floor_indexer (opened once)\n"
    "  --queries FILE     query list, as bench/queries.tsv; the peer column is searched\n"
    "  --default-op OP    QueryParser's default operator: and (default) or or\n"
    "  --repeat R         timed passes over all queries (default 5, at least 1)\n"
    "  --warmup W         untimed passes before them (default 1)\n"
    "  --limit N          results asked per search (default 10, at least 1)\n"
    "  --json             print one JSON object instead of tables\n"
    "  --samples          with --json, add every timed search of every query (\"samples\")\n";

// Where the fetched titles go, so that the fetch cannot be optimised away.
volatile std::size_t title_bytes_sink = 0;

}  // namespace

int main(int argc, char** argv) {
    const latency::Command command{"bare_search", "--db", {"--default-op"}, usage_text};
    latency::Options options;
    if (const auto stop = latency::parse_options(argc, argv, command, options))
        return *stop;
    std::string op_name = "and";
    if (const auto op = options.extra.find("--default-op"); op != options.extra.end())
        op_name = op->second;
    if (op_name != "and" && op_name != "or")
        return latency::usage_error(command, "--default-op wants and or or, not '" + op_name + "'");
    const auto default_op = op_name == "and" ? Xapian::Query::OP_AND : Xapian::Query::OP_OR;

    auto read = latency::read_queries(options.queries_file);
    if (!read) {
        std::cerr << "bare_search: cannot read " << options.queries_file << "\n";
        return latency::exit_failed;
    }
    std::vector<latency::BenchQuery> queries;
    std::size_t no_peer = 0;
    for (auto& query : *read) {
        if (query.peer.empty()) {
            ++no_peer;
            continue;
        }
        query.query = query.peer;  // what is searched, and shown in the report
        queries.push_back(std::move(query));
    }
    if (queries.empty()) {
        std::cerr << "bare_search: no valid query with a peer in " << options.queries_file << "\n";
        return latency::exit_failed;
    }

    try {
        Xapian::Database database(options.database);
        Xapian::QueryParser parser;
        parser.set_stemmer(Xapian::Stem("french"));
        parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
        parser.set_database(database);
        parser.set_default_op(default_op);
        const unsigned flags =
            Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD;
        const auto limit = static_cast<Xapian::doccount>(options.limit);

        latency::run_passes(command.tool, options, queries, [&](const latency::BenchQuery& query) {
            latency::Outcome outcome;
            try {
                const auto start = std::chrono::steady_clock::now();
                Xapian::Enquire enquire(database);
                enquire.set_query(parser.parse_query(query.query, flags));
                const Xapian::MSet matches = enquire.get_mset(0, limit);
                std::size_t title_bytes = 0;
                for (auto it = matches.begin(); it != matches.end(); ++it) {
                    const std::string data = it.get_document().get_data();
                    title_bytes += data.substr(0, data.find('\n')).size();
                }
                const auto stop = std::chrono::steady_clock::now();
                title_bytes_sink = title_bytes_sink + title_bytes;
                outcome.ok = true;
                outcome.ms = std::chrono::duration<double, std::milli>(stop - start).count();
                outcome.found_nothing = matches.empty();
            } catch (const Xapian::Error& error) {
                outcome.error = error.get_description();
            }
            return outcome;
        });
    } catch (const Xapian::Error& error) {
        std::cerr << "bare_search: " << options.database << ": " << error.get_description() << "\n";
        return latency::exit_failed;
    }
    nlohmann::ordered_json extra = {{"default_op", op_name == "and" ? "AND" : "OR"},
                                    {"no_peer", no_peer}};
    return latency::report(options, queries,
                           "database " + options.database + ", default operator " +
                               (op_name == "and" ? "AND" : "OR"),
                           extra);
}
