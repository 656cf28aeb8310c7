#pragma once
// The value of schema::names_slot: the names an article mentions, as "key\tsurface\n" each
// (keys and surfaces hold neither tabs nor line breaks: analysis/name_mentions.hpp collapses
// white space). Written by the document builder, read by the names facet.
#include <string>
#include <string_view>
#include <vector>

namespace depeche {

struct NameListEntry {
    std::string_view key;
    std::string_view surface;
};

inline void append_name_entry(std::string& list, std::string_view key, std::string_view surface) {
    list.append(key);
    list.push_back('\t');
    list.append(surface);
    list.push_back('\n');
}

// Calls visit(NameListEntry) for each entry of `list`, views into it; a malformed line (no
// tab) is skipped.
template <typename Visit>
void for_each_name_entry(std::string_view list, Visit visit) {
    while (!list.empty()) {
        const std::size_t line_end = list.find('\n');
        const std::string_view line = list.substr(0, line_end);
        list.remove_prefix(line_end == std::string_view::npos ? list.size() : line_end + 1);
        const std::size_t tab = line.find('\t');
        if (tab == std::string_view::npos || tab == 0) continue;
        visit(NameListEntry{line.substr(0, tab), line.substr(tab + 1)});
    }
}

}  // namespace depeche
