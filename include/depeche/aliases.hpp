#pragma once
// User aliases: equivalences no spelling rule can learn ("Daech = État islamique = EI = ISIS",
// "Pékin = Beijing"). A search for any alternative also searches the others; a multi-word
// alternative is searched as a phrase.
//
// File format (UTF-8): one group a line, two or more alternatives separated by "=";
// text after "#" is a comment; blank lines are ignored; a UTF-8 byte order mark and CRLF line
// ends are accepted. A bad line (one alternative, an empty one, one with no word) is reported
// with its line number and ignored; the other lines apply.
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "depeche/diagnostic.hpp"
#include "depeche/status.hpp"

namespace depeche {

struct AliasGroup {
    std::vector<std::string> alternatives;  // as written, trimmed
    std::size_t line = 0;                   // 1-based line of the file
};

struct Aliases {
    std::string file;  // where they were read from (for messages)
    std::vector<AliasGroup> groups;
};

// Parses the content of an aliases file; bad lines go to `problems` (kind bad_alias).
Aliases parse_aliases(std::string_view text, const std::string& file, const DiagnosticSink& problems);

// Reads and parses `file`. An error (not_found, io_error) when it cannot be read.
Result<Aliases> load_aliases(const std::filesystem::path& file, const DiagnosticSink& problems);

}  // namespace depeche
