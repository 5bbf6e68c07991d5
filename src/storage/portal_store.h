// What a signed-in customer may read, always filtered by their own customer id in SQL: asking for another
// customer's record finds nothing, exactly like asking for one that does not exist.
#pragma once

#include "domain/clock.h"
#include "domain/invoice_state.h"
#include "domain/request_limits.h"
#include "storage/appointment_store.h"
#include "storage/request_store.h"

#include "storage/database.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace salonbox::storage::portal_store {

struct AnimalRow {
    std::int64_t id;
    std::string name, species, breed, breed_detail;  // species and breed in the asked language
    int past_appointments;
};
std::vector<AnimalRow> animals(ReadTx& tx, std::int64_t customer_id, std::string_view locale, domain::Instant now);
bool owns_animal(ReadTx& tx, std::int64_t customer_id, std::int64_t animal_id);

// Never carries internal notes: they are not even selected.
struct AppointmentRow {
    std::int64_t id;
    std::string animal_name;
    domain::Instant starts_at, ends_at;
    std::string status, service, comments;
    std::int64_t animal_id = 0;
    std::optional<std::int64_t> bookable_service_id;  // the service when it is still offered (a "Rebook" link)
    std::string staff_name;                           // the groomer's display name; "" when unassigned
};
// Services are named in `lang` (service_store::localized_name_sql).
std::vector<AppointmentRow> upcoming_appointments(ReadTx& tx, std::int64_t customer_id, domain::Instant now, std::string_view lang);
// Past appointments (and cancelled ones), newest first: at most `limit` from `offset` on, and whether older
// ones follow.
struct PastPage {
    std::vector<AppointmentRow> rows;
    bool more = false;
};
PastPage past_appointments(ReadTx& tx, std::int64_t customer_id, domain::Instant now, std::string_view lang, int offset, int limit);

struct RequestRow {
    std::int64_t id;
    std::string animal_name;
    domain::Instant starts_at, ends_at;
    std::string status, comments, decision_message;
};
// Open requests and those decided in the last 30 days, newest first.
std::vector<RequestRow> recent_requests(ReadTx& tx, std::int64_t customer_id, domain::Instant now);
std::int64_t add_request(WriteTx& tx, std::int64_t customer_id, const AppointmentRequest& request);
// The customer's pending request for the same animal at the same start, if any: a form sent twice (a double
// click, the back button) is that request again, not a second one for the salon to answer.
std::optional<std::int64_t> pending_request_like(ReadTx& tx, std::int64_t customer_id, const AppointmentRequest& request);
// The customer's requests still pending, and those created at or after `since` (domain/request_limits.h).
domain::RequestCounts request_counts(ReadTx& tx, std::int64_t customer_id, domain::Instant since);

// Issued invoices only; drafts never reach the portal.
struct InvoiceRow {
    std::int64_t id;
    std::string number, currency;
    domain::Instant issued_at;
    std::int64_t total_minor, due_minor;
    bool credit_note;
    domain::InvoiceStatus status;  // what the admin panel shows for it too
};
struct InvoicePage {
    std::vector<InvoiceRow> rows;
    bool more = false;  // older invoices follow
};
// Newest first, at most `limit` from `offset` on.
InvoicePage invoices(ReadTx& tx, std::int64_t customer_id, int offset, int limit);
// What the customer still owes over all their invoices.
std::int64_t amount_due(ReadTx& tx, std::int64_t customer_id);

}  // namespace salonbox::storage::portal_store
