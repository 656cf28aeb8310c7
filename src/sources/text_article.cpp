// Text files in the sample format: " date 2020-02 Jihadistes et rebelles ...", one article a
// file, paragraphs separated by blank lines.
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <utility>

#include "depeche/source_reader.hpp"
#include "sources/source_files.hpp"
#include "sources/utf8_repair.hpp"

namespace depeche {
namespace {

using text::collapse_white_space;
using text::is_space;

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // …

// Reports a warning about `path` at `line` (0: the whole file).
void warn(const DiagnosticSink& sink, Diagnostic::Kind kind, const std::string& path,
          std::size_t line, std::string message) {
    if (sink) sink({Diagnostic::Severity::warning, kind, path, line, std::move(message)});
}

// `content` without a leading BOM and with CRLF line endings turned into LF.
std::string normalize_line_endings(std::string_view content) {
    if (content.substr(0, kByteOrderMark.size()) == kByteOrderMark) {
        content.remove_prefix(kByteOrderMark.size());
    }
    std::string text;
    text.reserve(content.size());
    std::size_t position = 0;
    while (position < content.size()) {
        const std::size_t carriage_return = content.find("\r\n", position);
        if (carriage_return == std::string_view::npos) {
            text.append(content.substr(position));
            break;
        }
        text.append(content.substr(position, carriage_return - position));
        text += '\n';
        position = carriage_return + 2;
    }
    return text;
}

// True for a space or a tab: white space that stays on the same line.
bool is_blank(char character) {
    return character == ' ' || character == '\t';
}

// Words that end with a period without ending a sentence ("MM. Macron et Scholz").
bool is_abbreviation(std::string_view word) {
    static constexpr std::string_view kAbbreviations[] = {
        "MM", "Mgr", "Mme", "Mmes", "Mlle", "Mlles", "Dr", "Pr", "Me",
        "St", "Ste", "Cie", "Jr",   "av",   "bd",    "cf", "p",  "pp"};
    if (word.size() == 1 && word[0] >= 'A' && word[0] <= 'Z') return true;
    return std::find(std::begin(kAbbreviations), std::end(kAbbreviations), word) !=
           std::end(kAbbreviations);
}

bool is_ascii_letter(char character) {
    return (character >= 'a' && character <= 'z') || (character >= 'A' && character <= 'Z');
}

// True when the period at `period` (in `text`, which starts at `start`) follows an abbreviation:
// a standalone run of ASCII letters that is_abbreviation accepts.
bool period_follows_abbreviation(std::string_view text, std::size_t start, std::size_t period) {
    std::size_t word_start = period;
    while (word_start > start && is_ascii_letter(text[word_start - 1])) --word_start;
    if (word_start == period) return false;
    // A letter run glued to a non-ASCII letter ("Hébert") is the end of a longer word.
    if (word_start > start && static_cast<unsigned char>(text[word_start - 1]) >= 0x80) {
        return false;
    }
    return is_abbreviation(text.substr(word_start, period - word_start));
}

// Length of the closing quote or bracket at `position` (" ' ) ] » ” ’), or 0.
std::size_t closing_mark_length(std::string_view text, std::size_t position) {
    const char character = text[position];
    if (character == '"' || character == '\'' || character == ')' || character == ']') return 1;
    const std::string_view rest = text.substr(position);
    if (rest.starts_with("\xC2\xBB")) return 2;                                          // »
    if (rest.starts_with("\xE2\x80\x9D") || rest.starts_with("\xE2\x80\x99")) return 3;  // ” ’
    return 0;
}

// Length of a French closing quote preceded by its space (" »", with a space, no-break space
// or narrow no-break space) at `position`, or 0: « c'est fini. » ends after the quote.
std::size_t spaced_closing_quote_length(std::string_view text, std::size_t position) {
    const std::string_view rest = text.substr(position);
    for (std::string_view space :
         {std::string_view(" "), std::string_view("\xC2\xA0"), std::string_view("\xE2\x80\xAF")}) {
        if (rest.starts_with(space) && rest.substr(space.size()).starts_with("\xC2\xBB")) {
            return space.size() + 2;
        }
    }
    return 0;
}

// End of the paragraph starting at `start`: the first newline followed by a blank line (or the
// end of the text).
std::size_t paragraph_end(std::string_view text, std::size_t start) {
    std::size_t newline = text.find('\n', start);
    while (newline != std::string_view::npos) {
        std::size_t next = newline + 1;
        while (next < text.size() && (is_blank(text[next]) || text[next] == '\r')) ++next;
        if (next >= text.size() || text[next] == '\n') return newline;
        newline = text.find('\n', next);
    }
    return text.size();
}

// End (exclusive) of the first sentence in text[start, end): just after its final punctuation
// and closing marks, or `end` when no sentence ends before it.
std::size_t sentence_end(std::string_view text, std::size_t start, std::size_t end) {
    for (std::size_t position = start; position < end; ++position) {
        std::size_t after = 0;
        const char character = text[position];
        if (character == '.' || character == '!' || character == '?') {
            after = position + 1;
        } else if (text.substr(position, kEllipsis.size()) == kEllipsis) {
            after = position + kEllipsis.size();
        } else {
            continue;
        }
        while (after < end) {
            std::size_t mark = closing_mark_length(text, after);
            if (mark == 0) mark = spaced_closing_quote_length(text, after);
            if (mark == 0 || after + mark > end) break;
            after += mark;
        }
        if (after < end && !is_space(text[after])) continue;
        if (character == '.' && period_follows_abbreviation(text, start, position)) continue;
        return std::min(after, end);
    }
    return end;
}

// The date header at the start of the trimmed content, if any.
struct Header {
    bool present = false;        // the content starts with the word "date"
    std::optional<Date> date;    // the valid date it gives
    std::string_view value;      // the date as written (empty when missing)
    std::size_t body_start = 0;  // where the article text starts after the header
};

// Recognizes "date VALUE" at `start`: the word "date" followed by white space (or the end), and
// VALUE the next word on the same line when it starts with a digit.
Header read_header(std::string_view text, std::size_t start) {
    Header header;
    header.body_start = start;
    constexpr std::string_view kWord = "date";
    const std::size_t word_end = start + kWord.size();
    if (text.substr(start, kWord.size()) != kWord) return header;
    if (word_end < text.size() && !is_space(text[word_end])) return header;
    header.present = true;
    header.body_start = word_end;
    std::size_t value_start = word_end;
    while (value_start < text.size() && is_blank(text[value_start])) ++value_start;
    if (value_start >= text.size() || text[value_start] < '0' || text[value_start] > '9') {
        return header;
    }
    std::size_t value_end = value_start;
    while (value_end < text.size() && !is_space(text[value_end])) ++value_end;
    header.value = text.substr(value_start, value_end - value_start);
    header.date = Date::parse_article_date(header.value);
    header.body_start = value_end;
    return header;
}

// Closes a FILE when it goes out of scope.
struct FileCloser {
    void operator()(std::FILE* file) const { std::fclose(file); }
};

}  // namespace

Article parse_text_article(std::string_view content, std::string id, const std::string& path,
                           const DiagnosticSink& sink) {
    Article article;
    article.id = std::move(id);
    article.source_path = path;
    article.source_line = 0;

    std::string text = normalize_line_endings(content);
    if (utf8::repair_in_place(text)) warn(sink, Diagnostic::Kind::repaired_text, path, 0, "invalid UTF-8 replaced with U+FFFD");

    std::size_t start = 0;
    while (start < text.size() && is_space(text[start])) ++start;
    if (start == text.size()) {
        warn(sink, Diagnostic::Kind::no_article_text, path, 0, "empty file: not indexed");
        return article;
    }
    const std::size_t header_line = 1 + std::count(text.begin(), text.begin() + start, '\n');

    const Header header = read_header(text, start);
    const std::string_view body =
        source_files::trim(std::string_view(text).substr(header.body_start));
    if (body.empty()) {  // one warning: saying how the date is read would contradict it
        warn(sink, Diagnostic::Kind::no_article_text, path, header_line,
             "no article text after the date header: not indexed");
        return article;
    }
    if (!header.present) {
        warn(sink, Diagnostic::Kind::no_date, path, 0, "no date header: indexed without a date");
    } else if (header.value.empty()) {
        warn(sink, Diagnostic::Kind::bad_date, path, header_line,
             "date header without a date: indexed without a date "
             "(expected \"date YYYY-MM\" or \"date YYYY-MM-DD\")");
    } else if (!header.date) {
        warn(sink, Diagnostic::Kind::bad_date, path, header_line,
             "invalid date \"" + source_files::quote_for_message(header.value) +
                 "\" in the date header: indexed without a date "
                 "(expected YYYY-MM or YYYY-MM-DD)");
    }
    article.date = header.date;
    article.text.assign(body);
    article.title = first_sentence_title(article.text);
    article.title_is_in_text = true;
    return article;
}

std::string first_sentence_title(std::string_view text, std::size_t max_bytes) {
    std::size_t start = 0;
    while (start < text.size() && is_space(text[start])) ++start;
    const std::size_t end = sentence_end(text, start, paragraph_end(text, start));
    std::string title = collapse_white_space(text.substr(start, end - start));
    if (title.size() <= max_bytes) return title;

    if (max_bytes < kEllipsis.size() + 1) return title.substr(0, utf8::cut_point(title, max_bytes));
    const std::size_t budget = max_bytes - kEllipsis.size();
    // title[budget] may be the space after the last word that fits.
    std::size_t cut = title.rfind(' ', budget);
    if (cut == std::string::npos || cut == 0) cut = utf8::cut_point(title, budget);
    title.resize(cut);
    while (!title.empty() && (title.back() == ' ' || title.back() == ',' || title.back() == ';' ||
                              title.back() == ':')) {
        title.pop_back();
    }
    title.append(kEllipsis);
    return title;
}

namespace source_files {

bool read_text_file(const std::filesystem::path& path, std::string id, std::size_t max_bytes,
                    const ArticleCallback& on_article, const DiagnosticSink& report,
                    SourceSummary& summary) {
    const std::string path_text = path.string();
    auto error = [&](Diagnostic::Kind kind, std::string message) {
        report({Diagnostic::Severity::error, kind, path_text, 0, std::move(message)});
    };

    errno = 0;
    const std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
    if (!file) {
        error(Diagnostic::Kind::unreadable, "cannot open file: " + lowercase_reason(std::strerror(errno)));
        return false;
    }
    ++summary.files_read;

    std::string content;
    constexpr std::size_t kChunkBytes = std::size_t{1} << 20;
    // The first read asks for the file's size and one byte more (it may have grown); later
    // ones a chunk each. (Asking for a whole chunk first allocated and zero-filled 1 MiB for
    // every file, however small.)
    std::error_code size_error;
    const std::uintmax_t size = std::filesystem::file_size(path, size_error);
    std::size_t next_chunk =
        size_error ? kChunkBytes
                   : static_cast<std::size_t>(std::min<std::uintmax_t>(size, max_bytes)) + 1;
    // Read one byte past the limit to know whether the file is larger.
    while (content.size() <= max_bytes) {
        const std::size_t wanted = std::min(next_chunk, max_bytes + 1 - content.size());
        next_chunk = kChunkBytes;
        const std::size_t old_size = content.size();
        content.resize(old_size + wanted);
        const std::size_t got = std::fread(content.data() + old_size, 1, wanted, file.get());
        content.resize(old_size + got);
        if (got < wanted) {
            if (std::ferror(file.get())) {
                error(Diagnostic::Kind::unreadable, "cannot read file: " + lowercase_reason(std::strerror(errno)));
                return false;
            }
            break;
        }
    }

    if (content.find('\0') != std::string::npos) {
        if (content.starts_with("\xFF\xFE") || content.starts_with("\xFE\xFF")) {
            error(Diagnostic::Kind::binary_file, "UTF-16 text, skipped: convert the file to UTF-8");
        } else {
            error(Diagnostic::Kind::binary_file, "binary file, skipped");
        }
        return true;  // read whole: it holds no article (any earlier one is gone)
    }
    if (content.size() > max_bytes) {
        content.resize(utf8::cut_point(content, max_bytes));
        report({Diagnostic::Severity::warning, Diagnostic::Kind::cut_text, path_text, 0,
                "file larger than " + describe_size(max_bytes) + ": only the first " +
                    describe_size(max_bytes) + " read"});
    }

    Article article = parse_text_article(content, std::move(id), path_text, report);
    if (article.text.empty()) {
        ++summary.articles_skipped;
        return true;  // read whole: it holds no article (any earlier one is gone)
    }
    ++summary.articles_read;
    on_article(std::move(article));
    return true;
}

}  // namespace source_files
}  // namespace depeche
