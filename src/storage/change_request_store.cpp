#include "storage/change_request_store.h"

#include "storage/appointment_store.h"
#include "storage/booking_store.h"
#include "storage/invoice_store.h"
#include "storage/statement.h"

namespace salonbox::storage {

namespace {
#define SALONBOX_CHANGE_REQUEST_COLUMNS                                                                                    \
    "SELECT r.id, r.appointment_id, ap.customer_id, r.kind, r.asked_starts_at, r.asked_ends_at, r.asked_staff_user_id, r.reason, " \
    "r.status, r.decision_message, r.late, r.fee_minor, r.previous_starts_at, ap.starts_at, ap.ends_at, ap.service_id, "          \
    "ap.staff_user_id, trim(c.first_name || ' ' || c.last_name), an.name, r.decided_by, r.decided_automatically, "                \
    "coalesce(nullif(d.display_name, ''), d.email, ''), r.decided_at, r.created_at "
#define SALONBOX_CHANGE_REQUEST_OTHER_TABLES \
    "JOIN customers c ON c.id = ap.customer_id JOIN animals an ON an.id = ap.animal_id LEFT JOIN users d ON d.id = r.decided_by "
// A customer's requests are found from their appointments (the planner picks the order).
constexpr const char* k_details = SALONBOX_CHANGE_REQUEST_COLUMNS
    "FROM change_requests r JOIN appointments ap ON ap.id = r.appointment_id " SALONBOX_CHANGE_REQUEST_OTHER_TABLES;
// The salon's pending or recently decided requests are found from change_requests first: CROSS JOIN is SQLite's
// way to fix that order. Without it, a salon with few change requests but no statistics for
// change_requests_by_appointment yet had every appointment (200,000 in five years) probed against it.
constexpr const char* k_details_requests_first = SALONBOX_CHANGE_REQUEST_COLUMNS
    "FROM change_requests r CROSS JOIN appointments ap ON ap.id = r.appointment_id " SALONBOX_CHANGE_REQUEST_OTHER_TABLES;
#undef SALONBOX_CHANGE_REQUEST_COLUMNS
#undef SALONBOX_CHANGE_REQUEST_OTHER_TABLES

std::optional<std::int64_t> optional_int(const SQLite::Column& c) {
    if (c.isNull()) return std::nullopt;
    return c.getInt64();
}

std::optional<domain::Instant> optional_instant(const SQLite::Column& c) {
    if (c.isNull()) return std::nullopt;
    return domain::from_unix(c.getInt64());
}

ChangeRequestDetails read_details(Statement& st) {
    ChangeRequestDetails r;
    r.id = st.getColumn(0).getInt64();
    r.appointment_id = st.getColumn(1).getInt64();
    r.customer_id = st.getColumn(2).getInt64();
    r.kind = st.getColumn(3).getString();
    r.asked_starts_at = optional_instant(st.getColumn(4));
    r.asked_ends_at = optional_instant(st.getColumn(5));
    r.asked_staff_user_id = optional_int(st.getColumn(6));
    r.reason = st.getColumn(7).getString();
    r.status = st.getColumn(8).getString();
    r.decision_message = st.getColumn(9).getString();
    r.late = st.getColumn(10).getInt() != 0;
    r.fee_minor = st.getColumn(11).getInt64();
    r.previous_starts_at = domain::from_unix(st.getColumn(12).getInt64());
    r.starts_at = domain::from_unix(st.getColumn(13).getInt64());
    r.ends_at = domain::from_unix(st.getColumn(14).getInt64());
    r.service_id = optional_int(st.getColumn(15));
    r.staff_user_id = optional_int(st.getColumn(16));
    r.customer_name = st.getColumn(17).getString();
    r.animal_name = st.getColumn(18).getString();
    r.decided_by = optional_int(st.getColumn(19));
    r.decided_automatically = st.getColumn(20).getInt() != 0;
    r.decided_by_name = st.getColumn(21).getString();
    r.decided_at = optional_instant(st.getColumn(22));
    r.created_at = domain::from_unix(st.getColumn(23).getInt64());
    return r;
}

std::vector<ChangeRequestDetails> read_all(Statement& st) {
    std::vector<ChangeRequestDetails> out;
    while (st.executeStep()) out.push_back(read_details(st));
    return out;
}

// The status flips from pending in the UPDATE itself: of two writers, the second finds no pending row.
bool claim(WriteTx& tx, std::int64_t id, const std::string& status, std::optional<std::int64_t> decided_by, const std::string& message) {
    auto st = tx.prepare("UPDATE change_requests SET status = ?, decided_by = ?, decided_automatically = ?, decided_at = ?, decision_message = ? "
                         "WHERE id = ? AND status = 'pending'");
    st.bind(1, status);
    if (decided_by) st.bind(2, *decided_by); else st.bind(2);
    st.bind(3, decided_by ? 0 : 1);
    st.bind(4, domain::to_unix(tx.now()));
    st.bind(5, message);
    st.bind(6, id);
    return st.exec() == 1;
}

// The customer's newest draft invoice that is not a credit note, or a new draft.
std::int64_t draft_for(WriteTx& tx, std::int64_t customer_id, const std::string& currency) {
    auto st = tx.prepare("SELECT id FROM invoices WHERE customer_id = ? AND status = 'draft' AND credit_note_for IS NULL AND currency = ? "
                         "ORDER BY created_at DESC, id DESC LIMIT 1");
    st.bind(1, customer_id);
    st.bind(2, currency);
    if (st.executeStep()) return st.getColumn(0).getInt64();
    return invoice_store::create_draft(tx, customer_id, std::nullopt, currency);
}
}  // namespace

ChangeSettings change_request_store::load_settings(ReadTx& tx) {
    ChangeSettings s;
    auto st = tx.prepare("SELECT cancel_cutoff_hours, reschedule_cutoff_hours, late_cancel_fee_minor, auto_approve_changes FROM change_policy WHERE id = 1");
    if (!st.executeStep()) return s;
    s.policy.cancel_cutoff = std::chrono::hours(st.getColumn(0).getInt());
    s.policy.reschedule_cutoff = std::chrono::hours(st.getColumn(1).getInt());
    s.policy.late_cancel_fee_minor = st.getColumn(2).getInt64();
    s.auto_approve = st.getColumn(3).getInt() != 0;
    return s;
}

void change_request_store::save_settings(WriteTx& tx, const ChangeSettings& s) {
    auto st = tx.prepare("INSERT INTO change_policy (id, cancel_cutoff_hours, reschedule_cutoff_hours, late_cancel_fee_minor, auto_approve_changes) "
                         "VALUES (1, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET cancel_cutoff_hours = excluded.cancel_cutoff_hours, "
                         "reschedule_cutoff_hours = excluded.reschedule_cutoff_hours, late_cancel_fee_minor = excluded.late_cancel_fee_minor, "
                         "auto_approve_changes = excluded.auto_approve_changes");
    st.bind(1, static_cast<std::int64_t>(std::chrono::duration_cast<std::chrono::hours>(s.policy.cancel_cutoff).count()));
    st.bind(2, static_cast<std::int64_t>(std::chrono::duration_cast<std::chrono::hours>(s.policy.reschedule_cutoff).count()));
    st.bind(3, s.policy.late_cancel_fee_minor);
    st.bind(4, s.auto_approve ? 1 : 0);
    st.exec();
}

std::optional<Appointment> change_request_store::customer_appointment(ReadTx& tx, std::int64_t customer_id, std::int64_t appointment_id) {
    auto st = tx.prepare("SELECT id, customer_id, animal_id, service_id, staff_user_id, starts_at, ends_at, status, comments "
                         "FROM appointments WHERE id = ? AND customer_id = ?");
    st.bind(1, appointment_id);
    st.bind(2, customer_id);
    if (!st.executeStep()) return std::nullopt;
    Appointment a;
    a.id = st.getColumn(0).getInt64();
    a.customer_id = st.getColumn(1).getInt64();
    a.animal_id = st.getColumn(2).getInt64();
    a.service_id = optional_int(st.getColumn(3));
    a.staff_user_id = optional_int(st.getColumn(4));
    a.starts_at = domain::from_unix(st.getColumn(5).getInt64());
    a.ends_at = domain::from_unix(st.getColumn(6).getInt64());
    a.status = st.getColumn(7).getString();
    a.comments = st.getColumn(8).getString();
    return a;
}

StoreResult<std::int64_t> change_request_store::open(WriteTx& tx, std::int64_t customer_id, const ChangeAsk& ask) {
    auto owner = tx.prepare("SELECT starts_at, (SELECT count(*) FROM change_requests WHERE appointment_id = a.id AND status = 'pending') "
                            "FROM appointments a WHERE a.id = ? AND a.customer_id = ? AND a.status = 'scheduled'");
    owner.bind(1, ask.appointment_id);
    owner.bind(2, customer_id);
    if (!owner.executeStep()) return std::int64_t{0};
    if (owner.getColumn(1).getInt() > 0) return StoreError::change_pending;
    auto previous_start = owner.getColumn(0).getInt64();
    auto st = tx.prepare("INSERT INTO change_requests (appointment_id, kind, asked_starts_at, asked_ends_at, asked_staff_user_id, reason, late, "
                         "fee_minor, previous_starts_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, ask.appointment_id);
    st.bind(2, ask.kind == domain::CustomerChange::cancel ? "cancel" : "reschedule");
    if (ask.asked_starts_at) st.bind(3, domain::to_unix(*ask.asked_starts_at)); else st.bind(3);
    if (ask.asked_ends_at) st.bind(4, domain::to_unix(*ask.asked_ends_at)); else st.bind(4);
    if (ask.asked_staff_user_id) st.bind(5, *ask.asked_staff_user_id); else st.bind(5);
    st.bind(6, ask.reason);
    st.bind(7, ask.terms.late ? 1 : 0);
    st.bind(8, ask.terms.fee_minor);
    st.bind(9, previous_start);
    st.bind(10, domain::to_unix(tx.now()));
    st.exec();
    return tx.last_insert_id();
}

std::optional<ChangeRequestDetails> change_request_store::find(ReadTx& tx, std::int64_t id, std::optional<std::int64_t> customer_id) {
    auto st = tx.prepare(std::string(k_details_requests_first) + "WHERE r.id = ?1 AND (?2 IS NULL OR ap.customer_id = ?2)");
    st.bind(1, id);
    if (customer_id) st.bind(2, *customer_id); else st.bind(2);
    if (!st.executeStep()) return std::nullopt;
    return read_details(st);
}

std::optional<ChangeRequestDetails> change_request_store::latest_on_appointment(ReadTx& tx, std::int64_t customer_id, std::int64_t appointment_id) {
    auto st = tx.prepare(std::string(k_details) + "WHERE r.appointment_id = ? AND ap.customer_id = ? ORDER BY r.id DESC LIMIT 1");
    st.bind(1, appointment_id);
    st.bind(2, customer_id);
    if (!st.executeStep()) return std::nullopt;
    return read_details(st);
}

std::vector<ChangeRequestDetails> change_request_store::pending(ReadTx& tx, int limit) {
    auto st = tx.prepare(std::string(k_details_requests_first) + "WHERE r.status = 'pending' ORDER BY r.created_at, r.id LIMIT ?");
    st.bind(1, limit);
    return read_all(st);
}

int change_request_store::count_pending(ReadTx& tx) {
    return static_cast<int>(query_int(tx, "SELECT count(*) FROM change_requests WHERE status = 'pending'"));
}

std::vector<ChangeRequestDetails> change_request_store::decided_since(ReadTx& tx, domain::Instant since, int limit) {
    auto st = tx.prepare(std::string(k_details_requests_first) + "WHERE r.status <> 'pending' AND r.decided_at >= ? ORDER BY r.decided_at DESC, r.id DESC LIMIT ?");
    st.bind(1, domain::to_unix(since));
    st.bind(2, limit);
    return read_all(st);
}

std::vector<ChangeRequestDetails> change_request_store::for_customer(ReadTx& tx, std::int64_t customer_id, domain::Instant since) {
    // Built once: the portal asks on every page, and a text this long built anew costs a large allocation.
    static const std::string sql = std::string(k_details) + "WHERE ap.customer_id = ? AND ap.status = 'scheduled' AND (r.status = 'pending' OR r.created_at >= ?) "
                                                             "ORDER BY r.created_at DESC, r.id DESC";
    auto st = tx.prepare(sql);
    st.bind(1, customer_id);
    st.bind(2, domain::to_unix(since));
    return read_all(st);
}

bool change_request_store::withdraw(WriteTx& tx, std::int64_t id, std::int64_t customer_id) {
    auto st = tx.prepare("UPDATE change_requests SET status = 'withdrawn', decided_at = ? WHERE id = ? AND status = 'pending' "
                         "AND appointment_id IN (SELECT id FROM appointments WHERE customer_id = ?)");
    st.bind(1, domain::to_unix(tx.now()));
    st.bind(2, id);
    st.bind(3, customer_id);
    return st.exec() == 1;
}

StoreResult<ChangeOutcome> change_request_store::approve(WriteTx& tx, std::int64_t id, std::optional<std::int64_t> decided_by,
                                                         const std::string& time_zone, const std::string& currency,
                                                         const std::string& fee_description, const std::string& message) {
    if (!claim(tx, id, "approved", decided_by, message)) return StoreError::already_settled;
    auto r = find(tx, id);
    // Cancelled, completed or missed in the calendar since the customer asked: there is nothing left to cancel
    // or move, and no time was taken.
    if (auto appointment = appointment_store::find(tx, r->appointment_id); !appointment || appointment->status != "scheduled") {
        tx.cancel();
        return StoreError::appointment_closed;
    }
    ChangeOutcome out;
    out.staff_before = r->staff_user_id;
    out.starts_before = r->starts_at;
    if (r->kind == "cancel") {
        if (!appointment_store::close(tx, r->appointment_id, "cancelled")) {
            tx.cancel();
            return StoreError::slot_taken;
        }
        out.staff_after = r->staff_user_id;
        out.starts_after = r->starts_at;
        out.ends_after = r->ends_at;
        if (r->late && r->fee_minor > 0) {
            auto invoice_id = draft_for(tx, r->customer_id, currency);
            invoice_store::add_line(tx, invoice_id, InvoiceLine{fee_description, 1, r->fee_minor, 0});
            out.fee_invoice_id = invoice_id;
        }
        return out;
    }
    SlotRequest move;
    move.customer_id = r->customer_id;
    move.service_id = r->service_id.value_or(0);
    move.staff_user_id = r->asked_staff_user_id;
    move.starts_at = *r->asked_starts_at;
    move.appointment_id = r->appointment_id;
    // The time was free when offered; the customers' notice applied then, not at the salon's approval.
    move.ignore_notice = true;
    auto placed = booking_store::place(tx, time_zone, move);
    if (!placed) {
        tx.cancel();
        return placed.error();
    }
    out.staff_after = placed.value().staff_user_id;
    out.starts_after = placed.value().starts_at;
    out.ends_after = placed.value().ends_at;
    return out;
}

bool change_request_store::decline(WriteTx& tx, std::int64_t id, std::int64_t decided_by, const std::string& message) {
    return claim(tx, id, "declined", decided_by, message);
}

StoreResult<std::int64_t> change_request_store::propose_instead(WriteTx& tx, std::int64_t change_id, std::int64_t decided_by, domain::Instant starts_at,
                                                                 domain::Instant ends_at, std::optional<std::int64_t> staff_user_id,
                                                                 const std::string& message) {
    if (!claim(tx, change_id, "declined", decided_by, message)) return StoreError::already_settled;
    auto r = find(tx, change_id);
    // A proposal whose time has passed can no longer be accepted (see accept_proposal): the new one replaces it.
    auto lapsed = tx.prepare("UPDATE proposed_times SET status = 'withdrawn', answered_at = ? WHERE appointment_id = ? AND status = 'pending' "
                             "AND starts_at <= ?");
    lapsed.bind(1, domain::to_unix(tx.now()));
    lapsed.bind(2, r->appointment_id);
    lapsed.bind(3, domain::to_unix(tx.now()));
    lapsed.exec();
    auto open = tx.prepare("SELECT count(*) FROM proposed_times WHERE appointment_id = ? AND status = 'pending'");
    open.bind(1, r->appointment_id);
    open.executeStep();
    if (open.getColumn(0).getInt() > 0) {
        tx.cancel();
        return StoreError::change_pending;
    }
    auto st = tx.prepare("INSERT INTO proposed_times (appointment_id, change_request_id, starts_at, ends_at, staff_user_id, proposed_by, created_at) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, r->appointment_id);
    st.bind(2, change_id);
    st.bind(3, domain::to_unix(starts_at));
    st.bind(4, domain::to_unix(ends_at));
    if (staff_user_id) st.bind(5, *staff_user_id); else st.bind(5);
    st.bind(6, decided_by);
    st.bind(7, domain::to_unix(tx.now()));
    st.exec();
    return tx.last_insert_id();
}

std::vector<ProposedTime> change_request_store::open_proposals(ReadTx& tx, std::int64_t customer_id) {
    auto st = tx.prepare("SELECT p.id, p.appointment_id, p.change_request_id, p.staff_user_id, p.starts_at, p.ends_at, p.status "
                         "FROM proposed_times p JOIN appointments a ON a.id = p.appointment_id "
                         "WHERE a.customer_id = ? AND a.status = 'scheduled' AND p.status = 'pending' ORDER BY a.starts_at, a.id");
    st.bind(1, customer_id);
    std::vector<ProposedTime> out;
    while (st.executeStep()) {
        out.push_back({st.getColumn(0).getInt64(), st.getColumn(1).getInt64(), optional_int(st.getColumn(2)), optional_int(st.getColumn(3)),
                       domain::from_unix(st.getColumn(4).getInt64()), domain::from_unix(st.getColumn(5).getInt64()), st.getColumn(6).getString()});
    }
    return out;
}

namespace {
// Settles the customer's open proposal `id` as `status`: the UPDATE checks it is still open and theirs.
bool answer_proposal(WriteTx& tx, std::int64_t id, std::int64_t customer_id, const char* status) {
    auto st = tx.prepare("UPDATE proposed_times SET status = ?, answered_at = ? WHERE id = ? AND status = 'pending' "
                         "AND appointment_id IN (SELECT id FROM appointments WHERE customer_id = ? AND status = 'scheduled')");
    st.bind(1, status);
    st.bind(2, domain::to_unix(tx.now()));
    st.bind(3, id);
    st.bind(4, customer_id);
    return st.exec() == 1;
}
}  // namespace

StoreResult<ChangeOutcome> change_request_store::accept_proposal(WriteTx& tx, std::int64_t id, std::int64_t customer_id) {
    if (!answer_proposal(tx, id, customer_id, "accepted")) return StoreError::already_settled;
    auto st = tx.prepare("SELECT appointment_id, starts_at, ends_at, staff_user_id FROM proposed_times WHERE id = ?");
    st.bind(1, id);
    st.executeStep();
    // A time that has passed is not offered any more: moving there would put a scheduled visit in the past.
    if (domain::from_unix(st.getColumn(1).getInt64()) <= tx.now()) {
        tx.cancel();
        return StoreError::slot_taken;
    }
    auto appointment = appointment_store::find(tx, st.getColumn(0).getInt64());
    ChangeOutcome out;
    out.staff_before = appointment->staff_user_id;
    out.starts_before = appointment->starts_at;
    appointment->starts_at = domain::from_unix(st.getColumn(1).getInt64());
    appointment->ends_at = domain::from_unix(st.getColumn(2).getInt64());
    if (auto staff = optional_int(st.getColumn(3))) appointment->staff_user_id = staff;
    auto moved = appointment_store::update(tx, *appointment);
    if (!moved) {
        tx.cancel();
        return moved.error();
    }
    out.staff_after = appointment->staff_user_id;
    out.starts_after = appointment->starts_at;
    out.ends_after = appointment->ends_at;
    return out;
}

bool change_request_store::decline_proposal(WriteTx& tx, std::int64_t id, std::int64_t customer_id) {
    return answer_proposal(tx, id, customer_id, "declined");
}

}  // namespace salonbox::storage
