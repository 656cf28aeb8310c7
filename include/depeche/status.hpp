#pragma once
// Status and Result: expected failures as values (LevelDB style). Library functions that can
// fail because of the outside world (files, indexes, user queries) return these instead of
// throwing; exceptions from Xapian are caught at the library boundary and turned into a Status.
#include <optional>
#include <string>
#include <utility>

namespace depeche {

class Status {
public:
    enum class Code { ok, not_found, invalid_argument, io_error, corruption, version_mismatch };

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

    bool is_ok() const { return code_ == Code::ok; }
    Code code() const { return code_; }
    // A sentence a user can act on; empty when ok.
    const std::string& message() const { return message_; }

private:
    Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}
    Code code_ = Code::ok;
    std::string message_;
};

// Either a value or the Status that explains why there is none.
template <typename Value>
class Result {
public:
    Result(Value value) : value_(std::move(value)) {}  // NOLINT: implicit by design
    Result(Status status) : status_(std::move(status)) {}  // NOLINT: implicit by design

    bool is_ok() const { return value_.has_value(); }
    const Status& status() const { return status_; }
    Value& value() { return *value_; }
    const Value& value() const { return *value_; }
    Value* operator->() { return &*value_; }
    const Value* operator->() const { return &*value_; }

private:
    std::optional<Value> value_;
    Status status_;
};

}  // namespace depeche
