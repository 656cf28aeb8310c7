// Chains the analysis steps in their fixed order (see include/depeche/analyzer.hpp).
#include "depeche/analyzer.hpp"

#include "analysis/steps.hpp"
#include "base/text.hpp"

namespace depeche {

struct Analyzer::Impl {
    analysis::ComplexScriptSegmenter complex_segmenter;
    Xapian::Stem stemmer{"french"};
    analysis::WordMemo folded_words;
    analysis::WordMemo stems;
};

Analyzer::Analyzer() : impl_(std::make_unique<Impl>()) {}
Analyzer::~Analyzer() = default;
Analyzer::Analyzer(Analyzer&&) noexcept = default;
Analyzer& Analyzer::operator=(Analyzer&&) noexcept = default;

TermStarts::TermStarts(const std::vector<std::string>& terms,
                       const std::vector<std::string>& prefixes) {
    for (const std::string& term : terms) add(term);
    for (const std::string& prefix : prefixes) add(prefix);
}

void TermStarts::add(std::string_view text) {
    if (text.size() < 2) {
        every_word_ = true;
    } else {
        starts_.set(key(text));
    }
}

bool Analyzer::can_restart_at(std::string_view text, std::size_t offset) {
    if (offset == 0) return true;
    if (offset >= text.size() || !text::is_space(text[offset - 1])) return false;
    const auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
    std::size_t before = offset - 1;
    while (before > 0 && text::is_space(text[before])) --before;
    return !(is_digit(text[before]) && is_digit(text[offset]));
}

std::vector<Token> Analyzer::analyze(std::string_view text, std::uint32_t first_position) {
    return analyze_with(text, nullptr, first_position);
}

std::vector<Token> Analyzer::analyze(std::string_view text, const TermStarts& wanted,
                                     std::uint32_t first_position) {
    return analyze_with(text, &wanted, first_position);
}

std::vector<Token> Analyzer::analyze_with(std::string_view text, const TermStarts* wanted,
                                          std::uint32_t first_position) {
    std::vector<Token> tokens;
    tokens.reserve(text.size() / 6);
    analysis::segment(text, impl_->complex_segmenter, tokens);
    analysis::strip_elisions(text, tokens);
    analysis::mark_capitals(text, tokens);
    analysis::fold_tokens(impl_->folded_words, tokens);
    analysis::assign_positions(tokens, first_position);
    analysis::add_compounds(tokens);
    analysis::flag_stopwords(tokens);
    analysis::stem_tokens(impl_->stemmer, impl_->stems, wanted, tokens);
    return tokens;
}

}  // namespace depeche
