#include "depeche/aliases.hpp"

#include <fstream>
#include <sstream>
#include <system_error>

#include "base/text.hpp"

namespace depeche {
namespace {

bool holds_a_letter_or_digit(std::string_view text) {
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) {
            return true;
        }
    }
    return false;
}

}  // namespace

Aliases parse_aliases(std::string_view text, const std::string& file,
                      const DiagnosticSink& problems) {
    Aliases aliases;
    aliases.file = file;
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    std::size_t line_number = 0;
    while (!text.empty()) {
        ++line_number;
        const std::size_t end = text.find('\n');
        std::string_view line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
        if (const std::size_t comment = line.find('#'); comment != std::string_view::npos) {
            line = line.substr(0, comment);
        }
        line = text::trim(line);
        if (line.empty()) continue;
        AliasGroup group;
        group.line = line_number;
        std::string problem;
        std::size_t from = 0;
        while (from <= line.size()) {
            const std::size_t separator = std::min(line.find('=', from), line.size());
            const std::string_view alternative = text::trim(line.substr(from, separator - from));
            if (alternative.empty()) {
                problem = "an empty alternative";
            } else if (!holds_a_letter_or_digit(alternative)) {
                problem = "alternative '" + std::string(alternative) + "' has no word";
            } else {
                group.alternatives.emplace_back(alternative);
            }
            from = separator + 1;
        }
        if (problem.empty() && group.alternatives.size() < 2) {
            problem = "one alternative only";
        }
        if (!problem.empty()) {
            if (problems) {
                problems(Diagnostic{Diagnostic::Severity::warning, Diagnostic::Kind::bad_alias,
                                    file, line_number,
                                    problem + ": expected 'A = B [= C...]', line ignored"});
            }
            continue;
        }
        aliases.groups.push_back(std::move(group));
    }
    return aliases;
}

Result<Aliases> load_aliases(const std::filesystem::path& file, const DiagnosticSink& problems) {
    std::error_code error;
    if (std::filesystem::is_directory(file, error)) {
        return Status::invalid_argument("aliases file " + file.string() + " is a directory");
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        if (!std::filesystem::exists(file, error)) {
            return Status::not_found("aliases file " + file.string() + " does not exist");
        }
        return Status::io_error("cannot read aliases file " + file.string());
    }
    std::ostringstream content;
    content << in.rdbuf();
    if (in.bad()) return Status::io_error("cannot read aliases file " + file.string());
    return parse_aliases(content.str(), file.string(), problems);
}

}  // namespace depeche
