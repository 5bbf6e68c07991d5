// The writes a store may refuse, as values: decided in storage from SQLite's extended result codes and from the
// messages of the schema's own triggers, so callers branch on an enum and never on SQLite's wording or numbers.
#pragma once

#include <utility>
#include <variant>

namespace salonbox::storage {

enum class StoreError {
    staff_overlap,    // a scheduled appointment of the same staff member overlaps (schema.sql's trigger)
    animal_overlap,   // a scheduled appointment of the same animal overlaps
    staff_missing,    // a scheduled appointment would be written, moved or reopened without a groomer (schema.sql)
    duplicate_email,  // another account already has this email (users.email is UNIQUE)
    credit_short,     // a debit would take a customer's credit balance below zero (schema.sql's trigger)
    slot_taken,       // the time is no longer free (booking_store::place re-checked it in the write transaction)
    change_pending,   // the appointment already has a pending change request (one at a time)
    already_settled,  // the change request is no longer pending: approved, declined or withdrawn meanwhile
    appointment_closed,  // the appointment a change request is about was cancelled, completed or missed meanwhile
};

// Either the value of a write that went through, or why the store refused it. A refused statement changed
// nothing, but earlier writes of the transaction stand: cancel the WriteTx when they must not.
template <class T = std::monostate>
class StoreResult {
public:
    StoreResult(T value) : v_(std::move(value)) {}
    StoreResult(StoreError error) : v_(error) {}

    bool ok() const { return std::holds_alternative<T>(v_); }
    explicit operator bool() const { return ok(); }
    T& value() { return std::get<T>(v_); }
    const T& value() const { return std::get<T>(v_); }
    StoreError error() const { return std::get<StoreError>(v_); }

private:
    std::variant<T, StoreError> v_;
};

}  // namespace salonbox::storage
