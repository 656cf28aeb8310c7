#include "store/source_record.hpp"

#include "store/binary_format.hpp"

namespace depeche {
namespace {
constexpr char format_version = 1;
}

std::string source_record_key(std::string_view path) {
    return std::string(source_record_key_prefix) +
           binary_format::hex16(binary_format::fnv1a(path));
}

std::string encode_source_record(const SourceRecord& record) {
    std::string out;
    out.push_back(format_version);
    binary_format::append_string(out, record.path);
    binary_format::append_number(out, record.size);
    binary_format::append_number(out, static_cast<std::uint64_t>(record.modified));
    binary_format::append_number(out, record.entries.size());
    for (const SourceRecord::Entry& entry : record.entries) {
        binary_format::append_string(out, entry.id);
        binary_format::append_number(out, entry.content_hash);
    }
    return out;
}

namespace {

// Reads the header; leaves `data` at the entries and `count` set to their number.
bool read_header(std::string_view& data, SourceRecord& record, std::uint64_t& count) {
    if (data.empty() || data.front() != format_version) return false;
    data.remove_prefix(1);
    std::uint64_t modified = 0;
    if (!binary_format::read_string(data, record.path) ||
        !binary_format::read_number(data, record.size) ||
        !binary_format::read_number(data, modified) || !binary_format::read_number(data, count) ||
        count > data.size()) {
        return false;
    }
    record.modified = static_cast<std::int64_t>(modified);
    record.entry_count = count;
    return true;
}

}  // namespace

std::optional<SourceRecord> decode_source_record_header(std::string_view data) {
    SourceRecord record;
    std::uint64_t count = 0;
    if (!read_header(data, record, count)) return std::nullopt;
    return record;
}

std::optional<SourceRecord> decode_source_record(std::string_view data) {
    SourceRecord record;
    std::uint64_t count = 0;
    if (!read_header(data, record, count)) return std::nullopt;
    record.entries.resize(count);
    for (SourceRecord::Entry& entry : record.entries) {
        if (!binary_format::read_string(data, entry.id) ||
            !binary_format::read_number(data, entry.content_hash)) {
            return std::nullopt;
        }
    }
    if (!data.empty()) return std::nullopt;
    return record;
}

std::uint64_t article_content_hash(const Article& article) {
    const std::string date = article.date ? article.date->to_string() : std::string();
    std::uint64_t hash = binary_format::fnv1a(article.id);
    for (std::string_view part : {std::string_view("\x1f"), std::string_view(date),
                                  std::string_view("\x1f"), std::string_view(article.title),
                                  std::string_view("\x1f"), std::string_view(article.text)}) {
        hash = binary_format::fnv1a(part, hash);
    }
    return hash;
}

}  // namespace depeche
