#include "base/text.hpp"

#include <algorithm>

namespace depeche::text {

std::string collapse_white_space(std::string_view text, std::vector<std::size_t>* offsets) {
    std::string result;
    result.reserve(text.size());
    if (offsets) offsets->assign(text.size() + 1, 0);
    bool pending_space = false;
    for (std::size_t index = 0; index < text.size(); ++index) {
        const char character = text[index];
        if (is_space(character)) {
            pending_space = !result.empty();
            if (offsets) (*offsets)[index] = result.size();
            continue;
        }
        if (pending_space) result += ' ';
        pending_space = false;
        if (offsets) (*offsets)[index] = result.size();
        result += character;
    }
    if (offsets) {
        (*offsets)[text.size()] = result.size();
        for (std::size_t& offset : *offsets) offset = std::min(offset, result.size());
    }
    return result;
}

}  // namespace depeche::text
