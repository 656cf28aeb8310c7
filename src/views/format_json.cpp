#include <cmath>

#include <nlohmann/json.hpp>

#include "views/formatters.hpp"

namespace depeche::views {
namespace {

using Json = nlohmann::ordered_json;

Json date_json(const std::optional<Date>& date) {
    return date ? Json(date->to_string()) : Json(nullptr);
}

// Replacement of invalid UTF-8 rather than an exception: output must never fail on bad text.
void write(std::ostream& out, const Json& json) {
    std::string text = json.dump(2, ' ', false, Json::error_handler_t::replace);
    text += '\n';
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

Json ranges_json(const std::vector<TextRange>& ranges) {
    Json json = Json::array();
    json.get_ref<Json::array_t&>().reserve(ranges.size());
    for (const TextRange& range : ranges) {
        Json pair = Json::array();
        pair.get_ref<Json::array_t&>().reserve(2);
        pair.push_back(range.begin);
        pair.push_back(range.end);
        json.push_back(std::move(pair));
    }
    return json;
}

}  // namespace

Json explanation_json(const SearchHit& hit) {
    Json parts = Json::array();
    for (const ScoredPart& part : hit.explanation) {
        Json where = Json::array();
        if (part.in_title) where.push_back("title");
        if (part.in_text) where.push_back("text");
        Json terms = Json::array();
        for (const std::string& term : part.terms) terms.push_back(term);
        parts.push_back({{"part", part.text},
                         {"bonus", part.bonus},
                         {"matched", part.matched},
                         {"where", where},
                         {"terms", terms},
                         {"weight", std::round(part.weight * 1000.0) / 1000.0},
                         {"share", std::round(share_of(hit, part) * 1000.0) / 1000.0}});
    }
    return parts;
}

// Built field by field into the object (nlohmann's initializer lists build an array per pair
// first, which made this view a tenth of a server's search request).
Json hit_json(const SearchHit& hit) {
    Json json = Json::object();
    Json::object_t& fields = json.get_ref<Json::object_t&>();
    fields.reserve(16);
    const auto add = [&fields](const char* key, Json value) {
        fields.emplace_back(key, std::move(value));  // keys are distinct: no lookup needed
    };
    add("rank", hit.rank);
    add("id", hit.id);
    add("date", date_json(hit.date));
    add("title", hit.title);
    add("score", std::round(hit.score * 1000.0) / 1000.0);
    add("all_words", hit.has_all_words);
    add("reposts", hit.reposts);
    // The ids of the story's other versions, earliest first (`reposts` counts them).
    add("versions", hit.versions);
    // `snippet` marks highlights with ** (a literal * or \ is escaped with \);
    // `snippet_text` is the plain passage, `highlights` byte ranges into it, and
    // `title_highlights` byte ranges into `title`.
    add("snippet", mark_highlights(hit.snippet, "**", "**"));
    add("snippet_text", hit.snippet.text);
    add("highlights", ranges_json(hit.snippet.highlights));
    add("snippet_cut_before", hit.snippet.cut_before);
    add("snippet_cut_after", hit.snippet.cut_after);
    add("title_highlights", ranges_json(hit.title_highlights));
    // With --explain only: every scored part of the query, what it adds and where it matched.
    if (!hit.explanation.empty()) add("explain", explanation_json(hit));
    return json;
}

const std::vector<std::string>& export_fields() {
    static const std::vector<std::string> fields = {
        "rank", "id", "date", "title", "score", "all_words", "reposts", "versions", "snippet",
        "snippet_text", "text"};
    return fields;
}

const std::vector<std::string>& default_export_fields() {
    static const std::vector<std::string> fields = {
        "rank", "id", "date", "title", "score", "all_words", "reposts", "versions", "snippet"};
    return fields;
}

void write_hit_jsonl(std::ostream& out, const SearchHit& hit, const std::vector<std::string>& fields) {
    const Json full = hit_json(hit);
    Json line = Json::object();
    for (const std::string& field : fields) {
        if (field == "text") {
            line["text"] = hit.text ? Json(*hit.text) : Json(nullptr);
        } else if (full.contains(field)) {
            line[field] = full[field];
        }
    }
    out << line.dump(-1, ' ', false, Json::error_handler_t::replace) << "\n";
}

namespace {

void write_csv_field(std::ostream& out, std::string_view value) {
    if (value.find_first_of(",\"\r\n") == std::string_view::npos) {
        out << value;
        return;
    }
    out << '"';
    for (const char c : value) {
        if (c == '"') out << '"';
        out << c;
    }
    out << '"';
}

// A field's value as CSV text: strings as they are, numbers and booleans as JSON writes them,
// lists (versions) joined by spaces, null as empty.
std::string csv_value(const Json& value) {
    if (value.is_null()) return {};
    if (value.is_string()) return value.get<std::string>();
    if (value.is_array()) {
        std::string joined;
        for (const Json& item : value) {
            if (!joined.empty()) joined += ' ';
            joined += csv_value(item);
        }
        return joined;
    }
    return value.dump();
}

}  // namespace

void write_csv_header(std::ostream& out, const std::vector<std::string>& fields) {
    out << "\xEF\xBB\xBF";
    for (std::size_t index = 0; index < fields.size(); ++index) {
        if (index > 0) out << ',';
        write_csv_field(out, fields[index]);
    }
    out << "\r\n";
}

void write_hit_csv(std::ostream& out, const SearchHit& hit, const std::vector<std::string>& fields) {
    const Json full = hit_json(hit);
    for (std::size_t index = 0; index < fields.size(); ++index) {
        if (index > 0) out << ',';
        if (fields[index] == "text") {
            write_csv_field(out, hit.text ? *hit.text : std::string());
        } else if (full.contains(fields[index])) {
            write_csv_field(out, csv_value(full[fields[index]]));
        }
    }
    out << "\r\n";
}

namespace {

std::size_t exact_total(const SearchResults& results) {
    std::size_t total = results.timeline_undated;
    if (results.timeline) {
        for (const MonthCount& month : *results.timeline) total += month.count;
    }
    return total;
}

}  // namespace

void write_batch_jsonl(std::ostream& out, const BatchAnswer& answer) {
    Json line = {{"line", answer.line}, {"query", answer.query}};
    if (answer.results == nullptr) {
        line["total"] = nullptr;
        line["first"] = nullptr;
        line["last"] = nullptr;
        line["months"] = Json::object();
        line["results"] = Json::array();
        line["error"] = answer.error;
    } else {
        const SearchResults& results = *answer.results;
        line["total"] = exact_total(results);
        line["first"] = date_json(results.first_match_date);
        line["last"] = date_json(results.last_match_date);
        Json months = Json::object();
        if (results.timeline) {
            for (const MonthCount& month : *results.timeline) months[month.month] = month.count;
        }
        line["months"] = months;
        Json hits = Json::array();
        for (const SearchHit& hit : results.hits) {
            hits.push_back({{"id", hit.id},
                            {"date", date_json(hit.date)},
                            {"title", hit.title},
                            {"score", std::round(hit.score * 1000.0) / 1000.0}});
        }
        line["results"] = hits;
        line["error"] = nullptr;
        // Only when the time limit cut this query: `total` and `months` are partial.
        if (results.timed_out) line["timed_out"] = true;
    }
    out << line.dump(-1, ' ', false, Json::error_handler_t::replace) << "\n";
}

void write_batch_csv_header(std::ostream& out) {
    write_csv_header(out, {"line", "query", "total", "first", "last", "results", "error"});
}

void write_batch_csv(std::ostream& out, const BatchAnswer& answer) {
    std::vector<std::string> cells = {std::to_string(answer.line), answer.query};
    if (answer.results == nullptr) {
        cells.insert(cells.end(), {"", "", "", "", answer.error});
    } else {
        const SearchResults& results = *answer.results;
        std::string ids;
        for (const SearchHit& hit : results.hits) ids += (ids.empty() ? "" : " ") + hit.id;
        cells.insert(cells.end(),
                     {std::to_string(exact_total(results)),
                      results.first_match_date ? results.first_match_date->to_string() : "",
                      results.last_match_date ? results.last_match_date->to_string() : "", ids,
                      ""});
    }
    for (std::size_t index = 0; index < cells.size(); ++index) {
        if (index > 0) out << ',';
        write_csv_field(out, cells[index]);
    }
    out << "\r\n";
}

void write_search_json(std::ostream& out, const SearchResults& results) {
    Json json;
    json["query"] = results.query;
    json["total_estimate"] = results.total_estimate;
    // Only when the time limit cut the search (SearchResults::timed_out): the counts, the
    // timeline and the facets are then partial, later snippets are leads.
    if (results.timed_out) {
        json["timed_out"] = true;
        json["time_limit_ms"] = results.time_limit.count();
    }
    json["suggestion"] = results.suggestion ? Json(*results.suggestion) : Json(nullptr);
    json["also_searched"] = Json::array();
    for (const SpellingVariant& variant : results.also_searched) {
        json["also_searched"].push_back({{"typed", variant.typed}, {"variant", variant.variant}});
    }
    Json hits = Json::array();
    hits.get_ref<Json::array_t&>().reserve(results.hits.size());
    for (const SearchHit& hit : results.hits) hits.push_back(hit_json(hit));
    json["results"] = std::move(hits);
    // With --timeline only: every month from the first match to the last, zeros included.
    if (results.timeline) {
        Json months = Json::array();
        for (const MonthCount& month : *results.timeline) {
            months.push_back({{"month", month.month},
                              {"count", month.count},
                              {"stories", month.stories},
                              {"per_1000", std::round(month.per_1000 * 1000.0) / 1000.0}});
        }
        json["timeline"] = months;
        json["timeline_undated"] = results.timeline_undated;
    }
    // With --facets only: the names most mentioned by the matching articles, counted over
    // `counted_over` of them (every match).
    if (results.names) {
        Json names = Json::array();
        for (const NameCount& name : *results.names) {
            names.push_back(
                {{"name", name.name}, {"count", name.count}, {"spellings", name.spellings}});
        }
        json["facets"] = {{"names", names}, {"counted_over", results.names_counted_over}};
    }
    write(out, json);
}

Json version_json(const StoryGroup::Version& version) {
    return {{"id", version.id}, {"date", date_json(version.date)}, {"title", version.title}};
}

void write_article_json(std::ostream& out, const Article& article,
                        const std::vector<StoryGroup::Version>& versions) {
    Json others = Json::array();
    for (const StoryGroup::Version& version : versions) others.push_back(version_json(version));
    write(out, Json{{"id", article.id},
                    {"date", date_json(article.date)},
                    {"title", article.title},
                    {"source", article.source_path},
                    {"text", article.text},
                    {"versions", others}});
}

void write_diff_json(std::ostream& out, const ArticleDiff& diff) {
    const auto pieces = [](const std::vector<DiffPiece>& list) {
        Json json = Json::array();
        for (const DiffPiece& piece : list) {
            json.push_back({{"op", piece.kind == DiffPiece::Kind::same    ? "same"
                                   : piece.kind == DiffPiece::Kind::added ? "added"
                                                                          : "removed"},
                            {"text", piece.text}});
        }
        return json;
    };
    write(out, Json{{"from", diff.from_id},
                    {"to", diff.to_id},
                    {"words_added", diff.words_added},
                    {"words_removed", diff.words_removed},
                    {"title", pieces(diff.title)},
                    {"text", pieces(diff.text)}});
}

void write_duplicates_json(std::ostream& out, const std::vector<StoryGroup>& groups) {
    Json list = Json::array();
    for (const StoryGroup& group : groups) {
        Json ids = Json::array();
        Json dates = Json::array();
        Json titles = Json::array();
        for (const StoryGroup::Version& version : group.versions) {
            ids.push_back(version.id);
            dates.push_back(date_json(version.date));
            titles.push_back(version.title);
        }
        list.push_back({{"ids", ids},
                        {"first", group.versions.empty() ? Json(nullptr)
                                                         : Json(group.versions.front().id)},
                        {"dates", dates},
                        {"titles", titles}});
    }
    write(out, Json{{"groups", list}});
}

void write_check_json(std::ostream& out, const IndexCheck& report) {
    write(out, Json{{"index", report.path.string()},
                    {"analyzer", report.analyzer},
                    {"articles", report.articles},
                    {"source_files", report.source_files},
                    {"unreadable_articles", report.unreadable_articles},
                    {"recorded_but_missing", report.recorded_but_missing},
                    {"not_recorded", report.not_recorded},
                    {"healthy", report.healthy()},
                    {"problems", report.problems}});
}

void write_stats_json(std::ostream& out, const IndexStats& stats) {
    Json per_month = Json::object();
    for (const auto& [month, count] : stats.articles_per_month) per_month[month] = count;
    write(out, Json{{"index", stats.path.string()},
                    {"articles", stats.articles},
                    {"undated", stats.undated},
                    {"first_day", date_json(stats.first_day)},
                    {"last_day", date_json(stats.last_day)},
                    {"size_bytes", stats.size_bytes},
                    {"analyzer", stats.analyzer},
                    {"articles_per_month", per_month}});
}

}  // namespace depeche::views

namespace depeche::views {
namespace {

nlohmann::ordered_json spellings_json(const std::vector<NameSpellingInfo>& spellings) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const NameSpellingInfo& spelling : spellings) {
        list.push_back({{"spelling", spelling.spelling},
                        {"articles", spelling.articles},
                        {"source", spelling.source},
                        {"similarity", spelling.similarity},
                        {"given_name", spelling.given_name},
                        {"reason", spelling.reason}});
    }
    return list;
}

}  // namespace

void write_variants_json(std::ostream& out, const NameVariants& variants, bool all) {
    nlohmann::ordered_json json;
    json["name"] = variants.name;
    json["aliases"] = spellings_json(variants.aliases);
    json["words"] = nlohmann::ordered_json::array();
    for (const NameWordVariants& word : variants.words) {
        nlohmann::ordered_json entry = {{"typed", word.typed},
                                        {"folded", word.folded},
                                        {"is_name", word.is_name},
                                        {"articles", word.typed_articles},
                                        {"spellings", spellings_json(word.searched)}};
        if (all) entry["rejected"] = spellings_json(word.rejected);
        json["words"].push_back(std::move(entry));
    }
    out << json.dump(2) << "\n";
}

}  // namespace depeche::views
