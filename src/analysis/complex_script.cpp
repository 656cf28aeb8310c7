// Step 1, for scripts written without spaces: ICU's dictionary-based word break iterator.
#include <memory>
#include <stdexcept>
#include <vector>

#include <unicode/brkiter.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include "analysis/steps.hpp"

namespace depeche::analysis {

struct ComplexScriptSegmenter::Impl {
    // Made on first use: creating it loads ICU's break rules, a few milliseconds that every
    // `depeche search` process would pay for text it almost never sees.
    bool created = false;
    std::unique_ptr<icu::BreakIterator> iterator;

    icu::BreakIterator* get() {
        if (!created) {
            created = true;
            UErrorCode error = U_ZERO_ERROR;
            iterator.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), error));
            if (U_FAILURE(error)) iterator.reset();
        }
        return iterator.get();
    }
};

ComplexScriptSegmenter::ComplexScriptSegmenter() : impl_(std::make_unique<Impl>()) {}

ComplexScriptSegmenter::~ComplexScriptSegmenter() = default;

void ComplexScriptSegmenter::segment(std::string_view text, std::uint32_t begin,
                                     std::uint32_t end, std::vector<Token>& tokens) {
    // UTF-16 copy of the run, with the UTF-8 offset of every UTF-16 unit (and of the end).
    icu::UnicodeString run;
    std::vector<std::uint32_t> utf8_offsets;
    std::uint32_t offset = begin;
    while (offset < end) {
        const std::uint32_t start = offset;
        const UChar32 c = next_code_point(text, offset, end);
        if (c < 0) continue;
        const std::int32_t units_before = run.length();
        run.append(c);
        for (std::int32_t unit = units_before; unit < run.length(); ++unit) {
            utf8_offsets.push_back(start);
        }
    }
    utf8_offsets.push_back(end);
    auto emit = [&](std::int32_t from, std::int32_t to) {
        Token token;
        token.begin = utf8_offsets[static_cast<std::size_t>(from)];
        token.end = utf8_offsets[static_cast<std::size_t>(to)];
        token.term.assign(text.substr(token.begin, token.end - token.begin));
        if (!token.term.empty() && token.term.size() <= max_term_bytes) {
            tokens.push_back(std::move(token));
        }
    };
    icu::BreakIterator* iterator = impl_->get();
    if (iterator == nullptr) {  // no ICU data: the whole run is one word
        emit(0, run.length());
        return;
    }
    iterator->setText(run);
    std::int32_t from = iterator->first();
    for (std::int32_t to = iterator->next(); to != icu::BreakIterator::DONE;
         from = to, to = iterator->next()) {
        if (iterator->getRuleStatus() != UBRK_WORD_NONE) emit(from, to);
    }
}

}  // namespace depeche::analysis
