#include "depeche/diagnostic.hpp"

namespace depeche {

std::string Diagnostic::to_string() const {
    std::string text = path;
    if (line > 0) text += ":" + std::to_string(line);
    text += ": ";
    if (severity == Severity::error) text += "error: ";
    text += message;
    return text;
}

}  // namespace depeche
