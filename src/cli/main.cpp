// depeche: the command line. Parses options with CLI11 and calls the commands in commands.hpp;
// everything else lives in the library.
#include <functional>
#include <iostream>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "cli/terminal.hpp"

namespace {

using depeche::cli::OutputFormat;

void add_index_option(CLI::App& command, std::filesystem::path& index_dir) {
    command
        .add_option("--index", index_dir,
                    "index directory (default: $DEPECHE_INDEX, else ./depeche-index)")
        ->type_name("DIR");
}

// --limit and --offset: the page of results asked for.
void add_page_options(CLI::App& command, std::size_t& limit, std::size_t& offset) {
    command.add_option("--limit", limit, "results to show (default: 10)")->type_name("N");
    command.add_option("--offset", offset, "results to skip (default: 0)")->type_name("N");
}

// --since and --until (checked when the command runs: parse_date_bounds in commands.cpp).
void add_date_options(CLI::App& command, std::string& since, std::string& until,
                      const std::string& scope = "") {
    command.add_option("--since", since,
                       "only articles dated on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD)" + scope)
        ->type_name("DATE");
    command.add_option("--until", until,
                       "only articles dated on or before DATE (YYYY, YYYY-MM or YYYY-MM-DD)" + scope)
        ->type_name("DATE");
}

void add_format_option(CLI::App& command, OutputFormat& format) {
    command
        .add_option_function<std::string>(
            "--format",
            [&format](const std::string& value) {
                format = value == "json" ? OutputFormat::json : OutputFormat::text;
            },
            "output format: text or json (default: text)")
        ->check(CLI::IsMember({"text", "json"}))
        ->type_name("FORMAT");
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{
        "depeche: search dated French news articles offline.\n"
        "Exit status: 0 found (or done), 1 nothing found (index: some inputs skipped), 2 error."};
    app.require_subcommand(1);
    app.set_version_flag("--version", "depeche 0.1.0");
    const std::filesystem::path default_index = depeche::cli::default_index_dir();
    // Each subcommand: its options (CLI11) and what runs it once parsed.
    std::vector<std::pair<CLI::App*, std::function<int()>>> subcommands;

    depeche::cli::IndexCommand index_command;
    index_command.index_dir = default_index;
    bool quiet = false;
    CLI::App* index = app.add_subcommand(
        "index",
        "index text files (date YYYY-MM header) and JSON Lines (.jsonl, .jsonl.gz); "
        "a rerun only reads changed files and removes articles whose file is gone");
    add_index_option(*index, index_command.index_dir);
    index->add_option("--jobs", index_command.jobs, "analysis threads (default: all cores)")
        ->type_name("N");
    index->add_flag("--rebuild", index_command.rebuild,
                    "build a new index from PATH... next to the live one and swap it in "
                    "atomically (searches meanwhile use the old one; a failure leaves it as is)");
    index->add_flag("--verbose,-v", index_command.verbose, "print what happened to each file");
    index->add_flag("--quiet,-q", quiet, "no progress line");
    index->add_option("--commit-every", index_command.commit_every,
                      "articles between commits (default: 20000)")
        ->type_name("N")
        ->check(CLI::PositiveNumber);
    index->add_option("PATH", index_command.paths, "files or directories (walked recursively)")
        ->required();
    subcommands.emplace_back(index, [&] {
        index_command.show_progress = !quiet && depeche::cli::is_terminal(stderr);
        index_command.stop_requested = depeche::cli::stop_on_interrupt();
        return depeche::cli::run_index(index_command, std::cout, std::cerr);
    });

    depeche::cli::SearchCommand search_command;
    search_command.index_dir = default_index;
    CLI::App* search = app.add_subcommand(
        "search",
        "search the index. Query syntax: words (all of them rank first), \"exact phrase\", "
        "a OR b, NOT a, -a, +a, a NEAR b, prefix*, title:word, date:2020-02, ( )");
    add_index_option(*search, search_command.index_dir);
    search
        ->add_option_function<std::string>(
            "--format",
            [&](const std::string& value) {
                search_command.format = value == "json"    ? OutputFormat::json
                                        : value == "jsonl" ? OutputFormat::jsonl
                                        : value == "csv"   ? OutputFormat::csv
                                                           : OutputFormat::text;
            },
            "output format: text, json, jsonl (one result a line) or csv (default: text)")
        ->check(CLI::IsMember({"text", "json", "jsonl", "csv"}))
        ->type_name("FORMAT");
    search->add_flag("--all", search_command.all,
                     "every result, without the limit, streamed as it is read (with "
                     "--format jsonl or csv for an export)");
    search
        ->add_option("--fields", search_command.fields_list,
                     "columns of jsonl and csv, comma-separated: rank, id, date, title, score, "
                     "all_words, reposts, versions, snippet, snippet_text, text (the whole "
                     "article) (default: all but snippet_text and text)")
        ->type_name("LIST");
    add_page_options(*search, search_command.limit, search_command.offset);
    add_date_options(*search, search_command.since, search_command.until);
    search->add_option("--sort", search_command.sort, "relevance, newest or oldest")
        ->check(CLI::IsMember({"relevance", "newest", "oldest"}))
        ->type_name("ORDER");
    search->add_flag("--exact", search_command.exact,
                     "search only the spellings typed: no other spellings of names, no "
                     "respelling of unknown words");
    search->add_flag("--explain", search_command.explain,
                     "say for each result which parts of the query matched, in the title or "
                     "the text, and their share of its score");
    search->add_flag("--timeline", search_command.timeline,
                     "also count every matching article per month (exact), with stories and "
                     "the rate per 1,000 articles of the month: a bar chart, or `timeline` in "
                     "JSON");
    search->add_flag("--facets", search_command.facets,
                     "also list the names (people, places, organisations) most mentioned by "
                     "the matching articles, with the number of articles for each, counted "
                     "over every match; `facets` in JSON. Filter with name:\"...\"");
    CLI::Option* facet_size =
        search->add_option("--facet-size", search_command.facet_names,
                           "how many names --facets lists (default 20; implies --facets)")
            ->check(CLI::Range(std::size_t{1}, std::size_t{1000}))
            ->type_name("N");
    search->add_flag("--all-versions", search_command.all_versions,
                     "show every version of a story (reprints, updates) as its own result "
                     "rather than one result per story");
    search->add_option("--time-limit", search_command.time_limit,
                       "milliseconds the search may take (default: 0, none); past it the "
                       "counts, --timeline and --facets hold what was counted in time and "
                       "later snippets are the articles' leads, and the output says so. The "
                       "results shown are the same (not with --all)")
        ->type_name("MS");
    search_command.aliases_file = depeche::cli::default_aliases_file();
    search->add_option("--aliases", search_command.aliases_file,
                       "file of equivalences, one group a line: 'Daech = État islamique = EI' "
                       "(default: $DEPECHE_ALIASES)")
        ->type_name("FILE");
    search->add_option("QUERY", search_command.query_words, "what to search for")->required();
    subcommands.emplace_back(search, [&] {
        search_command.style.colour = depeche::cli::wants_colour(stdout);
        search_command.style.width = depeche::cli::output_width(stdout);
        if (facet_size->count() > 0) search_command.facets = true;
        return depeche::cli::run_search(search_command, std::cout, std::cerr);
    });

    depeche::cli::SimilarCommand similar_command;
    similar_command.index_dir = default_index;
    CLI::App* similar = app.add_subcommand(
        "similar", "list the articles most like one article (other stories on the same "
                   "subject), outside its own story");
    add_index_option(*similar, similar_command.index_dir);
    add_format_option(*similar, similar_command.format);
    add_page_options(*similar, similar_command.limit, similar_command.offset);
    add_date_options(*similar, similar_command.since, similar_command.until);
    similar->add_option("ID", similar_command.id, "the article's id (as search prints it)")
        ->required();
    subcommands.emplace_back(similar, [&] {
        similar_command.style.colour = depeche::cli::wants_colour(stdout);
        return depeche::cli::run_similar(similar_command, std::cout, std::cerr);
    });

    depeche::cli::BatchCommand batch_command;
    batch_command.index_dir = default_index;
    CLI::App* batch = app.add_subcommand(
        "batch", "answer many queries at once, one per line of FILE (or - for the standard "
                 "input): for each, in order, the exact number of articles, the first and "
                 "last dates, the counts per month and the top results");
    add_index_option(*batch, batch_command.index_dir);
    batch
        ->add_option_function<std::string>(
            "--format",
            [&](const std::string& value) {
                batch_command.format = value == "csv" ? OutputFormat::csv : OutputFormat::jsonl;
            },
            "output format: jsonl or csv (default: jsonl)")
        ->check(CLI::IsMember({"jsonl", "csv"}))
        ->type_name("FORMAT");
    add_date_options(*batch, batch_command.since, batch_command.until, ", for every query");
    batch->add_option("--limit", batch_command.limit, "top results given per query (default: 10)")
        ->type_name("N");
    batch->add_option("FILE", batch_command.input,
                      "queries, one per line; empty lines and lines starting with # are skipped")
        ->required();
    subcommands.emplace_back(batch, [&] {
        batch_command.show_progress = depeche::cli::is_terminal(stderr);
        return depeche::cli::run_batch(batch_command, std::cin, std::cout, std::cerr);
    });

    depeche::cli::DiffCommand diff_command{default_index, {}, {}, OutputFormat::text, {}};
    CLI::App* diff = app.add_subcommand(
        "diff", "show the words added and removed between two articles (two versions of a "
                "story: what an update changed)");
    add_index_option(*diff, diff_command.index_dir);
    add_format_option(*diff, diff_command.format);
    diff->add_option("ID1", diff_command.from_id, "the earlier article's id")->required();
    diff->add_option("ID2", diff_command.to_id, "the later article's id")->required();
    subcommands.emplace_back(diff, [&] {
        diff_command.style.colour = depeche::cli::wants_colour(stdout);
        return depeche::cli::run_diff(diff_command, std::cout, std::cerr);
    });

    depeche::cli::DuplicatesCommand duplicates_command{default_index, OutputFormat::text, 2};
    CLI::App* duplicates = app.add_subcommand(
        "duplicates", "list the stories the index holds in several versions (reprints, "
                      "updates, reposts with a new title or date), largest first");
    add_index_option(*duplicates, duplicates_command.index_dir);
    add_format_option(*duplicates, duplicates_command.format);
    duplicates->add_option("--min-size", duplicates_command.min_size,
                           "only stories with at least N versions (default: 2)")
        ->type_name("N")
        ->check(CLI::PositiveNumber);
    subcommands.emplace_back(duplicates, [&] {
        return depeche::cli::run_duplicates(duplicates_command, std::cout, std::cerr);
    });

    depeche::cli::ShowCommand show_command{default_index, {}, OutputFormat::text};
    CLI::App* show = app.add_subcommand("show", "print a whole article as it was read");
    add_index_option(*show, show_command.index_dir);
    add_format_option(*show, show_command.format);
    show->add_option("ID", show_command.id, "the article's id (as search prints it)")->required();
    subcommands.emplace_back(show, [&] {
        return depeche::cli::run_show(show_command, std::cout, std::cerr);
    });

    depeche::cli::VariantsCommand variants_command{default_index, {}, OutputFormat::text, false, {}};
    CLI::App* variants = app.add_subcommand(
        "variants",
        "the spellings the index knows for a name (Kadhafi, Khadafi...), with their article "
        "counts and where each came from; exit 1 when no word of it is a name");
    add_index_option(*variants, variants_command.index_dir);
    add_format_option(*variants, variants_command.format);
    variants->add_flag("--all", variants_command.all,
                       "also the look-alikes turned down (another name sharing the skeleton)");
    variants_command.aliases_file = depeche::cli::default_aliases_file();
    variants->add_option("--aliases", variants_command.aliases_file,
                         "file of equivalences (see search --aliases; default: $DEPECHE_ALIASES)")
        ->type_name("FILE");
    variants->add_option("NAME", variants_command.name_words, "a name, one or more words")
        ->required();
    subcommands.emplace_back(variants, [&] {
        return depeche::cli::run_variants(variants_command, std::cout, std::cerr);
    });

    depeche::cli::CheckCommand check_command{default_index, OutputFormat::text};
    CLI::App* check = app.add_subcommand(
        "check",
        "verify an index (Xapian's check, analyzer version, stored articles, source records) "
        "and say how to repair it; exit 1 when problems are found");
    add_index_option(*check, check_command.index_dir);
    add_format_option(*check, check_command.format);
    subcommands.emplace_back(check, [&] {
        return depeche::cli::run_check(check_command, std::cout, std::cerr);
    });

    depeche::cli::StatsCommand stats_command{default_index, OutputFormat::text, {}};
    CLI::App* stats = app.add_subcommand(
        "stats", "articles, date span, articles per month, index size, analyzer version");
    add_index_option(*stats, stats_command.index_dir);
    add_format_option(*stats, stats_command.format);
    subcommands.emplace_back(stats, [&] {
        stats_command.style.colour = depeche::cli::wants_colour(stdout);
        stats_command.style.width = depeche::cli::output_width(stdout);
        return depeche::cli::run_stats(stats_command, std::cout, std::cerr);
    });

    depeche::cli::ServeCommand serve_command;
    serve_command.index_dir = default_index;
    CLI::App* serve = app.add_subcommand(
        "serve", "serve a web page to search the index in a browser, and a JSON API (/api/search, "
                 "/api/article/ID, /api/similar/ID, /api/diff/ID1/ID2, /api/stats, POST "
                 "/api/batch), until Ctrl-C");
    add_index_option(*serve, serve_command.index_dir);
    serve->add_option("--host", serve_command.host,
                      "address to listen on (default: 127.0.0.1, this machine only; another "
                      "address lets anyone who reaches it read the corpus)")
        ->type_name("ADDRESS");
    serve->add_option("--port", serve_command.port, "port to listen on (default: 8080; 0: any free one)")
        ->type_name("PORT")
        ->check(CLI::Range(0, 65535));
    serve->add_option("--time-limit", serve_command.time_limit,
                      "milliseconds each search of the API may take (default: 5000; 0: none); "
                      "past it the counts, timeline and names are partial and the answer says "
                      "\"timed_out\": true")
        ->type_name("MS");
    subcommands.emplace_back(serve, [&] {
        serve_command.stop_requested = depeche::cli::stop_on_interrupt();
        return depeche::cli::run_serve(serve_command, std::cout, std::cerr);
    });

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        // Top level: every subcommand with its options; a subcommand's --help: its own.
        const bool top_level = app.get_subcommands().empty();
        std::cout << (top_level ? app.help("", CLI::AppFormatMode::All) : app.help());
        return 0;
    } catch (const CLI::CallForAllHelp&) {
        std::cout << app.help("", CLI::AppFormatMode::All);
        return 0;
    } catch (const CLI::CallForVersion&) {
        std::cout << "depeche 0.1.0\n";
        return 0;
    } catch (const CLI::ParseError& error) {
        std::cerr << "depeche: " << error.what() << "\nRun with --help for usage.\n";
        return depeche::cli::exit_error;
    }

    std::ios::sync_with_stdio(false);
    // The library returns every expected failure as a Status; anything thrown past it (out
    // of memory, a bug) still ends with a message and exit 2, not an abort.
    try {
        for (const auto& [command, run] : subcommands) {
            if (command->parsed()) return run();
        }
    } catch (const std::exception& error) {
        std::cerr << "depeche: unexpected failure: " << error.what() << "\n";
    } catch (...) {
        std::cerr << "depeche: unexpected failure\n";
    }
    return depeche::cli::exit_error;
}
