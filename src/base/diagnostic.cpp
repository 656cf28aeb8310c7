#include "depeche/diagnostic.hpp"

namespace depeche {

std::string Diagnostic::to_string() const {
    // Appended piece by piece: `path + ":" + std::to_string(line)` made g++ 12 -O2 report a
    // false -Wrestrict (GCC bug 105329).
    std::string text;
    text.reserve(path.size() + message.size() + 32);
    text.append(path);
    if (line > 0) text.append(":").append(std::to_string(line));
    text.append(": ");
    if (severity == Severity::error) text.append("error: ");
    text.append(message);
    return text;
}

std::string_view describe(Diagnostic::Kind kind) {
    using Kind = Diagnostic::Kind;
    switch (kind) {
        case Kind::missing_path: return "no such file or directory";
        case Kind::unreadable: return "cannot read";
        case Kind::truncated: return "compressed data truncated or corrupt";
        case Kind::skipped_file: return "not an article file";
        case Kind::binary_file: return "binary or UTF-16 file";
        case Kind::not_json: return "not valid JSON";
        case Kind::not_an_object: return "not a JSON object";
        case Kind::missing_field: return "missing field";
        case Kind::wrong_field_type: return "field of the wrong type";
        case Kind::bad_id: return "unusable id";
        case Kind::no_article_text: return "no article text";
        case Kind::no_date: return "no date";
        case Kind::bad_date: return "invalid date";
        case Kind::repaired_text: return "invalid UTF-8 repaired";
        case Kind::cut_text: return "file cut at the size limit";
        case Kind::not_gzip: return "not gzip-compressed";
        case Kind::duplicate_id: return "duplicate id";
        case Kind::bad_alias: return "bad alias line";
    }
    return "problem";
}

}  // namespace depeche
