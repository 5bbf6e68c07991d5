// Customers' change requests (cancel or move an appointment), the salon's change policy, and the one
// transaction that carries a change out.
#pragma once

#include "domain/change_policy.h"
#include "domain/clock.h"
#include "storage/appointment_store.h"
#include "storage/database.h"
#include "storage/store_result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace salonbox::storage {

// The salon's terms for customers' own changes, as Settings -> Booking preferences edits them.
struct ChangeSettings {
    domain::ChangePolicy policy;
    bool auto_approve = false;  // a customer's change is carried out at once, stored as approved automatically
};

// What the customer asks, with the terms frozen at the instant they asked.
struct ChangeAsk {
    std::int64_t appointment_id = 0;
    domain::CustomerChange kind = domain::CustomerChange::cancel;
    std::optional<domain::Instant> asked_starts_at, asked_ends_at;  // reschedule only
    std::optional<std::int64_t> asked_staff_user_id;               // reschedule: nothing is anyone
    std::string reason;
    domain::ChangeTerms terms;
};

// A change request with what the inbox, the portal and a decision need.
struct ChangeRequestDetails {
    std::int64_t id = 0;
    std::int64_t appointment_id = 0;
    std::int64_t customer_id = 0;
    std::string kind;  // "cancel" | "reschedule"
    std::optional<domain::Instant> asked_starts_at, asked_ends_at;
    std::optional<std::int64_t> asked_staff_user_id;
    std::string reason, status, decision_message;
    bool late = false;
    std::int64_t fee_minor = 0;
    domain::Instant previous_starts_at{};  // the appointment's start when the customer asked
    domain::Instant starts_at{}, ends_at{};  // the appointment's times now
    std::optional<std::int64_t> service_id, staff_user_id;  // the appointment's now
    std::string customer_name, animal_name;
    std::optional<std::int64_t> decided_by;
    bool decided_automatically = false;
    std::string decided_by_name;  // the staff member's display name, else email; "" while pending or automatic
    std::optional<domain::Instant> decided_at;
    domain::Instant created_at{};
};

// What an approval did to the appointment, for the messages that follow it.
struct ChangeOutcome {
    std::optional<std::int64_t> staff_before, staff_after;
    domain::Instant starts_before{}, starts_after{}, ends_after{};
    std::optional<std::int64_t> fee_invoice_id;  // the draft that received the late fee
};

// A time the salon proposes for an appointment instead of the customer's ask; the customer accepts or declines it.
struct ProposedTime {
    std::int64_t id = 0;
    std::int64_t appointment_id = 0;
    std::optional<std::int64_t> change_request_id, staff_user_id;
    domain::Instant starts_at{}, ends_at{};
    std::string status;  // "pending" | "accepted" | "declined" | "withdrawn"
};

namespace change_request_store {
ChangeSettings load_settings(ReadTx& tx);
void save_settings(WriteTx& tx, const ChangeSettings& settings);

// `customer_id`'s appointment `appointment_id` (internal notes left out); another customer's is nothing.
std::optional<Appointment> customer_appointment(ReadTx& tx, std::int64_t customer_id, std::int64_t appointment_id);

// A new pending request on `customer_id`'s appointment. 0 when the appointment is not theirs or not
// scheduled; StoreError::change_pending when it already has a pending request.
StoreResult<std::int64_t> open(WriteTx& tx, std::int64_t customer_id, const ChangeAsk& ask);

// The request `id`; only when it is on `customer_id`'s appointment if given (another customer's is nothing).
std::optional<ChangeRequestDetails> find(ReadTx& tx, std::int64_t id, std::optional<std::int64_t> customer_id = std::nullopt);
// The newest request on appointment `appointment_id` of `customer_id`, whatever its status.
std::optional<ChangeRequestDetails> latest_on_appointment(ReadTx& tx, std::int64_t customer_id, std::int64_t appointment_id);
// Pending requests, oldest first.
std::vector<ChangeRequestDetails> pending(ReadTx& tx, int limit);
int count_pending(ReadTx& tx);
// Requests decided at or after `since`, the latest decision first.
std::vector<ChangeRequestDetails> decided_since(ReadTx& tx, domain::Instant since, int limit);
// The requests on the customer's scheduled appointments (the portal shows them on the upcoming ones): pending
// ones and those created at or after `since`, newest first.
std::vector<ChangeRequestDetails> for_customer(ReadTx& tx, std::int64_t customer_id, domain::Instant since);

// Withdraws the customer's pending request. False when it is not theirs or no longer pending: the UPDATE
// checks status = 'pending' itself, so of a withdrawal and a decision racing exactly one happens.
bool withdraw(WriteTx& tx, std::int64_t id, std::int64_t customer_id);

// Claims the pending request as approved (by `decided_by`, or automatically when nothing) and carries it out
// in the caller's transaction: a cancellation closes the appointment, a move goes through
// booking_store::place. When late with a fee, adds a line `fee_description` to the customer's newest draft
// invoice (or a new draft). Refusals: already_settled (nothing written), appointment_closed when the salon
// closed the appointment since the customer asked, slot_taken / staff_overlap / animal_overlap (for those, the
// transaction is cancelled: the request stays pending).
StoreResult<ChangeOutcome> approve(WriteTx& tx, std::int64_t id, std::optional<std::int64_t> decided_by, const std::string& time_zone,
                                   const std::string& currency, const std::string& fee_description, const std::string& message);
// Claims the pending request as declined. False when it was no longer pending.
bool decline(WriteTx& tx, std::int64_t id, std::int64_t decided_by, const std::string& message);

// Declines pending change `id` and proposes [starts_at, ends_at) with `staff_user_id` for its appointment
// instead, in the caller's transaction; the new proposal's id. Refusals: already_settled when the request is no
// longer pending; change_pending when the appointment already has an open proposal.
StoreResult<std::int64_t> propose_instead(WriteTx& tx, std::int64_t change_id, std::int64_t decided_by, domain::Instant starts_at,
                                          domain::Instant ends_at, std::optional<std::int64_t> staff_user_id, const std::string& message);
// The open proposals on `customer_id`'s scheduled appointments, in the order of those appointments.
std::vector<ProposedTime> open_proposals(ReadTx& tx, std::int64_t customer_id);
// The customer accepts their open proposal `id`: it is claimed only while open (a conditional UPDATE), then the
// appointment moves there under the overlap triggers. Refusals: already_settled (not theirs, or not open any
// more; nothing written), slot_taken when the proposed time has passed, staff_overlap / animal_overlap (these
// three cancel the transaction: the proposal stays open).
StoreResult<ChangeOutcome> accept_proposal(WriteTx& tx, std::int64_t id, std::int64_t customer_id);
// The customer declines their open proposal `id`; false when it is not theirs or not open.
bool decline_proposal(WriteTx& tx, std::int64_t id, std::int64_t customer_id);
}  // namespace change_request_store

}  // namespace salonbox::storage
