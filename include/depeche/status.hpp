#pragma once
// Status and Result: expected failures as values (LevelDB style). Library functions that can
// fail because of the outside world (files, indexes, user queries) return these instead of
// throwing; exceptions from Xapian are caught at the library boundary and turned into a Status.
// Both are [[nodiscard]]: a failure cannot be dropped by accident.
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace depeche {

class [[nodiscard]] Status {
public:
    enum class Code {
        ok,
        not_found,
        invalid_argument,
        io_error,
        corruption,
        version_mismatch,
        internal  // a bug in depeche: a broken promise between its parts
    };

    Status() = default;
    static Status ok() { return {}; }
    static Status not_found(std::string message) { return {Code::not_found, std::move(message)}; }
    static Status invalid_argument(std::string message) {
        return {Code::invalid_argument, std::move(message)};
    }
    static Status io_error(std::string message) { return {Code::io_error, std::move(message)}; }
    static Status corruption(std::string message) {
        return {Code::corruption, std::move(message)};
    }
    static Status version_mismatch(std::string message) {
        return {Code::version_mismatch, std::move(message)};
    }
    static Status internal(std::string message) { return {Code::internal, std::move(message)}; }

    bool is_ok() const { return code_ == Code::ok; }
    Code code() const { return code_; }
    // A sentence a user can act on; empty when ok.
    const std::string& message() const { return message_; }

private:
    Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}
    Code code_ = Code::ok;
    std::string message_;
};

// Either a value or the Status that explains why there is none; never neither. A Result made
// from an ok Status (a caller's mistake: there is no value to give) holds an internal error
// saying so, rather than a third state.
template <typename Value>
class [[nodiscard]] Result {
public:
    Result(Value value) : state_(std::move(value)) {}  // NOLINT: implicit by design
    Result(Status status)  // NOLINT: implicit by design
        : state_(status.is_ok() ? Status::internal("a result without a value (a bug in depeche)")
                                : std::move(status)) {}

    bool is_ok() const { return std::holds_alternative<Value>(state_); }
    // Ok when is_ok(), else the error.
    const Status& status() const {
        static const Status ok_status;
        return is_ok() ? ok_status : std::get<Status>(state_);
    }
    // Precondition: is_ok().
    Value& value() { return std::get<Value>(state_); }
    const Value& value() const { return std::get<Value>(state_); }
    Value* operator->() { return &value(); }
    const Value* operator->() const { return &value(); }

private:
    std::variant<Value, Status> state_;
};

}  // namespace depeche
