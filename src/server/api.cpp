#include "server/api.hpp"

#include <charconv>
#include <chrono>
#include <exception>
#include <optional>
#include <sstream>
#include <string_view>

#include <nlohmann/json.hpp>

#include "depeche/article_diff.hpp"
#include "views/formatters.hpp"

namespace depeche::server {
namespace {

using Json = nlohmann::ordered_json;

// A bad parameter: the message of a 400 answer.
struct BadRequest {
    std::string message;
};

const std::string* find(const Params& params, const std::string& name) {
    const auto it = params.find(name);
    return it == params.end() ? nullptr : &it->second;
}

std::size_t number(const Params& params, const std::string& name, std::size_t fallback,
                   std::size_t most) {
    const std::string* text = find(params, name);
    if (text == nullptr || text->empty()) return fallback;
    std::size_t value = 0;
    const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (error != std::errc() || end != text->data() + text->size()) {
        throw BadRequest{name + " expects a whole number, not '" + *text + "'"};
    }
    if (value > most) {
        throw BadRequest{name + " is at most " + std::to_string(most) + ", not " + *text};
    }
    return value;
}

bool flag(const Params& params, const std::string& name) {
    const std::string* text = find(params, name);
    if (text == nullptr) return false;
    if (text->empty() || *text == "1" || *text == "true" || *text == "yes" || *text == "on") {
        return true;
    }
    if (*text == "0" || *text == "false" || *text == "no" || *text == "off") return false;
    throw BadRequest{name + " expects 1 or 0, not '" + *text + "'"};
}

std::optional<Date> date_bound(const Params& params, const std::string& name) {
    const std::string* text = find(params, name);
    if (text == nullptr || text->empty()) return std::nullopt;
    std::optional<Date> bound = Date::parse_bound(*text);
    if (!bound) throw BadRequest{name + " expects YYYY, YYYY-MM or YYYY-MM-DD, not '" + *text + "'"};
    return bound;
}

std::string query_text(const Params& params, const ApiLimits& limits, bool required) {
    const std::string* text = find(params, "q");
    if (text == nullptr || text->empty()) {
        if (required) throw BadRequest{"q: the query is missing"};
        return {};
    }
    if (text->size() > limits.max_query_bytes) {
        throw BadRequest{"q: the query is longer than " + std::to_string(limits.max_query_bytes) +
                         " bytes"};
    }
    return *text;
}

ApiResponse json_response(const std::string& body) { return {200, "application/json; charset=utf-8", body}; }

// Runs `answer`, turning a BadRequest into 400 and anything thrown (a bug, out of memory) into
// 500: no request ends the server.
template <typename Answer>
ApiResponse guarded(Answer&& answer) {
    try {
        return answer();
    } catch (const BadRequest& bad) {
        return error_response(400, bad.message);
    } catch (const std::exception& error) {
        return error_response(500, std::string("unexpected failure: ") + error.what());
    } catch (...) {
        return error_response(500, "unexpected failure");
    }
}

Json ranges_json(const std::vector<TextRange>& ranges) {
    Json json = Json::array();
    for (const TextRange& range : ranges) json.push_back({range.begin, range.end});
    return json;
}

}  // namespace

ApiResponse error_response(int status, const std::string& message) {
    return {status, "application/json; charset=utf-8",
            Json{{"error", message}}.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n"};
}

int status_of(const Status& status) {
    switch (status.code()) {
        case Status::Code::invalid_argument: return 400;
        case Status::Code::not_found: return 404;
        default: return 500;
    }
}

ApiResponse api_search(Index& index, const Params& params, const ApiLimits& limits) {
    return guarded([&] {
        SearchRequest request;
        request.query = query_text(params, limits, true);
        request.limit = number(params, "limit", 10, limits.max_limit);
        request.offset = number(params, "offset", 0, limits.max_offset);
        request.since = date_bound(params, "since");
        request.until = date_bound(params, "until");
        const std::string* sort = find(params, "sort");
        if (sort == nullptr || sort->empty() || *sort == "relevance") {
            request.sort = SortOrder::relevance;
        } else if (*sort == "newest") {
            request.sort = SortOrder::newest;
        } else if (*sort == "oldest") {
            request.sort = SortOrder::oldest;
        } else {
            throw BadRequest{"sort expects relevance, newest or oldest, not '" + *sort + "'"};
        }
        request.exact = flag(params, "exact");
        request.all_versions = flag(params, "all_versions");
        request.timeline = flag(params, "timeline");
        request.explain = flag(params, "explain");
        // The names facet: `facets=1`, `facet_size` names (20 unless given, at most 1,000).
        request.facet_names =
            flag(params, "facets") ? number(params, "facet_size", 20, 1000) : 0;
        request.time_limit = limits.search_time_limit;
        const auto results = index.search(request);
        if (!results.is_ok()) return error_response(status_of(results.status()), results.status().message());
        std::ostringstream out;
        views::write_search_json(out, results.value());
        return json_response(out.str());
    });
}

ApiResponse api_article(Index& index, const std::string& id, const Params& params,
                        const ApiLimits& limits) {
    return guarded([&] {
        const std::string query = query_text(params, limits, false);
        const bool exact = flag(params, "exact");
        const auto article = index.article(id);
        if (!article.is_ok()) return error_response(status_of(article.status()), article.status().message());
        const auto versions = index.versions(id);
        if (!versions.is_ok()) return error_response(status_of(versions.status()), versions.status().message());
        std::ostringstream out;
        views::write_article_json(out, article.value(), versions.value());
        if (query.empty()) return json_response(out.str());
        SearchRequest request;
        request.query = query;
        request.exact = exact;
        const auto text_ranges = index.highlight(request, article->text);
        const auto title_ranges = index.highlight(request, article->title);
        Json json = Json::parse(out.str());
        // A query that is no query (only punctuation) highlights nothing rather than failing
        // the article it came with.
        json["highlights"] = text_ranges.is_ok() ? ranges_json(text_ranges.value()) : Json::array();
        json["title_highlights"] =
            title_ranges.is_ok() ? ranges_json(title_ranges.value()) : Json::array();
        return json_response(json.dump(2, ' ', false, Json::error_handler_t::replace) + "\n");
    });
}

ApiResponse api_similar(Index& index, const std::string& id, const Params& params,
                        const ApiLimits& limits) {
    return guarded([&] {
        SimilarRequest request;
        request.id = id;
        request.limit = number(params, "limit", 10, limits.max_limit);
        request.offset = number(params, "offset", 0, limits.max_offset);
        request.since = date_bound(params, "since");
        request.until = date_bound(params, "until");
        request.time_limit = limits.search_time_limit;
        const auto results = index.similar(request);
        if (!results.is_ok()) return error_response(status_of(results.status()), results.status().message());
        std::ostringstream out;
        views::write_search_json(out, results.value());
        return json_response(out.str());
    });
}

ApiResponse api_stats(Index& index) {
    return guarded([&] {
        const auto stats = index.stats();
        if (!stats.is_ok()) return error_response(status_of(stats.status()), stats.status().message());
        std::ostringstream out;
        views::write_stats_json(out, stats.value());
        return json_response(out.str());
    });
}

ApiResponse api_diff(Index& index, const std::string& from_id, const std::string& to_id) {
    return guarded([&] {
        const auto from = index.article(from_id);
        if (!from.is_ok()) return error_response(status_of(from.status()), from.status().message());
        const auto to = index.article(to_id);
        if (!to.is_ok()) return error_response(status_of(to.status()), to.status().message());
        std::ostringstream out;
        views::write_diff_json(out, diff_articles(from.value(), to.value()));
        return json_response(out.str());
    });
}

ApiResponse api_batch(Index& index, const std::string& body, const Params& params,
                      const ApiLimits& limits) {
    return guarded([&] {
        SearchRequest request;
        request.limit = number(params, "limit", 10, limits.max_limit);
        request.since = date_bound(params, "since");
        request.until = date_bound(params, "until");
        request.timeline = true;
        request.no_snippets = true;
        request.time_limit = limits.search_time_limit;  // each line's own
        // The lines first, so that a batch too long is refused before any search runs.
        std::vector<std::pair<std::size_t, std::string>> queries;
        std::size_t line_number = 0;
        for (std::size_t begin = 0; begin < body.size();) {
            std::size_t end = body.find('\n', begin);
            if (end == std::string::npos) end = body.size();
            std::string_view line(body.data() + begin, end - begin);
            begin = end + 1;
            ++line_number;
            if (line_number > limits.max_batch_lines) {
                return error_response(413, "a batch holds at most " +
                                               std::to_string(limits.max_batch_lines) + " lines");
            }
            while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
            while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
            if (line.empty() || line.front() == '#') continue;
            queries.emplace_back(line_number, std::string(line));
        }
        const auto started = std::chrono::steady_clock::now();
        std::ostringstream out;
        for (const auto& [line, query] : queries) {
            const double elapsed =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            if (elapsed > limits.batch_seconds) {
                views::write_batch_jsonl(out, {line, query, nullptr,
                                               "not searched: the batch ran past its time limit"});
                continue;
            }
            if (query.size() > limits.max_query_bytes) {
                views::write_batch_jsonl(out, {line, query, nullptr,
                                               "the query is longer than " +
                                                   std::to_string(limits.max_query_bytes) + " bytes"});
                continue;
            }
            request.query = query;
            const auto results = index.search(request);
            views::write_batch_jsonl(out, {line, query, results.is_ok() ? &results.value() : nullptr,
                                           results.is_ok() ? std::string() : results.status().message()});
        }
        return ApiResponse{200, "application/x-ndjson; charset=utf-8", out.str()};
    });
}

}  // namespace depeche::server
