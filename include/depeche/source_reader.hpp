#pragma once
// Reads articles from the paths a user names: text files in the sample format and JSON Lines
// files (plain or gzip-compressed). Problems are reported to a DiagnosticSink with their file
// and line, and reading goes on with the next article or file; nothing here throws.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "depeche/article.hpp"
#include "depeche/diagnostic.hpp"

namespace depeche {

struct SourceSummary {
    std::size_t files_read = 0;      // text and JSON Lines files opened
    std::size_t articles_read = 0;   // articles handed to the callback
    std::size_t files_unchanged = 0; // skipped by SourceHooks::before_file (not opened)
    std::size_t files_ignored = 0;   // files of other types found while walking directories
    std::size_t files_skipped = 0;   // broken links, link loops, FIFOs named like articles
    std::size_t articles_skipped = 0;  // records that could not be read (each reported)
    std::size_t errors = 0;          // error diagnostics (unreadable paths, bad records...)
    std::size_t warnings = 0;        // warning diagnostics (no date header, repaired text...)
};

using ArticleCallback = std::function<void(Article&&)>;

// A source file about to be read, as found by read_sources.
struct SourceFile {
    std::string path;  // as reached from the path argument (root / relative path)
    std::uintmax_t size = 0;
    std::int64_t modified = 0;   // modification time, in nanoseconds since the epoch
};

// Optional per-file hooks, for callers that index incrementally. Exceptions thrown by any hook
// (and by the article callback) leave read_sources unchanged, e.g. to stop a run.
struct SourceHooks {
    ArticleCallback on_article;
    // Called before a supported file is opened; return false to skip it (nothing is read).
    std::function<bool(const SourceFile&)> before_file;
    // Called when a path argument has been walked, with the number of files to read in it
    // (1 for a file named directly) and their total size in bytes: for progress and ETA.
    std::function<void(std::size_t files, std::uint64_t bytes)> on_files_found;
    // Called while a file is read, with the bytes of it read so far (of the compressed data
    // for a .gz file), at least once at its end: progress within a large file.
    std::function<void(std::uint64_t bytes)> on_bytes_read;
    // Called after a file's articles: `read_whole` is false when it could not be read to its
    // end (cannot open or read, truncated gzip), so articles missing from it may still exist.
    // A file whose content is rejected whole (binary) was read whole: it holds no article.
    std::function<void(const SourceFile&, bool read_whole)> after_file;
};

// Reads every article under `paths` (files, or directories walked recursively in sorted order;
// files other than .txt, .jsonl and .jsonl.gz inside directories are counted and ignored, but a
// file named directly is read by its extension, and an unknown one is an error).
// Special files (FIFOs, sockets, devices) are never opened; directory symlinks are not followed.
// A text file's id is its path relative to the directory named in `paths` ("2020/afp-123"),
// or its file name when named directly, without ".txt"; a JSON Lines record's id is its `id`.
// Reading problems never throw; an exception thrown by `on_article` stops reading and
// propagates to the caller.
SourceSummary read_sources(const std::vector<std::filesystem::path>& paths,
                           const ArticleCallback& on_article, const DiagnosticSink& sink);
// The same, with per-file hooks.
SourceSummary read_sources(const std::vector<std::filesystem::path>& paths,
                           const SourceHooks& hooks, const DiagnosticSink& sink);

// Parses the content of one text file: optional leading white space, a header "date YYYY-MM"
// or "date YYYY-MM-DD", then the article. Without a header the article has no date (a warning
// is reported). `id` and `path` are copied into the article.
// A UTF-8 BOM is dropped, CRLF becomes LF, invalid UTF-8 becomes U+FFFD (one warning). A header
// with a bad or missing date ("date 2020-13") gives a warning and no date, and is removed from
// the text. The text is trimmed at both ends; the title is first_sentence_title(text). When
// there is no article text (empty content, or only a header), a warning is reported and the
// returned article's text is empty: read_sources does not emit such articles.
Article parse_text_article(std::string_view content, std::string id, const std::string& path,
                           const DiagnosticSink& sink);

// The display title of a text article: its first sentence (or first line), cut at a word
// boundary to at most `max_bytes` bytes, with "…" appended when cut.
// The sentence ends at the first ".", "!", "?" or "…" (closing quotes or brackets included)
// followed by white space or the end, except a "." after a single capital letter ("M.") or a
// usual abbreviation ("MM.", "Dr."); otherwise at the end of the first paragraph. White space
// runs become one space. When cut, the result, "…" included, is at most `max_bytes` bytes and
// never ends inside a UTF-8 sequence.
std::string first_sentence_title(std::string_view text, std::size_t max_bytes = 120);

// Parses one line of a JSON Lines file (without its newline) into an article: an object with
// `id` (string, or integer written in decimal), `text` (string), optional `title` (string;
// when missing or empty the title is first_sentence_title(text)) and optional `date`
// ("YYYY-MM-DD" or "YYYY-MM"; a time after the day, as in "2020-07-02T10:00:00Z", is ignored).
// Returns nullopt after reporting an error at `path`:`line_number` when the line is not JSON,
// not an object, lacks `id` or `text`, or has a field of the wrong type; also (with a warning)
// when both title and text are empty, and (silently) for a blank line. A missing or bad date
// is a warning and the article has no date. Invalid UTF-8 is replaced with U+FFFD (a warning).
std::optional<Article> parse_json_line(std::string_view line, const std::string& path,
                                       std::size_t line_number, const DiagnosticSink& sink);

}  // namespace depeche
