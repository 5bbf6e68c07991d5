// Expected failures as values: a Result holds either a value or an Error naming the field and the reason.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace salonbox::domain {

// `field` names the form field the message belongs next to ("" for the whole form); `message_key` is an
// i18n key, so the same error reads right in every language.
struct Error {
    std::string field;
    std::string message_key;
};

template <class T>
class Result {
public:
    Result(T value) : v_(std::move(value)) {}
    Result(Error error) : v_(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(v_); }
    explicit operator bool() const { return ok(); }
    T& value() { return std::get<T>(v_); }
    const T& value() const { return std::get<T>(v_); }
    const Error& error() const { return std::get<Error>(v_); }

private:
    std::variant<T, Error> v_;
};

}  // namespace salonbox::domain
