#pragma once
// Turns an Article into the Xapian document the schema describes (store/schema.hpp), using the
// shared analyzer, and counts its words for the lexicon (store/lexicon.hpp). One builder per
// thread (it owns an Analyzer).
#include <string>

#include <xapian.h>

#include "depeche/analyzer.hpp"
#include "depeche/article.hpp"
#include "store/lexicon.hpp"

namespace depeche {

struct PreparedArticle {
    Xapian::Document document;
    std::string id_term;  // Q<id>, the unique term to replace by
};

class DocumentBuilder {
public:
    // Builds the document; adds the article's words to `lexicon`.
    PreparedArticle build(const Article& article, LexiconCounts& lexicon);

private:
    Analyzer analyzer_;
    LexiconCounts article_words_;  // this article's counts, reused between articles
};

}  // namespace depeche
