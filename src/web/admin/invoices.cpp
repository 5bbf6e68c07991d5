// Invoices in the admin panel: the list, new drafts (by hand or from an appointment, one draft per appointment), a
// draft's lines (typed or from a service), tip and deposit, issuing with the gapless number (emailing the PDF to the
// customer when asked), payments (or "paid in full"), credit notes and the PDF. Deleting a line and issuing go
// through their confirmation step (web/confirmation.h).
// An overpayment or a credit note kept as account credit is written in the same transaction as the payment or
// the issue.
//
// Every write runs in one IMMEDIATE transaction that first reads the invoice's state, so "is it still a
// draft?" and the change are one atomic step; a POST that no longer applies answers 409 with the page and
// the reason, never a 500. The database triggers that freeze issued invoices stay the last line of defence.
#include "domain/account_credit.h"
#include "domain/invoice_input.h"
#include "domain/invoice_state.h"
#include "domain/text.h"
#include "domain/time_zone.h"
#include "storage/audit_store.h"
#include "storage/credit_store.h"
#include "storage/invoice_store.h"
#include "storage/service_store.h"
#include "view/format.h"
#include "view/status_badges.h"
#include "web/admin/customer_picker.h"
#include "web/confirmation.h"
#include "web/emails.h"
#include "web/handlers.h"
#include "web/invoice_pdf.h"
#include "web/list_pages.h"

#include <algorithm>
#include <charconv>
#include <set>
#include <variant>

namespace salonbox::web {

using view::append, view::put, view::put_text;

namespace {
namespace store = storage::invoice_store;
constexpr int k_invoices_per_page = 50;
constexpr int k_recent_appointments_shown = 40;
using storage::audit_store::RecordKind;

view::DateFormatter dates(const Context& ctx) { return view::DateFormatter(ctx.services.catalogs, ctx.locale, ctx.salon.time_zone); }

std::string invoices_url(const Context& ctx) { return ctx.base() + "/admin/invoices"; }
std::string invoice_url(const Context& ctx, std::int64_t id) { return invoices_url(ctx) + "/" + std::to_string(id); }

int digits_of(const std::string& currency) { return std::max(0, domain::currency_minor_digits(currency)); }

std::string today_input(const Context& ctx) {
    auto today = domain::to_local(ctx.now(), ctx.salon.time_zone);
    return domain::format_local_datetime(today).substr(0, 10);
}

// What a POST ended in, besides success: the page again with a field error (422), a refusal (409) or 404.
struct Invalid {
    Invalid(domain::Error first, std::vector<domain::Error> rest = {}) : error(std::move(first)), more(std::move(rest)) {}
    domain::Error error;
    std::vector<domain::Error> more;  // further errors of the same form, all shown at once
};
struct Conflict {
    std::string message_key;
};
struct NotFound {};
struct Done {
    std::string notice;  // the ?done= value of the redirect
};
using Outcome = std::variant<Done, Invalid, Conflict, NotFound>;

// ---- The invoice page ----

void show_invoice(Context& ctx, std::int64_t id, int status, const Outcome* problem = nullptr) {
    std::int64_t credit_balance = 0;
    domain::InvoiceTotals corrected;  // for a credit note: the totals of the invoice it corrects
    std::vector<storage::Service> services;  // the picker of "Add a line"
    auto found = ctx.db->read([&](storage::ReadTx& db) {
        auto invoice = store::load_admin(db, id);
        if (invoice) credit_balance = storage::credit_store::balance(db, invoice->document.customer_id);
        services = storage::service_store::list_active(db);
        if (invoice && invoice->document.credit_note_for)
            if (auto state = store::state(db, *invoice->document.credit_note_for)) corrected = state->facts.totals;
        return invoice;
    });
    if (!found) return ctx.error_page(404, "error.not_found");
    const auto& inv = found->document;
    const auto& totals = inv.totals;
    auto money = [&](std::int64_t minor) { return view::format_money(minor, inv.currency, ctx.locale); };
    auto f = dates(ctx);
    const auto facts = inv.facts();
    const bool draft = !facts.issued;
    const bool credit_note = facts.credit_note;
    // What may still happen to it; the handlers ask the same rule again inside their transaction.
    const auto allowed = domain::invoice_actions(facts);
    auto url = invoice_url(ctx, id);

    std::string heading;
    if (credit_note) heading = draft ? ctx.t("admin.invoices.heading.credit_note_draft") : ctx.t("admin.invoices.heading.credit_note") + " " + inv.number;
    else heading = draft ? ctx.t("admin.invoices.heading.draft") : ctx.t("admin.invoices.heading.invoice") + " " + inv.number;
    auto d = ctx.page_data(heading, "invoices");
    put_text(d, "heading", heading);
    put_text(d, "id", std::to_string(id));
    put_text(d, "url", url);
    put_text(d, "list_url", invoices_url(ctx));
    put_text(d, "pdf_url", url + "/pdf");
    auto badge = view::invoice_badge(domain::invoice_status(facts), view::Reader::staff);
    put_text(d, "status_label", ctx.t(badge.label_key));
    put_text(d, "status_class", badge.css);
    if (draft) put(d, "is_draft", true);

    put_text(d, "customer_name", inv.customer_name);
    view::Data address{view::Data::type::list};
    std::size_t start = 0;
    while (start <= inv.customer_address.size() && !inv.customer_address.empty()) {
        auto end = inv.customer_address.find('\n', start);
        auto part = inv.customer_address.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (!part.empty()) append(address, view::Data("line", part));
        if (end == std::string::npos) break;
        start = end + 1;
    }
    put(d, "address", std::move(address));
    view::set_text(d, "customer_email", inv.customer_email);
    if (inv.issued_at) put_text(d, "issued_on", f.long_date(*inv.issued_at));
    else put_text(d, "created_on", f.long_date(found->created_at));

    if (credit_note) {
        view::Data corrects;
        put_text(corrects, "url", invoice_url(ctx, *inv.credit_note_for));
        put_text(corrects, "number", found->corrects_number.empty() ? ctx.t("admin.invoices.draft") : found->corrects_number);
        put(d, "corrects", std::move(corrects));
    }
    auto notes = view::list(found->credit_notes.size());
    for (const auto& n : found->credit_notes) {
        view::Data item;
        put_text(item, "url", invoice_url(ctx, n.id));
        put_text(item, "number", n.number.empty() ? ctx.t("admin.invoices.draft") : n.number);
        append(notes, std::move(item));
    }
    put(d, "credit_notes", std::move(notes));
    put(d, "has_credit_notes", !found->credit_notes.empty());

    const bool can_delete_lines = allowed.has(domain::InvoiceAction::delete_line);
    auto lines = view::list(inv.lines.size());
    for (std::size_t i = 0; i < inv.lines.size(); ++i) {
        const auto& l = inv.lines[i];
        view::Data item;
        put_text(item, "description", l.description);
        put_text(item, "quantity", std::to_string(l.quantity));
        put_text(item, "unit_price", money(l.unit_price_minor));
        put_text(item, "tax_rate", view::format_percent(l.tax_rate_bp, ctx.locale));
        put_text(item, "amount", money(l.quantity * l.unit_price_minor));
        if (can_delete_lines) put_text(item, "delete_url", url + "/lines/" + std::to_string(found->line_ids[i]) + "/delete");
        append(lines, std::move(item));
    }
    put(d, "lines", std::move(lines));
    put(d, "has_lines", !inv.lines.empty());
    if (can_delete_lines) put(d, "can_delete_lines", true);
    if (credit_note && draft) put(d, "credit_note_draft", true);

    put_text(d, "subtotal", money(totals.net_minor));
    auto taxes = view::list(totals.tax_by_rate_minor.size());
    for (const auto& [rate, tax] : totals.tax_by_rate_minor) {
        view::Data item;
        put_text(item, "rate", view::format_percent(rate, ctx.locale));
        put_text(item, "amount", money(tax));
        append(taxes, std::move(item));
    }
    put(d, "taxes", std::move(taxes));
    if (totals.tip_minor) put_text(d, "tip", money(totals.tip_minor));
    put_text(d, "total", money(totals.total_minor));
    if (totals.deposit_minor) put_text(d, "deposit", money(totals.deposit_minor));
    put_text(d, "paid", money(totals.paid_minor));
    if (totals.credited_minor) put_text(d, "credited", money(totals.credited_minor));
    put_text(d, "due", money(totals.due_minor));

    auto payments = view::list(found->payments.size());
    for (const auto& p : found->payments) {
        view::Data item;
        put_text(item, "date", f.short_date(p.paid_at));
        put_text(item, "amount", money(p.amount_minor));
        put_text(item, "method", ctx.t("admin.invoices.method." + p.method));
        view::set_text(item, "recorded_by", p.recorded_by);
        append(payments, std::move(item));
    }
    put(d, "payments", std::move(payments));
    put(d, "has_payments", !found->payments.empty());

    if (allowed.has(domain::InvoiceAction::add_line)) {
        put(d, "can_add_lines", true);
        auto picker = view::list(services.size());
        const auto chosen = problem && ctx.req.method == "POST" ? ctx.form("service_id") : std::string{};
        for (const auto& svc : services) {
            view::Data item;
            put_text(item, "id", std::to_string(svc.id));
            put_text(item, "label", svc.name + " – " + money(svc.price_minor));
            put(item, "selected", std::to_string(svc.id) == chosen);
            append(picker, std::move(item));
        }
        put(d, "services", std::move(picker));
        put(d, "has_services", !services.empty());
    }
    if (allowed.has(domain::InvoiceAction::adjust)) put(d, "can_adjust", true);
    if (allowed.has(domain::InvoiceAction::issue)) {
        put(d, "can_issue", true);
        // Only an invoice proper is offered by email: a credit note has no amount due or due date to announce.
        if (!credit_note) put(d, inv.customer_email.empty() ? "cannot_email" : "can_email", true);
        // What the customer had paid that the corrected invoice will no longer ask: refunded, or kept as credit.
        auto repayable = credit_note ? domain::credit_note_repayable_minor(-totals.total_minor, corrected) : 0;
        if (repayable > 0) {
            put(d, "can_keep_credit", true);
            put_text(d, "repayable", money(repayable));
        }
    }
    put_text(d, "issue_label", ctx.t(credit_note ? "admin.invoices.issue_submit_credit_note" : "admin.invoices.issue_submit"));
    if (draft && !allowed.has(domain::InvoiceAction::issue)) put(d, "issue_needs_lines", true);
    if (allowed.has(domain::InvoiceAction::credit_note)) put(d, "can_credit", true);
    if (allowed.has(domain::InvoiceAction::add_payment)) put(d, "can_pay", true);

    // The forms: what was typed when a form comes back with an error, otherwise their starting values.
    auto digits = digits_of(inv.currency);
    auto typed = [&](const std::string& field, const std::string& fallback) {
        return problem && ctx.req.method == "POST" && ctx.has_form(field) ? ctx.form(field) : fallback;
    };
    put_text(d, "description", typed("description", ""));
    put_text(d, "quantity", typed("quantity", "1"));
    put_text(d, "unit_price", typed("unit_price", ""));
    put_text(d, "tax_rate", typed("tax_rate", inv.lines.empty() ? "" : domain::tax_rate_input_value(inv.lines.back().tax_rate_bp)));
    put_text(d, "tip_value", typed("tip", domain::money_input_value(totals.tip_minor, digits)));
    put_text(d, "deposit_value", typed("deposit", domain::money_input_value(totals.deposit_minor, digits)));
    put_text(d, "amount", typed("amount", domain::money_input_value(totals.due_minor, digits)));
    put_text(d, "paid_on", typed("paid_on", today_input(ctx)));
    // A box comes back ticked only when it was ticked on the form that failed.
    auto ticked = [&](const std::string& field) { return problem && ctx.req.method == "POST" && ctx.form(field) == "1"; };
    put(d, "keep_excess_checked", ticked("keep_excess"));
    put(d, "keep_as_credit_checked", ticked("keep_as_credit"));
    put_text(d, "paid_on_max", today_input(ctx));
    auto method = typed("method", "card");
    view::Data methods{view::Data::type::list};
    if (credit_balance > 0) put_text(d, "credit_available", money(credit_balance));
    for (const char* m : {"card", "cash", "transfer", "credit", "other"}) {
        view::Data item;
        put_text(item, "value", m);
        put_text(item, "label", ctx.t(std::string("admin.invoices.method.") + m));
        put(item, "selected", method == m);
        append(methods, std::move(item));
    }
    put(d, "methods", std::move(methods));

    if (problem) {
        if (auto* invalid = std::get_if<Invalid>(problem)) {
            view::Data errors{view::Data::type::list};
            auto show = [&](const domain::Error& e) {
                auto text = ctx.t(e.message_key);
                // A payment refused for being too much names what is due, so the right amount is at hand.
                if (e.message_key == "admin.invoices.error.overpaid" || e.message_key == "admin.invoices.error.overpaid_from_credit")
                    put_text(d, "amount_due_hint", domain::fill_placeholders(ctx.t("admin.invoices.error.due_now"), {{"due", money(totals.due_minor)}}));
                put_text(d, e.field + "_error", text);
                view::Data item;
                put_text(item, "field", e.field);
                put_text(item, "message", text);
                append(errors, std::move(item));
            };
            show(invalid->error);
            for (const auto& e : invalid->more) show(e);
            put(d, "errors", std::move(errors));
            put(d, "has_errors", true);
        } else if (auto* conflict = std::get_if<Conflict>(problem)) {
            put_text(d, "conflict", ctx.t(conflict->message_key));
        }
    }
    ctx.notice_from_done(d, {{"created", "admin.invoices.done.created"},
                             {"line_added", "admin.invoices.done.line_added"},
                             {"line_deleted", "admin.invoices.done.line_deleted"},
                             {"saved", "admin.invoices.done.saved"},
                             {"issued", "admin.invoices.done.issued"},
                             {"issued_emailed", "admin.invoices.done.issued_emailed"},
                             {"payment", "admin.invoices.done.payment"},
                             {"payment_credit", "admin.invoices.done.payment_credit"},
                             {"issued_credit", "admin.invoices.done.issued_credit"},
                             {"credit_note", "admin.invoices.done.credit_note"}});
    ctx.render(status, "admin/invoice_page", std::move(d));
}

// Runs POST `action` on invoice {id} (or on its line `line_id`): 404 for an unknown invoice or a line that is
// not its own, whatever its state; 409 when the invoice's state refuses the action; otherwise `change` inside
// the same IMMEDIATE transaction. Then the redirect (post/redirect/get) or the page again with the problem.
template <class Change>
void change_invoice(Context& ctx, domain::InvoiceAction action, Change&& change, std::optional<std::int64_t> line_id = std::nullopt) {
    auto id = parse_id(ctx.path.at("id"));
    if (!id) return ctx.error_page(404, "error.not_found");
    Outcome outcome = ctx.db->write([&](storage::WriteTx& db) -> Outcome {
        auto state = store::state(db, *id);
        if (!state) return NotFound{};
        if (line_id) {
            auto found = store::load_admin(db, *id);
            if (!found || std::find(found->line_ids.begin(), found->line_ids.end(), *line_id) == found->line_ids.end()) return NotFound{};
        }
        if (auto refusal = domain::invoice_refusal(state->facts, action)) return Conflict{*refusal};
        return change(db, *id, *state);
    });
    if (auto* done = std::get_if<Done>(&outcome)) return ctx.redirect(invoice_url(ctx, *id) + "?done=" + done->notice);
    if (std::holds_alternative<NotFound>(outcome)) return ctx.error_page(404, "error.not_found");
    show_invoice(ctx, *id, std::holds_alternative<Invalid>(outcome) ? 422 : 409, &outcome);
}

void audit(storage::WriteTx& db, const Context& ctx, std::string_view action, std::int64_t invoice_id, const std::string& detail = "") {
    storage::audit_store::record(db, ctx.session->user.id, action, storage::audit_store::subject(RecordKind::invoice, invoice_id), detail, ctx.client_ip);
}

// ---- Confirmation steps (web/confirmation.h) ----

// The confirmation of issuing invoice `id`; nothing (and the page with the reason or a 404 sent) when the
// invoice cannot be issued now.
std::optional<Confirmation> issue_confirmation(Context& ctx, std::int64_t id) {
    domain::InvoiceTotals corrected;
    auto found = ctx.db->read([&](storage::ReadTx& db) {
        auto invoice = store::load_admin(db, id);
        if (invoice && invoice->document.credit_note_for)
            if (auto state = store::state(db, *invoice->document.credit_note_for)) corrected = state->facts.totals;
        return invoice;
    });
    if (!found) {
        ctx.error_page(404, "error.not_found");
        return std::nullopt;
    }
    const auto& inv = found->document;
    const auto facts = inv.facts();
    if (auto refusal = domain::invoice_refusal(facts, domain::InvoiceAction::issue)) {
        Outcome conflict = Conflict{*refusal};
        show_invoice(ctx, id, 409, &conflict);
        return std::nullopt;
    }
    auto money = [&](std::int64_t minor) { return view::format_money(minor, inv.currency, ctx.locale); };
    const bool credit_note = facts.credit_note;
    Confirmation c;
    c.title = ctx.t(credit_note ? "admin.confirm.issue.title_credit_note" : "admin.confirm.issue.title");
    c.consequence = domain::fill_placeholders(ctx.t(credit_note ? "admin.confirm.issue.consequence_credit_note" : "admin.confirm.issue.consequence"),
                                              {{"customer", inv.customer_name}, {"total", money(inv.totals.total_minor)}});
    c.detail = ctx.t("admin.confirm.issue.detail");
    c.action_url = invoice_url(ctx, id) + "/issue";
    c.confirm_label = ctx.t(credit_note ? "admin.invoices.issue_submit_credit_note" : "admin.invoices.issue_submit");
    c.back_url = invoice_url(ctx, id);
    c.back_label = ctx.t("admin.confirm.back_to_draft");
    c.nav_tab = "invoices";
    if (!credit_note && !inv.customer_email.empty())
        c.checkboxes.push_back({"email_customer", ctx.t("admin.invoices.email_customer"),
                                domain::fill_placeholders(ctx.t("admin.confirm.issue.email_help"), {{"email", inv.customer_email}}),
                                checkbox_state(ctx, "email_customer", true)});
    if (!credit_note && inv.customer_email.empty()) c.detail += " " + ctx.t("admin.invoices.email_no_address");
    auto repayable = credit_note ? domain::credit_note_repayable_minor(-inv.totals.total_minor, corrected) : 0;
    if (repayable > 0)
        c.checkboxes.push_back({"keep_as_credit", domain::fill_placeholders(ctx.t("admin.confirm.issue.keep_as_credit"), {{"amount", money(repayable)}}),
                                ctx.t("admin.confirm.issue.keep_as_credit_help"), checkbox_state(ctx, "keep_as_credit", false)});
    return c;
}

// The confirmation of deleting line {line} of draft {id}; nothing (and the page sent) when it does not apply.
std::optional<Confirmation> delete_line_confirmation(Context& ctx) {
    auto id = parse_id(ctx.path.at("id"));
    auto line_id = parse_id(ctx.path.at("line"));
    std::optional<store::AdminInvoice> found;
    if (id && line_id) found = ctx.db->read([&](storage::ReadTx& db) { return store::load_admin(db, *id); });
    auto at = found ? std::find(found->line_ids.begin(), found->line_ids.end(), *line_id) : std::vector<std::int64_t>::iterator{};
    if (!found || at == found->line_ids.end()) {
        ctx.error_page(404, "error.not_found");
        return std::nullopt;
    }
    if (auto refusal = domain::invoice_refusal(found->document.facts(), domain::InvoiceAction::delete_line)) {
        Outcome conflict = Conflict{*refusal};
        show_invoice(ctx, *id, 409, &conflict);
        return std::nullopt;
    }
    const auto& line = found->document.lines[static_cast<std::size_t>(at - found->line_ids.begin())];
    Confirmation c;
    c.title = ctx.t("admin.confirm.delete_line.title");
    c.consequence = domain::fill_placeholders(ctx.t("admin.confirm.delete_line.consequence"),
                                              {{"description", line.description},
                                               {"amount", view::format_money(line.quantity * line.unit_price_minor, found->document.currency, ctx.locale)}});
    c.detail = ctx.t("admin.confirm.delete_line.detail");
    c.action_url = invoice_url(ctx, *id) + "/lines/" + std::to_string(*line_id) + "/delete";
    c.confirm_label = ctx.t("admin.confirm.delete_line.submit");
    c.back_url = invoice_url(ctx, *id);
    c.back_label = ctx.t("admin.confirm.back_to_draft");
    c.nav_tab = "invoices";
    return c;
}

// ---- The new-invoice page ----

// The appointment a new invoice is for: `appointment` in links (the calendar, the customer page), or the older
// `appointment_id`, in the query string of a GET; the form field `appointment_id` of a POST.
std::string appointment_asked(const Context& ctx) {
    if (ctx.req.method == "POST") return ctx.form("appointment_id");
    return ctx.has_query("appointment") ? ctx.query("appointment") : ctx.query("appointment_id");
}

void show_new_form(Context& ctx, int status, const std::optional<domain::Error>& error) {
    auto appointment_text = appointment_asked(ctx);
    std::optional<std::int64_t> appointment_id;
    if (!appointment_text.empty()) {
        appointment_id = parse_id(appointment_text);
        if (!appointment_id && ctx.req.method == "GET") return ctx.error_page(404, "error.not_found");
    }
    auto now = ctx.now();
    struct Loaded {
        std::optional<store::AppointmentForInvoice> appointment;
        std::vector<store::InvoiceRef> existing;
        CustomerPicker customers;
        std::vector<store::AppointmentForInvoice> recent;
        std::optional<std::int64_t> draft;  // of the appointment: opened rather than made twice
    };
    auto loaded = ctx.db->read([&](storage::ReadTx& db) {
        Loaded l;
        if (appointment_id) {
            l.appointment = store::appointment_for_invoice(db, *appointment_id);
            if (l.appointment) l.existing = store::invoices_for_appointment(db, *appointment_id);
            if (l.appointment) l.draft = store::draft_for_appointment(db, *appointment_id);
        }
        // A customer's page links here with ?customer= to start their invoice by hand; ?find= narrows the choice.
        auto chosen = parse_id(ctx.req.method == "POST" ? ctx.form("customer_id") : ctx.query("customer"));
        l.customers = load_customer_picker(db, ctx.query("find"), chosen);
        // A busy salon has hundreds in that window: the newest are the ones staff are invoicing now.
        l.recent = store::appointments_without_invoice(db, now - std::chrono::days(60), now + std::chrono::days(14), k_recent_appointments_shown);
        return l;
    });
    if (appointment_id && !loaded.appointment && ctx.req.method == "GET") return ctx.error_page(404, "error.not_found");
    if (loaded.draft && ctx.req.method == "GET") return ctx.redirect(invoice_url(ctx, *loaded.draft));
    auto f = dates(ctx);
    auto d = ctx.page_data(ctx.t("admin.invoices.new.title"), "invoices");
    put_text(d, "list_url", invoices_url(ctx));
    if (loaded.appointment) {
        const auto& a = *loaded.appointment;
        view::Data from;
        put_text(from, "id", std::to_string(a.appointment_id));
        put_text(from, "customer", a.customer_name);
        put_text(from, "animal", a.animal_name);
        put_text(from, "when", f.date_time(a.starts_at));
        if (a.line) {
            put_text(from, "description", a.line->description);
            put_text(from, "unit_price", view::format_money(a.line->unit_price_minor, ctx.salon.currency, ctx.locale));
            put_text(from, "tax_rate", view::format_percent(a.line->tax_rate_bp, ctx.locale));
        }
        put(d, "from", std::move(from));
        auto existing = view::list(loaded.existing.size());
        for (const auto& e : loaded.existing) {
            view::Data item;
            put_text(item, "url", invoice_url(ctx, e.id));
            put_text(item, "number", e.number.empty() ? ctx.t("admin.invoices.draft") : e.number);
            append(existing, std::move(item));
        }
        put(d, "existing", std::move(existing));
        put(d, "has_existing", !loaded.existing.empty());
    }
    add_customer_picker(ctx, d, loaded.customers,
                        [](const std::string& first, const std::string& last, const std::string&) { return first + " " + last; });
    put_text(d, "picker_action", invoices_url(ctx) + "/new");
    view::Data keep{view::Data::type::list};
    if (loaded.customers.chosen) {
        view::Data field;
        put_text(field, "name", std::string("customer"));
        put_text(field, "value", std::to_string(loaded.customers.chosen->id));
        append(keep, std::move(field));
    }
    put(d, "picker_keep", std::move(keep));
    auto recent = view::list(loaded.recent.size());
    for (const auto& a : loaded.recent) {
        view::Data item;
        put_text(item, "url", invoices_url(ctx) + "/new?appointment=" + std::to_string(a.appointment_id));
        put_text(item, "when", f.date_time(a.starts_at));
        put_text(item, "customer", a.customer_name);
        put_text(item, "animal", a.animal_name);
        view::set_text(item, "description", a.line ? a.line->description : "");
        append(recent, std::move(item));
    }
    put(d, "recent", std::move(recent));
    put(d, "has_recent", !loaded.recent.empty());
    if (error) add_error(ctx, d, *error);
    ctx.render(status, "admin/invoice_new", std::move(d));
}
}  // namespace

// ---- Handlers ----

void admin_invoices(Context& ctx) {
    auto filter_text = ctx.query("status");
    auto filter = filter_text == "draft"    ? store::ListFilter::draft
                  : filter_text == "issued" ? store::ListFilter::issued
                  : filter_text == "unpaid" ? store::ListFilter::unpaid
                                            : store::ListFilter::all;
    const int page = page_number(ctx);
    auto found = ctx.db->read([&](storage::ReadTx& db) { return store::list(db, filter, page_offset(page, k_invoices_per_page), k_invoices_per_page); });
    const auto& rows = found.rows;
    auto f = dates(ctx);
    auto list = view::list(rows.size());
    for (const auto& r : rows) {
        view::Data item;
        put_text(item, "url", invoice_url(ctx, r.id));
        put_text(item, "number", r.number.empty() ? ctx.t("admin.invoices.draft") : r.number);
        put(item, "credit_note", r.credit_note);
        put_text(item, "customer", r.customer_name);
        put_text(item, "date", f.short_date(r.date));
        put_text(item, "total", view::format_money(r.total_minor, r.currency, ctx.locale));
        put_text(item, "due", view::format_money(r.due_minor, r.currency, ctx.locale));
        put(item, "has_due", r.display_status == domain::InvoiceStatus::unpaid);
        auto badge = view::invoice_badge(r.display_status, view::Reader::staff);
        put_text(item, "status", ctx.t(badge.label_key));
        put_text(item, "status_class", badge.css);
        append(list, std::move(item));
    }
    auto d = ctx.page_data(ctx.t("admin.invoices.title"), "invoices");
    put(d, "invoices", std::move(list));
    put(d, "has_invoices", !rows.empty());
    put_text(d, "new_url", invoices_url(ctx) + "/new");
    view::Data filters{view::Data::type::list};
    for (const char* key : {"all", "draft", "issued", "unpaid"}) {
        view::Data item;
        put_text(item, "url", invoices_url(ctx) + (std::string(key) == "all" ? "" : std::string("?status=") + key));
        put_text(item, "label", ctx.t(std::string("admin.invoices.filter.") + key));
        put(item, "current", (std::string(key) == "all" && filter == store::ListFilter::all) || filter_text == key);
        append(filters, std::move(item));
    }
    put(d, "filters", std::move(filters));
    const bool filtered = filter != store::ListFilter::all;
    add_newer_older(d, invoices_url(ctx) + "?" + (filtered ? "status=" + url_encode(filter_text) : std::string{}), page, found.more);
    ctx.render(200, "admin/invoice_list", std::move(d));
}

void admin_invoice_new_form(Context& ctx) { show_new_form(ctx, 200, std::nullopt); }

void admin_invoice_new_submit(Context& ctx) {
    auto appointment_text = ctx.form("appointment_id");
    auto currency = ctx.salon.currency;
    std::variant<std::int64_t, domain::Error> result = domain::Error{};
    if (!appointment_text.empty()) {
        auto appointment_id = parse_id(appointment_text);
        result = ctx.db->write([&](storage::WriteTx& db) -> std::variant<std::int64_t, domain::Error> {
            auto a = appointment_id ? store::appointment_for_invoice(db, *appointment_id) : std::nullopt;
            if (!a) return domain::Error{"appointment_id", "admin.invoices.error.appointment"};
            // One draft per appointment: a second click, another tab or a replay opens the first one.
            if (auto draft = store::draft_for_appointment(db, a->appointment_id)) return *draft;
            auto id = store::create_draft(db, a->customer_id, a->appointment_id, currency);
            if (a->line) store::add_line(db, id, *a->line);
            audit(db, ctx, "invoice_created", id, storage::audit_store::subject(RecordKind::appointment, a->appointment_id));
            return id;
        });
    } else {
        auto customer_id = parse_id(ctx.form("customer_id"));
        result = ctx.db->write([&](storage::WriteTx& db) -> std::variant<std::int64_t, domain::Error> {
            if (!customer_id || !store::customer_is_active(db, *customer_id)) return domain::Error{"customer_id", "admin.invoices.error.customer"};
            auto id = store::create_draft(db, *customer_id, std::nullopt, currency);
            audit(db, ctx, "invoice_created", id);
            return id;
        });
    }
    if (auto* error = std::get_if<domain::Error>(&result)) return show_new_form(ctx, 422, *error);
    ctx.redirect(invoice_url(ctx, std::get<std::int64_t>(result)) + "?done=created");
}

void admin_invoice_page(Context& ctx) {
    auto id = parse_id(ctx.path.at("id"));
    if (!id) return ctx.error_page(404, "error.not_found");
    show_invoice(ctx, *id, 200);
}

void admin_invoice_edit(Context& ctx) {
    change_invoice(ctx, domain::InvoiceAction::adjust, [&](storage::WriteTx& db, std::int64_t id, const store::InvoiceState& s) -> Outcome {
        auto typed = domain::check_adjustments(ctx.form("tip"), ctx.form("deposit"), s.currency);
        if (!typed) return Invalid{typed.error()};
        store::set_adjustments(db, id, typed.value().tip_minor, typed.value().deposit_minor);
        audit(db, ctx, "invoice_adjusted", id, "tip " + std::to_string(typed.value().tip_minor) + ", deposit " + std::to_string(typed.value().deposit_minor));
        return Done{"saved"};
    });
}

void admin_invoice_add_line(Context& ctx) {
    change_invoice(ctx, domain::InvoiceAction::add_line, [&](storage::WriteTx& db, std::int64_t id, const store::InvoiceState& s) -> Outcome {
        // A service of the picker: its name (in the customer's language), price and tax rate, once (the service
        // form sends nothing else).
        if (ctx.has_form("service_id")) {
            auto service_id = parse_id(ctx.form("service_id"));
            auto service = service_id ? storage::service_store::find(db, *service_id, store::line_language(db, id)) : std::nullopt;
            if (!service || !service->active) return Invalid{{"service_id", "admin.invoices.error.service"}};
            if (!domain::line_fits_invoice(s.facts.totals.net_minor, 1, service->price_minor))
                return Invalid{{"service_id", "admin.invoices.error.invoice_too_large"}};
            store::add_line(db, id, {service->name, 1, service->price_minor, service->tax_rate_bp});
            audit(db, ctx, "invoice_line_added", id, storage::audit_store::subject(RecordKind::service, service->id));
            return Done{"line_added"};
        }
        auto typed = domain::check_line_fields(ctx.form("description"), ctx.form("quantity"), ctx.form("unit_price"), ctx.form("tax_rate"), s.currency);
        if (!typed.errors.empty()) return Invalid{typed.errors.front(), {typed.errors.begin() + 1, typed.errors.end()}};
        const auto& l = typed.line;
        if (!domain::line_fits_invoice(s.facts.totals.net_minor, l.quantity, l.unit_price_minor))
            return Invalid{{"unit_price", "admin.invoices.error.invoice_too_large"}};
        store::add_line(db, id, {l.description, l.quantity, l.unit_price_minor, l.tax_rate_bp});
        audit(db, ctx, "invoice_line_added", id);
        return Done{"line_added"};
    });
}

void admin_invoice_delete_line_form(Context& ctx) {
    if (auto c = delete_line_confirmation(ctx)) show_confirmation(ctx, 200, *c);
}

void admin_invoice_delete_line(Context& ctx) {
    auto line_id = parse_id(ctx.path.at("line"));
    if (!line_id) return ctx.error_page(404, "error.not_found");
    if (!confirmed(ctx)) {
        if (auto c = delete_line_confirmation(ctx)) show_confirmation(ctx, 200, *c);
        return;
    }
    change_invoice(
        ctx, domain::InvoiceAction::delete_line,
        [&](storage::WriteTx& db, std::int64_t id, const store::InvoiceState&) -> Outcome {
            if (!store::delete_line(db, id, *line_id)) return NotFound{};
            audit(db, ctx, "invoice_line_deleted", id);
            return Done{"line_deleted"};
        },
        line_id);
}

void admin_invoice_issue_form(Context& ctx) {
    auto id = parse_id(ctx.path.at("id"));
    if (!id) return ctx.error_page(404, "error.not_found");
    if (auto c = issue_confirmation(ctx, *id)) show_confirmation(ctx, 200, *c);
}

void admin_invoice_issue(Context& ctx) {
    if (!confirmed(ctx)) {
        auto id = parse_id(ctx.path.at("id"));
        if (!id) return ctx.error_page(404, "error.not_found");
        if (auto c = issue_confirmation(ctx, *id)) show_confirmation(ctx, 200, *c);
        return;
    }
    // An unchecked box sends no field at all: only an explicit "1" emails the customer or keeps credit.
    const bool email_customer = ctx.form("email_customer") == "1";
    const bool keep_as_credit = ctx.form("keep_as_credit") == "1";
    bool emailed = false;
    change_invoice(ctx, domain::InvoiceAction::issue, [&](storage::WriteTx& db, std::int64_t id, const store::InvoiceState& s) -> Outcome {
        // What a credit note gives back is measured before it is issued, from the totals of the invoice it
        // corrects without it.
        std::int64_t kept_minor = 0;
        std::int64_t customer_id = 0;
        if (s.facts.credit_note) {
            // Another credit note issued since this draft was made may have taken off part of what it would.
            auto note = store::load(db, id, std::nullopt);
            auto corrected = store::state(db, *note->credit_note_for)->facts.totals;
            if (-s.facts.totals.total_minor > corrected.total_minor - corrected.credited_minor)
                return Conflict{"admin.invoices.error.credit_exceeds_rest"};
        }
        if (keep_as_credit && s.facts.credit_note) {
            auto note = store::load(db, id, std::nullopt);
            auto corrected = store::state(db, *note->credit_note_for);
            kept_minor = domain::credit_note_repayable_minor(-s.facts.totals.total_minor, corrected->facts.totals);
            if (kept_minor <= 0) return Conflict{"admin.invoices.error.nothing_to_keep"};
            customer_id = note->customer_id;
        }
        // The number is taken in this transaction: if anything below failed, it would be given back, and the
        // email, queued in it too, would never leave.
        auto number = store::issue(db, id, ctx.now());
        audit(db, ctx, "invoice_issued", id, number);
        if (kept_minor > 0) {
            storage::CreditEntry kept{customer_id, kept_minor, domain::CreditKind::credit_note, "", id, std::nullopt, ctx.session->user.id};
            storage::credit_store::add(db, kept);  // an addition, never short
            audit(db, ctx, "credit_note_kept_as_credit", id, std::to_string(kept_minor));
            return Done{"issued_credit"};
        }
        emailed = email_customer && !s.facts.credit_note && email_issued_invoice(db, ctx, id);
        return Done{emailed ? "issued_emailed" : "issued"};
    });
    if (emailed) ctx.services.wake_mail_sender();
}

void admin_invoice_add_payment(Context& ctx) {
    auto today = domain::to_local(ctx.now(), ctx.salon.time_zone);
    // An unchecked box sends no field at all: only an explicit "1" keeps an excess.
    const bool keep_excess = ctx.form("keep_excess") == "1";
    const bool paid_in_full = ctx.form("full") == "1";
    change_invoice(ctx, domain::InvoiceAction::add_payment, [&](storage::WriteTx& db, std::int64_t id, const store::InvoiceState& s) -> Outcome {
        auto due = s.facts.totals.due_minor;
        // "Paid in full": what is due now, today, by the method chosen beside the button.
        auto amount = paid_in_full ? domain::money_input_value(due, digits_of(s.currency)) : ctx.form("amount");
        auto paid_on = paid_in_full ? std::string{} : ctx.form("paid_on");
        auto typed = domain::check_payment(amount, ctx.form("method"), paid_on, s.currency, due, today, keep_excess && !paid_in_full);
        if (!typed) return Invalid{typed.error()};
        const auto& p = typed.value();
        // Today's payment keeps its time; an earlier day is recorded at noon, salon time (always a real time).
        bool is_today = p.paid_on.year == today.year && p.paid_on.month == today.month && p.paid_on.day == today.day;
        auto noon = domain::LocalDateTime{p.paid_on.year, p.paid_on.month, p.paid_on.day, 12, 0};
        auto paid_at = is_today ? ctx.now() : domain::from_local(noon, ctx.salon.time_zone).value_or(ctx.now());
        auto payment_id = store::add_payment(db, id, p.amount_minor, p.method, paid_at, ctx.session->user.id);
        // The payment and its ledger entry (credit spent, or an excess kept) are one write: both or neither.
        if (p.method == "credit" || p.excess_minor > 0) {
            auto customer_id = store::load(db, id, std::nullopt)->customer_id;
            if (p.method == "credit") {
                storage::CreditEntry debit{customer_id, -p.amount_minor, domain::CreditKind::invoice_payment, "", id, payment_id, ctx.session->user.id};
                if (!storage::credit_store::add(db, debit)) {
                    db.cancel();
                    return Invalid{{"amount", "admin.invoices.error.credit_short"}};
                }
            } else {
                storage::CreditEntry kept{customer_id, p.excess_minor, domain::CreditKind::overpayment, "", id, payment_id, ctx.session->user.id};
                storage::credit_store::add(db, kept);  // an addition, never short
            }
        }
        auto detail = std::to_string(p.amount_minor) + " " + p.method;
        if (p.excess_minor > 0) detail += ", " + std::to_string(p.excess_minor) + " more kept as account credit";
        audit(db, ctx, "payment_recorded", id, detail);
        return Done{p.excess_minor > 0 ? "payment_credit" : "payment"};
    });
}

void admin_invoice_credit_note(Context& ctx) {
    std::int64_t credit_note_id = 0;
    auto id = parse_id(ctx.path.at("id"));
    if (!id) return ctx.error_page(404, "error.not_found");
    Outcome outcome = ctx.db->write([&](storage::WriteTx& db) -> Outcome {
        auto s = store::state(db, *id);
        if (!s) return NotFound{};
        if (auto refusal = domain::invoice_refusal(s->facts, domain::InvoiceAction::credit_note)) return Conflict{*refusal};
        // The tip comes back as a line, named in the language of the customer's documents.
        auto customer_locale = store::load(db, *id, std::nullopt)->customer_locale;
        auto tip_label = ctx.services.catalogs.text(view::choose_locale(customer_locale, "", ctx.salon.locale), "pdf.tip");
        auto created = store::create_credit_note(db, *id, tip_label);
        if (!created) return Conflict{"admin.invoices.error.credit_note_pending"};
        credit_note_id = *created;
        audit(db, ctx, "credit_note_created", credit_note_id, "corrects " + storage::audit_store::subject(RecordKind::invoice, *id));
        return Done{"credit_note"};
    });
    if (std::holds_alternative<Done>(outcome)) return ctx.redirect(invoice_url(ctx, credit_note_id) + "?done=credit_note");
    if (std::holds_alternative<NotFound>(outcome)) return ctx.error_page(404, "error.not_found");
    show_invoice(ctx, *id, 409, &outcome);
}

void admin_invoice_pdf(Context& ctx) {
    auto id = parse_id(ctx.path.at("id"));
    std::optional<storage::InvoiceDocument> invoice;
    int due_days = 0;
    if (id) ctx.db->read([&](storage::ReadTx& db) {
        invoice = store::load(db, *id, std::nullopt);
        due_days = store::payment_due_days(db);
    });
    if (!invoice) return ctx.error_page(404, "error.not_found");
    send_invoice_pdf(ctx, *invoice, due_days);
}

}  // namespace salonbox::web
