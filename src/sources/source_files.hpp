#pragma once
// Internals of read_sources shared by its files: readers for one text file and one JSON Lines
// file, and small text helpers. Readers report through `report`, which read_sources wraps to
// count warnings and errors; they update the file and article counts of `summary` themselves.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

#include "base/text.hpp"
#include "depeche/source_reader.hpp"

namespace depeche::source_files {

// Text files larger than this are read only up to here (at a UTF-8 boundary), with a warning.
inline constexpr std::size_t kMaxTextFileBytes = std::size_t{64} * 1024 * 1024;
// A JSON Lines line longer than this is skipped with an error instead of being held in memory.
inline constexpr std::size_t kMaxJsonLineBytes = std::size_t{64} * 1024 * 1024;

using text::is_space;
using text::trim;

// A system error text ("Permission denied") as the rest of a lowercase message.
std::string lowercase_reason(std::string reason);

// "64 MiB" for whole mebibytes, else "N bytes": how limits are named in messages.
std::string describe_size(std::size_t bytes);

// `value` cut to at most `max_bytes` bytes at a UTF-8 boundary, with "…" when cut: for quoting
// input in messages.
std::string quote_for_message(std::string_view value, std::size_t max_bytes = 40);

// Reads the text file at `path` (one article, see parse_text_article) and hands its article to
// `on_article`, unless the file is unreadable (error), binary (error) or holds no article text
// (warning, counted in summary.articles_skipped). Reads at most `max_bytes` bytes. Returns
// whether the file was read whole: false when it could not be opened or read; a binary file
// was read whole (it holds no article).
bool read_text_file(const std::filesystem::path& path, std::string id, std::size_t max_bytes,
                    const ArticleCallback& on_article, const DiagnosticSink& report,
                    SourceSummary& summary);

// Reads the JSON Lines file at `path`, gzip-compressed or not (zlib tells them apart;
// `expect_gzip` only adds a warning when a .gz file turns out to be plain text), streaming it
// line by line. Each bad record is reported and counted in summary.articles_skipped; a
// truncated or corrupt compressed stream is reported as an error at the line reached, and the
// articles before it are kept. Returns whether the file was read to its end.
// `on_bytes` (may be empty) hears the bytes of the file read so far, after each chunk.
bool read_json_lines_file(const std::filesystem::path& path, bool expect_gzip,
                          const ArticleCallback& on_article, const DiagnosticSink& report,
                          SourceSummary& summary,
                          const std::function<void(std::uint64_t)>& on_bytes = {});

}  // namespace depeche::source_files
