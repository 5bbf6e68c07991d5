#include "web/change_approval.h"

#include "domain/text.h"
#include "storage/audit_store.h"
#include "storage/notification_store.h"
#include "storage/user_store.h"
#include "view/format.h"
#include "web/emails.h"

namespace salonbox::web {

namespace audit = storage::audit_store;

namespace {
// Bells are written in the salon's language, like those of new requests.
std::string bell_text(const Context& ctx, const std::string& key, const storage::ChangeRequestDetails& r, domain::Instant when) {
    view::DateFormatter f(ctx.services.catalogs, ctx.salon.locale, ctx.salon.time_zone);
    return domain::fill_placeholders(ctx.services.catalogs.text(ctx.salon.locale, key),
                                     {{"customer", r.customer_name}, {"animal", r.animal_name}, {"when", f.date_time(when)}});
}

std::string appointment_link(const Context& ctx, std::int64_t appointment_id) {
    return ctx.base() + "/admin/appointments/" + std::to_string(appointment_id) + "/edit";
}

std::string utc_text(domain::Instant t) { return std::to_string(domain::to_unix(t)); }

// The customer's confirmation with its calendar file, and the bells of the managers and of the groomer before
// the change (and the new groomer after a move).
void tell_of_change(storage::WriteTx& db, const Context& ctx, const storage::ChangeRequestDetails& r, bool cancel,
                    const storage::ChangeOutcome& o, const std::string& message) {
    AppointmentNotice notice{cancel ? AppointmentEvent::cancelled : AppointmentEvent::moved, r.appointment_id,
                             cancel ? std::nullopt : std::optional<domain::Instant>(o.starts_before), message};
    email_appointment_notice(db, ctx.services, ctx.salon, notice);
    auto key = cancel ? "admin.changes.notify.cancelled" : "admin.changes.notify.moved";
    auto text = bell_text(ctx, key, r, cancel ? o.starts_before : o.starts_after);
    auto link = appointment_link(ctx, r.appointment_id);
    storage::notification_store::add_for_managers(db, o.staff_before, "appointment", text, link);
    if (o.staff_after && o.staff_after != o.staff_before) {
        auto groomer = storage::user_store::find_by_id(db, *o.staff_after);
        if (groomer && groomer->role == domain::Role::staff) storage::notification_store::add(db, *o.staff_after, "appointment", text, link);
    }
}
}  // namespace

void notify_change_asked(storage::WriteTx& db, const Context& ctx, std::int64_t change_id) {
    auto r = storage::change_request_store::find(db, change_id);
    if (!r) return;
    auto key = r->kind == "cancel" ? "admin.changes.notify.cancel_asked" : "admin.changes.notify.reschedule_asked";
    storage::notification_store::add_for_managers(db, r->staff_user_id, "request", bell_text(ctx, key, *r, r->starts_at), ctx.base() + "/admin/requests");
}

storage::StoreResult<storage::ChangeOutcome> approve_change(storage::WriteTx& db, const Context& ctx, std::int64_t id,
                                                            std::optional<std::int64_t> decided_by, const std::string& message) {
    auto before = storage::change_request_store::find(db, id);
    if (!before) return storage::StoreError::already_settled;
    auto fee_description = domain::fill_placeholders(ctx.services.catalogs.text(ctx.salon.locale, "admin.changes.fee_line"),
                                                     {{"animal", before->animal_name}});
    auto outcome = storage::change_request_store::approve(db, id, decided_by, ctx.salon.time_zone, ctx.salon.currency, fee_description, message);
    if (!outcome) return outcome;
    const auto& o = outcome.value();
    bool cancel = before->kind == "cancel";

    std::string detail = std::string(cancel ? "cancel" : "reschedule") + ", " +
                         audit::subject(audit::RecordKind::appointment, before->appointment_id) + ", before " + utc_text(o.starts_before) +
                         ", after " + (cancel ? std::string("cancelled") : utc_text(o.starts_after)) +
                         (decided_by ? "" : ", automatic approval");
    if (o.fee_invoice_id)
        detail += ", late fee " + std::to_string(before->fee_minor) + " on " + audit::subject(audit::RecordKind::invoice, *o.fee_invoice_id);
    audit::record(db, decided_by, "change_approved", audit::subject(audit::RecordKind::change_request, id), detail, ctx.client_ip);

    tell_of_change(db, ctx, *before, cancel, o, message);
    return outcome;
}

void accept_proposed_time(storage::WriteTx& db, const Context& ctx, std::int64_t proposal_id, const storage::ProposedTime& proposal,
                          const storage::ChangeOutcome& outcome) {
    std::string detail = audit::subject(audit::RecordKind::appointment, proposal.appointment_id) + ", before " + utc_text(outcome.starts_before) +
                         ", after " + utc_text(outcome.starts_after);
    audit::record(db, ctx.session->user.id, "proposal_accepted", "proposal:" + std::to_string(proposal_id), detail, ctx.client_ip);
    if (!proposal.change_request_id) return;
    if (auto asked = storage::change_request_store::find(db, *proposal.change_request_id)) tell_of_change(db, ctx, *asked, false, outcome, "");
}

}  // namespace salonbox::web
