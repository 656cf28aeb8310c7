#pragma once
// Turns an Article into the Xapian document the schema describes (index_schema.hpp), using the
// shared analyzer. One builder per thread (it owns an Analyzer).
#include <string>
#include <unordered_map>

#include <xapian.h>

#include "depeche/analyzer.hpp"
#include "depeche/article.hpp"

namespace depeche {

// Folded words and how often they occur, for Xapian's spelling table (suggestions).
using SpellingCounts = std::unordered_map<std::string, Xapian::termcount>;

struct PreparedArticle {
    Xapian::Document document;
    std::string id_term;  // Q<id>, the unique term to replace by
};

class DocumentBuilder {
public:
    // Builds the document; adds the article's words to `spelling`.
    PreparedArticle build(const Article& article, SpellingCounts& spelling);

private:
    Analyzer analyzer_;
};

}  // namespace depeche
