// Years of a salon's history written at once (the large demo salon): customers, animals, past appointments,
// issued invoices with payments and credit notes, decided requests and sent emails, inside the caller's one
// write transaction, through statements prepared once (the connection's cache). Invoices get their numbers and
// frozen totals by the rules of invoice_store::issue.
#pragma once

#include "domain/clock.h"
#include "storage/appointment_store.h"
#include "storage/customer_store.h"
#include "storage/database.h"
#include "storage/invoice_store.h"
#include "storage/request_store.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace salonbox::storage {

class BulkHistory {
public:
    // Reads the salon's invoice pattern, zone and currency once, and gives the connection a page cache big
    // enough to hold what one transaction of history writes (it is put back as it was when the writer ends).
    explicit BulkHistory(WriteTx& tx);
    ~BulkHistory();
    BulkHistory(const BulkHistory&) = delete;
    BulkHistory& operator=(const BulkHistory&) = delete;

    std::int64_t add_customer(const Customer& customer, domain::Instant created_at);
    std::int64_t add_animal(const Animal& animal, domain::Instant created_at);
    // A past appointment, booked at `booked_at`. Only scheduled appointments are checked for overlaps (by the
    // database); history is completed, cancelled or no-show.
    std::int64_t add_appointment(const Appointment& appointment, domain::Instant booked_at);

    struct Invoice {
        std::int64_t customer_id = 0;
        std::optional<std::int64_t> appointment_id;
        std::optional<std::int64_t> credit_note_for;  // a credit note: its lines carry negative quantities
        std::vector<InvoiceLine> lines;
        std::int64_t tip_minor = 0;
        domain::Instant issued_at{};
    };
    struct Issued {
        std::int64_t id = 0;
        std::int64_t total_minor = 0;
    };
    // Writes the invoice and issues it with the next number of its period: call in issue-date order, so that
    // numbers follow dates as they do when invoices are issued one by one.
    Issued add_issued_invoice(const Invoice& invoice);
    void add_payment(std::int64_t invoice_id, std::int64_t amount_minor, const std::string& method, domain::Instant paid_at,
                     std::optional<std::int64_t> recorded_by);
    // A request already decided (`status` approved, declined or withdrawn) or still pending (no decision).
    std::int64_t add_request(const AppointmentRequest& request, domain::Instant created_at, std::optional<domain::Instant> decided_at,
                             std::optional<std::int64_t> decided_by);
    // A message of the email log, delivered at `sent_at`.
    void add_sent_email(const std::string& to_address, const std::string& to_name, const std::string& subject, const std::string& body,
                        domain::Instant sent_at);

private:
    WriteTx& tx_;
    std::string pattern_, time_zone_, currency_;
    std::int64_t cache_size_before_ = 0;
};

}  // namespace salonbox::storage
