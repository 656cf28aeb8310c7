#pragma once
// Problems found in input, reported with their location; a batch goes on after each one.
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace depeche {

struct Diagnostic {
    enum class Severity { warning, error };
    // What went wrong. Callers decide by kind, never by the message's text: the indexer's
    // summary counts problems by kind, and a path of kind missing_path or unreadable fails a
    // --rebuild.
    enum class Kind {
        missing_path,      // a path named by the user does not exist
        unreadable,        // a file or directory could not be opened or read
        truncated,         // compressed data cut short or corrupt: articles before it kept
        skipped_file,      // not an article file: unsupported type named directly, FIFO,
                           // socket, device, broken or looping symbolic link
        binary_file,       // binary or UTF-16 content
        not_json,          // a JSON Lines line that is not valid JSON (or far too long)
        not_an_object,     // valid JSON, but not an object
        missing_field,     // no "id" or no "text"
        wrong_field_type,  // a field of the wrong JSON type
        bad_id,            // an empty id, or one too long for the index
        no_article_text,   // an empty file, a header alone, empty title and text
        no_date,           // no date: indexed without one
        bad_date,          // a malformed date: indexed without one
        repaired_text,     // invalid UTF-8 replaced with U+FFFD
        cut_text,          // over the size limit: only the start is indexed
        not_gzip,          // a .gz file that is plain text: read as such
        duplicate_id,      // an id read twice: the later article replaces the earlier
        bad_alias,         // an aliases file line that is not "A = B [= C...]": ignored
    };
    Severity severity = Severity::warning;
    Kind kind = Kind::unreadable;
    std::string path;
    std::size_t line = 0;  // 1-based; 0 when the problem concerns the whole file
    std::string message;

    // "path:line: message" (or "path: message" without a line).
    std::string to_string() const;
};

// A short description of a kind, for summaries ("not valid JSON", "missing field").
std::string_view describe(Diagnostic::Kind kind);

// Receives every diagnostic of a batch, in the order found. Never throws back into readers.
using DiagnosticSink = std::function<void(const Diagnostic&)>;

}  // namespace depeche
