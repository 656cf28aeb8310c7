#pragma once
// One article as read from a source, before analysis. The index stores it whole, so `show` and
// snippets work after the source files are gone.
#include <optional>
#include <string>

#include "depeche/date.hpp"

namespace depeche {

struct Article {
    std::string id;             // unique in an index: JSON `id`, or the text file's relative path
    std::optional<Date> date;   // absent when the source has no (valid) date
    std::string title;          // display title: JSON `title`, or a text file's first sentence
    std::string text;           // the article body as read (UTF-8), original spelling kept
    bool title_is_in_text = false;  // a text file's title is the start of its text
    std::string source_path;    // where it was read from, for messages
    std::size_t source_line = 0;  // 1-based line in a JSON Lines file, 0 for a text file
};

}  // namespace depeche
