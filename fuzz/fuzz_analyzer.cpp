// libFuzzer target: the analyzer and snippets. Aborts when an invariant breaks: offsets inside
// the text and in order, folding idempotent, highlights inside the snippet and sorted.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "depeche/analyzer.hpp"
#include "depeche/snippet.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static depeche::Analyzer analyzer;
    const std::string text(reinterpret_cast<const char*>(data), size);
    const auto tokens = analyzer.analyze(text);
    std::uint32_t previous_begin = 0;
    depeche::SnippetTerms terms;
    for (const depeche::Token& token : tokens) {
        if (token.begin >= token.end || token.end > text.size()) std::abort();
        if (token.begin < previous_begin) std::abort();
        previous_begin = token.begin;
        if (depeche::Analyzer::fold(token.folded) != token.folded) std::abort();
        if (terms.terms.size() < 3) terms.terms.push_back(token.term);
    }
    std::sort(terms.terms.begin(), terms.terms.end());
    const depeche::Snippet snippet = depeche::make_snippet(analyzer, text, terms, 64);
    std::size_t previous_end = 0;
    for (const auto& range : snippet.highlights) {
        if (range.begin < previous_end || range.begin >= range.end ||
            range.end > snippet.text.size()) {
            std::abort();
        }
        previous_end = range.end;
    }
    return 0;
}
