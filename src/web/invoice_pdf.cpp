#include "web/invoice_pdf.h"

#include "domain/payment_terms.h"
#include "domain/text.h"
#include "pdf/invoice_pdf.h"
#include "view/format.h"
#include "view/status_badges.h"

#include <cctype>

namespace salonbox::web {

namespace {

// What an invoice and a receipt print alike, in one language.
class DocumentWords {
public:
    DocumentWords(const Context& ctx, const std::string& customer_locale)
        : ctx_(ctx),
          // The customer's language, even when a member of staff prints it: it is the customer's document.
          locale_(view::choose_locale(customer_locale, "", ctx.salon.locale)),
          dates_(ctx.services.catalogs, locale_, ctx.salon.time_zone) {}

    std::string t(const std::string& key) const { return ctx_.services.catalogs.text(locale_, key); }
    std::string money(std::int64_t minor, const std::string& currency) const { return view::format_money(minor, currency, locale_); }
    const view::DateFormatter& dates() const { return dates_; }
    const std::string& locale() const { return locale_; }

    // Salon, customer and column headers.
    void heading(pdf::InvoiceDocument& d, const std::string& customer_name, const std::string& customer_address,
                 const std::string& customer_email) const {
        d.salon_name = ctx_.salon.name;
        d.salon_address = ctx_.salon.address;
        d.salon_phone = ctx_.salon.phone;
        if (!ctx_.salon.tax_id.empty()) d.salon_tax_id_line = t("pdf.tax_id") + " " + ctx_.salon.tax_id;
        d.customer_name = customer_name;
        d.customer_address = customer_address;
        d.customer_email = customer_email;
        d.col_description = t("pdf.col.description");
        d.col_quantity = t("pdf.col.quantity");
        d.col_unit_price = t("pdf.col.unit_price");
        d.col_tax = t("pdf.col.tax");
        d.col_amount = t("pdf.col.amount");
        d.footer = t("pdf.footer");
    }

    // Lines and totals; `always_tip` shows a tip of zero too (a receipt breaks every amount out).
    void amounts(pdf::InvoiceDocument& d, const std::vector<storage::InvoiceDocument::Line>& lines,
                 const domain::InvoiceTotals& totals, const std::string& currency, bool always_tip) const {
        for (const auto& l : lines)
            d.lines.push_back({l.description, std::to_string(l.quantity), money(l.unit_price_minor, currency),
                               view::format_percent(l.tax_rate_bp, locale_), money(l.quantity * l.unit_price_minor, currency)});
        d.totals.emplace_back(t("pdf.subtotal"), money(totals.net_minor, currency));
        for (const auto& [rate, tax] : totals.tax_by_rate_minor)
            d.totals.emplace_back(t("pdf.tax") + " " + view::format_percent(rate, locale_), money(tax, currency));
        if (totals.tip_minor || always_tip) d.totals.emplace_back(t("pdf.tip"), money(totals.tip_minor, currency));
        d.total_label = t("pdf.total");
        d.total = money(totals.total_minor, currency);
    }

    // "PAID" (`stamp_key`: the word agrees with the document in some languages) with a line per payment and
    // the deposit, on a document nothing is left to pay on.
    void paid_stamp(pdf::InvoiceDocument& d, const storage::InvoiceDocument& invoice, const std::string& stamp_key) const {
        d.stamp = t(stamp_key);
        if (invoice.totals.deposit_minor)
            d.stamp_lines.push_back(t("pdf.deposit") + " · " + money(invoice.totals.deposit_minor, invoice.currency));
        for (const auto& p : invoice.payments)
            d.stamp_lines.push_back(dates_.medium_date(p.paid_at) + " · " + t("admin.invoices.method." + p.method) + " · " +
                                    money(p.amount_minor, invoice.currency));
    }

    // Where the customer finds their invoices and receipts: the same address for every reader.
    std::string portal_note() const {
        return domain::fill_placeholders(t("pdf.portal_note"), {{"url", ctx_.services.link_base() + "/s/" + ctx_.salon.slug + "/login"}});
    }

    std::string terms_note(int due_days) const {
        if (due_days == 0) return t("pdf.terms.on_receipt");
        return domain::fill_placeholders(t("pdf.terms.days"), {{"days", std::to_string(due_days)}});
    }

private:
    const Context& ctx_;
    std::string locale_;
    view::DateFormatter dates_;
};

pdf::InvoiceDocument compose_invoice(const Context& ctx, const storage::InvoiceDocument& inv, int due_days) {
    const DocumentWords w(ctx, inv.customer_locale);
    auto t = [&](const std::string& key) { return w.t(key); };
    pdf::InvoiceDocument d;
    d.title = t(inv.credit_note_for ? "pdf.credit_note" : "pdf.invoice");
    w.heading(d, inv.customer_name, inv.customer_address, inv.customer_email);
    d.number_label = t("pdf.number");
    d.number = inv.number.empty() ? t("pdf.draft") : inv.number;
    d.date_label = t("pdf.date");
    d.date = inv.issued_at ? w.dates().medium_date(*inv.issued_at) : "";
    const bool issued = inv.status == "issued";
    const bool invoice_proper = !inv.credit_note_for;
    std::optional<domain::Instant> due;
    if (issued && invoice_proper && inv.issued_at) {
        due = domain::due_date(*inv.issued_at, due_days, ctx.salon.time_zone);
        d.more_references.emplace_back(t("pdf.due_date"), w.dates().medium_date(*due));
    }
    w.amounts(d, inv.lines, inv.totals, inv.currency, false);
    const auto& totals = inv.totals;
    if (totals.deposit_minor) d.payment_rows.emplace_back(t("pdf.deposit"), w.money(totals.deposit_minor, inv.currency));
    d.payment_rows.emplace_back(t("pdf.paid"), w.money(totals.paid_minor, inv.currency));
    if (totals.credited_minor) d.payment_rows.emplace_back(t("pdf.credited"), w.money(totals.credited_minor, inv.currency));
    d.payment_rows.emplace_back(t("pdf.due"), w.money(totals.due_minor, inv.currency));
    // The status the customer reads on the portal, so the document and the page never disagree.
    d.payment_rows.emplace_back(t("pdf.status"), t(view::invoice_badge(domain::invoice_status(inv.facts()), view::Reader::customer).label_key));

    if (!issued) d.watermark = t("pdf.watermark.draft");
    if (invoice_proper) {
        if (issued && totals.paid()) {
            w.paid_stamp(d, inv, "pdf.stamp.paid");
        } else if (issued && totals.due_minor > 0) {
            d.amount_due_label = t("pdf.due");
            d.amount_due = w.money(totals.due_minor, inv.currency);
            if (due) d.amount_due_note = domain::fill_placeholders(t("pdf.due_by"), {{"date", w.dates().medium_date(*due)}});
        }
        d.notes.push_back(w.terms_note(due_days));
    }
    d.notes.push_back(w.portal_note());
    return d;
}

pdf::InvoiceDocument compose_receipt(const Context& ctx, const storage::receipt_store::Receipt& r) {
    const DocumentWords w(ctx, r.customer_locale);
    auto t = [&](const std::string& key) { return w.t(key); };
    pdf::InvoiceDocument d;
    d.title = t("pdf.receipt");
    w.heading(d, r.customer_name, r.customer_address, r.customer_email);
    if (r.invoice) {
        d.number_label = t("pdf.number");
        d.number = r.invoice->number;
    }
    d.date_label = t("pdf.receipt.appointment");
    d.date = w.dates().medium_date(r.starts_at) + ", " + w.dates().time(r.starts_at);
    d.more_references.emplace_back(t("pdf.receipt.animal"), r.animal_name);
    if (!r.staff_name.empty()) d.more_references.emplace_back(t("pdf.receipt.groomer"), r.staff_name);

    if (r.invoice) {
        const auto& inv = *r.invoice;
        const auto& totals = inv.totals;
        w.amounts(d, inv.lines, totals, inv.currency, true);
        d.payment_rows.emplace_back(t("pdf.deposit"), w.money(totals.deposit_minor, inv.currency));
        d.payment_rows.emplace_back(t("pdf.paid"), w.money(totals.paid_minor, inv.currency));
        if (totals.credited_minor) d.payment_rows.emplace_back(t("pdf.credited"), w.money(totals.credited_minor, inv.currency));
        d.payment_rows.emplace_back(t("pdf.balance"), w.money(totals.due_minor, inv.currency));
        if (totals.paid()) {
            w.paid_stamp(d, inv, "pdf.receipt.stamp_paid");
        } else if (totals.due_minor > 0) {
            d.amount_due_label = t("pdf.balance");
            d.amount_due = w.money(totals.due_minor, inv.currency);
        }
    } else {
        const std::string& currency = ctx.salon.currency;
        std::vector<storage::InvoiceDocument::Line> lines;
        std::vector<domain::PricedLine> priced;
        if (r.service_line) {
            lines.push_back({r.service_line->description + " – " + r.animal_name, 1, r.service_line->unit_price_minor,
                             r.service_line->tax_rate_bp});
            priced.push_back({1, r.service_line->unit_price_minor, r.service_line->tax_rate_bp});
        }
        const auto totals = domain::compute_totals(priced, 0, 0, 0);
        w.amounts(d, lines, totals, currency, true);
        d.payment_rows.emplace_back(t("pdf.deposit"), w.money(0, currency));
        d.payment_rows.emplace_back(t("pdf.balance"), w.money(totals.due_minor, currency));
        d.notes.push_back(t("pdf.receipt.no_invoice"));
    }
    if (r.package_session) {
        const auto& p = *r.package_session;
        d.paid_by_package_or_credit.push_back(domain::fill_placeholders(
            t("pdf.receipt.paid_by_package"),
            {{"package", p.name}, {"number", std::to_string(p.number)}, {"sessions", std::to_string(p.sessions)}}));
    }
    if (r.credit_used_minor > 0)
        d.paid_by_package_or_credit.push_back(domain::fill_placeholders(
            t("pdf.receipt.paid_by_credit"), {{"amount", w.money(r.credit_used_minor, ctx.salon.currency)}}));
    d.notes.push_back(t("pdf.receipt.purpose"));
    d.notes.push_back(w.portal_note());
    return d;
}

void send_pdf(Context& ctx, std::string bytes, std::string name) {
    ctx.res.status = 200;
    ctx.res.set_header("Content-Disposition", "inline; filename=\"" + name + "\"");
    ctx.res.set_content(std::move(bytes), "application/pdf");
}

}  // namespace

std::string invoice_pdf_file_name(const storage::InvoiceDocument& invoice) {
    auto name = invoice.number.empty() ? "draft-" + std::to_string(invoice.id) : invoice.number;
    for (char& ch : name)
        if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '-' && ch != '_') ch = '_';
    return name + ".pdf";
}

std::string invoice_pdf(const Context& ctx, const storage::InvoiceDocument& invoice, int due_days) {
    return pdf::render_invoice_pdf(compose_invoice(ctx, invoice, due_days));
}

std::string receipt_pdf(const Context& ctx, const storage::receipt_store::Receipt& receipt) {
    return pdf::render_receipt_pdf(compose_receipt(ctx, receipt));
}

void send_invoice_pdf(Context& ctx, const storage::InvoiceDocument& invoice, int due_days) {
    send_pdf(ctx, invoice_pdf(ctx, invoice, due_days), invoice_pdf_file_name(invoice));
}

void send_receipt_pdf(Context& ctx, const storage::receipt_store::Receipt& receipt) {
    send_pdf(ctx, receipt_pdf(ctx, receipt), "receipt-" + std::to_string(receipt.appointment_id) + ".pdf");
}

}  // namespace salonbox::web
