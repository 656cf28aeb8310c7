#pragma once
// The JSON API of `depeche serve`, apart from HTTP: each route is a function of an Index and the
// request's parameters giving a status code and a body, so the answers are the CLI's views
// (views/formatters.hpp) and tests can call them without a socket.
//
// Contract of every function here: it never throws for any input (a parameter that is not a
// number, a date that is not one, a query pasted from anywhere); a problem with the request is
// a 400 answer, an unknown article 404, anything else 500, each as {"error": "..."}.
#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <string>

#include "depeche/index.hpp"

namespace depeche::server {

// Query parameters, as decoded from the URL (the same type as httplib's Params).
using Params = std::multimap<std::string, std::string>;

struct ApiResponse {
    int status = 200;
    std::string content_type = "application/json; charset=utf-8";
    std::string body;
};

// What one request may ask for, at most: results a page (search, similar, each batch line),
// results skipped, bytes of query text, lines of a batch, seconds a batch runs (checked
// between its queries), and the time limit of each search the API runs (search, similar, each
// batch line: SearchRequest::time_limit, which cuts the counts, timeline, names and snippets,
// never the page; nullopt: none; 0 has passed at the start).
struct ApiLimits {
    std::size_t max_limit = 100;
    std::size_t max_offset = 10000;
    std::size_t max_query_bytes = 4096;
    std::size_t max_batch_lines = 10000;
    double batch_seconds = 60;
    std::optional<std::chrono::milliseconds> search_time_limit = std::chrono::milliseconds(5000);
};

// {"error": message} with `status`.
ApiResponse error_response(int status, const std::string& message);
// The status code of a library failure: 400 invalid_argument, 404 not_found, 500 otherwise.
int status_of(const Status& status);

// GET /api/search: q, limit, offset, since, until, sort (relevance|newest|oldest), exact,
// all_versions, timeline, explain (booleans: 1/true/yes/on or 0/false/no/off). The body is
// `depeche search --format json` of the same options.
ApiResponse api_search(Index& index, const Params& params, const ApiLimits& limits = {});
// GET /api/article/ID: `depeche show --format json ID`. With q (and exact), also
// "highlights" (byte ranges into "text") and "title_highlights" (into "title") of the query's
// words, as Index::highlight gives them.
ApiResponse api_article(Index& index, const std::string& id, const Params& params,
                        const ApiLimits& limits = {});
// GET /api/similar/ID: limit, offset, since, until; `depeche similar --format json ID`.
ApiResponse api_similar(Index& index, const std::string& id, const Params& params,
                        const ApiLimits& limits = {});
// GET /api/stats: `depeche stats --format json`.
ApiResponse api_stats(Index& index);
// GET /api/diff/ID1/ID2: `depeche diff --format json ID1 ID2`.
ApiResponse api_diff(Index& index, const std::string& from_id, const std::string& to_id);
// POST /api/batch: one query per line of `body` (empty lines and # lines skipped), since,
// until and limit as parameters; JSON Lines as `depeche batch`, one line per query. More
// than max_batch_lines lines: 413. Queries not run once batch_seconds have passed get the
// error "not searched: ...".
ApiResponse api_batch(Index& index, const std::string& body, const Params& params,
                      const ApiLimits& limits = {});

}  // namespace depeche::server
