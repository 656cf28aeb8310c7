// JSON Lines files, plain or gzip-compressed: one article object a line, streamed through zlib.
#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <nlohmann/json.hpp>
#include <utility>
#include <vector>

#include "depeche/source_reader.hpp"
#include "sources/source_files.hpp"
#include "sources/utf8_repair.hpp"

namespace depeche {
namespace {

using nlohmann::json;

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

// Records why nlohmann::json rejects a text, without exceptions: a SAX consumer that accepts
// every value and keeps the parse error's description.
class ParseErrorRecorder : public nlohmann::json_sax<json> {
public:
    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t&) override { return true; }
    bool string(string_t&) override { return true; }
    bool binary(binary_t&) override { return true; }
    bool start_object(std::size_t) override { return true; }
    bool key(string_t&) override { return true; }
    bool end_object() override { return true; }
    bool start_array(std::size_t) override { return true; }
    bool end_array() override { return true; }
    bool parse_error(std::size_t, const std::string&,
                     const nlohmann::detail::exception& exception) override {
        description_ = exception.what();
        return false;
    }
    // nlohmann's text without its "[json.exception.parse_error.101] parse error at line 1, "
    // prefix: "column 5: syntax error while parsing value - invalid literal; last read: 'x'".
    std::string description() const {
        const std::size_t column = description_.find("column ");
        return column == std::string::npos ? description_ : description_.substr(column);
    }

private:
    std::string description_;
};

// Why `line` is not valid JSON, for a message.
std::string describe_json_error(std::string_view line) {
    ParseErrorRecorder recorder;
    json::sax_parse(line.begin(), line.end(), &recorder);
    const std::string description = recorder.description();
    if (description.empty()) return "not valid JSON";
    return "not valid JSON (" + source_files::quote_for_message(description, 160) + ")";
}

// "a string", "an array"...: the JSON type of `value` for a message.
std::string type_with_article(const json& value) {
    const std::string name = value.type_name();
    const bool vowel = name == "object" || name == "array";
    return (vowel ? "an " : "a ") + name;
}

// The date of a record's `date` string, or nullopt. A time after the day ("2020-07-02T10:00",
// "2020-07-02 10:00:00") is ignored.
std::optional<Date> parse_record_date(std::string_view value) {
    value = source_files::trim(value);
    if (value.size() > 10 && (value[10] == 'T' || value[10] == ' ')) value = value.substr(0, 10);
    return Date::parse_article_date(value);
}

// Moves the string out of `value` (which must hold a string), trimmed at both ends.
std::string take_trimmed_string(json& value) {
    std::string& text = value.get_ref<std::string&>();
    const std::string_view trimmed = source_files::trim(text);
    if (trimmed.size() == text.size()) return std::move(text);
    return std::string(trimmed);
}

// Closes a gzFile when it goes out of scope.
struct GzipCloser {
    void operator()(gzFile_s* file) const { gzclose_r(file); }
};

}  // namespace

std::optional<Article> parse_json_line(std::string_view line, const std::string& path,
                                       std::size_t line_number, const DiagnosticSink& sink) {
    using Kind = Diagnostic::Kind;
    auto report = [&](Diagnostic::Severity severity, Kind kind, std::string message) {
        if (sink) sink({severity, kind, path, line_number, std::move(message)});
    };
    auto error = [&](Kind kind, std::string message) {
        report(Diagnostic::Severity::error, kind, std::move(message));
        return std::nullopt;
    };
    if (source_files::trim(line).empty()) return std::nullopt;

    // nlohmann::json rejects invalid UTF-8, so the line is repaired only when parsing fails.
    json record = json::parse(line.begin(), line.end(), nullptr, false);
    bool repaired = false;
    std::string repaired_line;
    if (record.is_discarded() && !utf8::is_valid(line)) {
        repaired_line = utf8::repaired(line);
        line = repaired_line;
        record = json::parse(line.begin(), line.end(), nullptr, false);
        repaired = true;
    }
    if (record.is_discarded()) return error(Kind::not_json, describe_json_error(line));
    if (!record.is_object()) {
        return error(Kind::not_an_object, "expected a JSON object, found " + type_with_article(record));
    }

    Article article;
    article.source_path = path;
    article.source_line = line_number;

    const auto id = record.find("id");
    if (id == record.end()) return error(Kind::missing_field, "missing \"id\" field");
    if (id->is_string()) {
        article.id = std::move(id->get_ref<std::string&>());
    } else if (id->is_number_unsigned()) {
        article.id = std::to_string(id->get<std::uint64_t>());
    } else if (id->is_number_integer()) {
        article.id = std::to_string(id->get<std::int64_t>());
    } else {
        return error(Kind::wrong_field_type, "field \"id\" must be a string or an integer, found " +
                     type_with_article(*id));
    }
    if (article.id.empty()) return error(Kind::bad_id, "empty \"id\" field");

    const auto text = record.find("text");
    if (text == record.end()) return error(Kind::missing_field, "missing \"text\" field");
    if (!text->is_string()) {
        return error(Kind::wrong_field_type, "field \"text\" must be a string, found " + type_with_article(*text));
    }
    const auto title = record.find("title");
    if (title != record.end() && !title->is_string() && !title->is_null()) {
        return error(Kind::wrong_field_type, "field \"title\" must be a string, found " + type_with_article(*title));
    }
    const auto date = record.find("date");
    if (date != record.end() && !date->is_string() && !date->is_null()) {
        return error(Kind::wrong_field_type, "field \"date\" must be a string, found " + type_with_article(*date));
    }

    article.text = take_trimmed_string(*text);
    if (title != record.end() && title->is_string()) article.title = take_trimmed_string(*title);
    if (article.title.empty() && article.text.empty()) {
        report(Diagnostic::Severity::warning, Kind::no_article_text, "empty title and text: skipped");
        return std::nullopt;
    }
    if (article.title.empty()) {
        article.title = first_sentence_title(article.text);
        article.title_is_in_text = true;
    }

    if (date == record.end() || date->is_null() || date->get_ref<std::string&>().empty()) {
        report(Diagnostic::Severity::warning, Kind::no_date, "no date: indexed without a date");
    } else {
        article.date = parse_record_date(date->get_ref<std::string&>());
        if (!article.date) {
            report(Diagnostic::Severity::warning, Kind::bad_date,
                   "invalid date \"" +
                       source_files::quote_for_message(date->get_ref<std::string&>()) +
                       "\": indexed without a date (expected YYYY-MM-DD or YYYY-MM)");
        }
    }
    if (repaired) report(Diagnostic::Severity::warning, Kind::repaired_text, "invalid UTF-8 replaced with U+FFFD");
    return article;
}

namespace source_files {
namespace {

// Splits a decompressed byte stream into lines and turns each into an article.
class JsonLinesReader {
public:
    JsonLinesReader(std::string path, const ArticleCallback& on_article,
                    const DiagnosticSink& report, SourceSummary& summary)
        : path_(std::move(path)), on_article_(on_article), report_(report), summary_(summary) {}

    // Feeds the next `data` of the stream.
    void feed(std::string_view data) {
        while (!data.empty()) {
            const std::size_t newline = data.find('\n');
            if (newline == std::string_view::npos) {
                hold(data);
                return;
            }
            const std::string_view piece = data.substr(0, newline);
            data.remove_prefix(newline + 1);
            if (skipping_long_line_) {
                skipping_long_line_ = false;
                ++lines_done_;
                pending_.clear();
            } else if (pending_.empty()) {
                finish_line(piece);
            } else {
                pending_.append(piece);
                finish_line(pending_);
                pending_.clear();
            }
        }
    }

    // Ends the stream normally: a last line without a newline is still read.
    void finish() {
        if (!pending_.empty() && !skipping_long_line_) finish_line(pending_);
        pending_.clear();
    }

    // Ends the stream after a read failure: a partial last line is dropped (and counted as
    // skipped), and the error names the line reached.
    void fail(Diagnostic::Kind kind, const std::string& reason) {
        if (!pending_.empty() || skipping_long_line_) ++summary_.articles_skipped;
        pending_.clear();
        report_({Diagnostic::Severity::error, kind, path_, lines_done_ + 1,
                 reason + ": reading stopped, articles before this line were kept"});
    }

private:
    // Keeps the start of a line that continues in the next data, unless it grows too long.
    void hold(std::string_view data) {
        if (skipping_long_line_) return;
        if (pending_.size() + data.size() > kMaxJsonLineBytes) {
            report_({Diagnostic::Severity::error, Diagnostic::Kind::not_json, path_,
                     lines_done_ + 1, "line longer than " + describe_size(kMaxJsonLineBytes) + ": skipped"});
            ++summary_.articles_skipped;
            skipping_long_line_ = true;
            pending_.clear();
            pending_.shrink_to_fit();
            return;
        }
        pending_.append(data);
    }

    // Reads the complete line `line` (without its newline).
    void finish_line(std::string_view line) {
        const std::size_t line_number = ++lines_done_;
        if (line_number == 1 && line.starts_with(kByteOrderMark)) {
            line.remove_prefix(kByteOrderMark.size());
        }
        if (trim(line).empty()) return;
        std::optional<Article> article = parse_json_line(line, path_, line_number, report_);
        if (!article) {
            ++summary_.articles_skipped;
            return;
        }
        ++summary_.articles_read;
        on_article_(std::move(*article));
    }

    std::string path_;
    const ArticleCallback& on_article_;
    const DiagnosticSink& report_;
    SourceSummary& summary_;
    std::string pending_;              // start of the current line, when it spans reads
    std::size_t lines_done_ = 0;       // lines complete so far
    bool skipping_long_line_ = false;  // dropping the rest of a too long line
};

// zlib's description of the error state of `file`, or "" when there is none.
std::string gzip_error(gzFile file) {
    int code = Z_OK;
    const char* message = gzerror(file, &code);
    if (code == Z_OK) return "";
    if (code == Z_ERRNO) return "cannot read file: " + lowercase_reason(std::strerror(errno));
    return std::string("compressed data is truncated or corrupt (") +
           (message != nullptr ? message : "zlib error") + ")";
}

}  // namespace

bool read_json_lines_file(const std::filesystem::path& path, bool expect_gzip,
                          const ArticleCallback& on_article, const DiagnosticSink& report,
                          SourceSummary& summary,
                          const std::function<void(std::uint64_t)>& on_bytes) {
    const std::string path_text = path.string();
    errno = 0;
    const std::unique_ptr<gzFile_s, GzipCloser> file(gzopen(path.c_str(), "rb"));
    if (!file) {
        const std::string reason =
            errno != 0 ? lowercase_reason(std::strerror(errno)) : std::string("not enough memory");
        report({Diagnostic::Severity::error, Diagnostic::Kind::unreadable, path_text, 0,
                "cannot open file: " + reason});
        return false;
    }
    ++summary.files_read;
    constexpr unsigned kChunkBytes = 1u << 18;
    gzbuffer(file.get(), kChunkBytes);
    if (expect_gzip && gzdirect(file.get()) == 1) {
        report({Diagnostic::Severity::warning, Diagnostic::Kind::not_gzip, path_text, 0,
                "not gzip-compressed: read as plain text"});
    }

    JsonLinesReader reader(path_text, on_article, report, summary);
    std::vector<char> chunk(kChunkBytes);
    for (;;) {
        const int got = gzread(file.get(), chunk.data(), kChunkBytes);
        if (got > 0) reader.feed(std::string_view(chunk.data(), static_cast<std::size_t>(got)));
        if (on_bytes) {
            const z_off_t offset = gzoffset(file.get());  // of the compressed input
            if (offset >= 0) on_bytes(static_cast<std::uint64_t>(offset));
        }
        const std::string failure = gzip_error(file.get());
        if (!failure.empty() || got < 0) {
            // A read error is unreadable; anything else zlib reports is a corrupt stream.
            const bool read_error = failure.empty() || failure.starts_with("cannot read");
            reader.fail(read_error ? Diagnostic::Kind::unreadable : Diagnostic::Kind::truncated,
                        failure.empty() ? "cannot read file" : failure);
            return false;
        }
        if (got == 0) break;
    }
    reader.finish();
    return true;
}

}  // namespace source_files
}  // namespace depeche
