#pragma once
// Problems found in input, reported with their location; a batch goes on after each one.
#include <cstddef>
#include <functional>
#include <string>

namespace depeche {

struct Diagnostic {
    enum class Severity { warning, error };
    Severity severity = Severity::warning;
    std::string path;
    std::size_t line = 0;  // 1-based; 0 when the problem concerns the whole file
    std::string message;

    // "path:line: message" (or "path: message" without a line).
    std::string to_string() const;
};

// Receives every diagnostic of a batch, in the order found. Never throws back into readers.
using DiagnosticSink = std::function<void(const Diagnostic&)>;

}  // namespace depeche
