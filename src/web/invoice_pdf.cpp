#include "web/invoice_pdf.h"

#include "pdf/invoice_pdf.h"
#include "view/format.h"
#include "view/status_badges.h"

#include <cctype>

namespace salonbox::web {

namespace {
pdf::InvoiceDocument compose(const Context& ctx, const storage::InvoiceDocument& inv, const std::string& locale) {
    const auto& c = ctx.services.catalogs;
    auto t = [&](const std::string& key) { return c.text(locale, key); };
    auto money = [&](std::int64_t minor) { return view::format_money(minor, inv.currency, locale); };
    view::DateFormatter dates(c, locale, ctx.salon.time_zone);

    pdf::InvoiceDocument d;
    d.title = t(inv.credit_note_for ? "pdf.credit_note" : "pdf.invoice");
    d.salon_name = ctx.salon.name;
    d.salon_address = ctx.salon.address;
    d.salon_phone = ctx.salon.phone;
    if (!ctx.salon.tax_id.empty()) d.salon_tax_id_line = t("pdf.tax_id") + " " + ctx.salon.tax_id;
    d.customer_name = inv.customer_name;
    d.customer_address = inv.customer_address;
    d.customer_email = inv.customer_email;
    d.number_label = t("pdf.number");
    d.number = inv.number.empty() ? t("pdf.draft") : inv.number;
    d.date_label = t("pdf.date");
    d.date = inv.issued_at ? dates.medium_date(*inv.issued_at) : "";
    d.col_description = t("pdf.col.description");
    d.col_quantity = t("pdf.col.quantity");
    d.col_unit_price = t("pdf.col.unit_price");
    d.col_tax = t("pdf.col.tax");
    d.col_amount = t("pdf.col.amount");
    for (const auto& l : inv.lines)
        d.lines.push_back({l.description, std::to_string(l.quantity), money(l.unit_price_minor), view::format_percent(l.tax_rate_bp, locale),
                           money(l.quantity * l.unit_price_minor)});
    const auto& totals = inv.totals;
    d.totals.emplace_back(t("pdf.subtotal"), money(totals.net_minor));
    for (const auto& [rate, tax] : totals.tax_by_rate_minor) d.totals.emplace_back(t("pdf.tax") + " " + view::format_percent(rate, locale), money(tax));
    if (totals.tip_minor) d.totals.emplace_back(t("pdf.tip"), money(totals.tip_minor));
    d.total_label = t("pdf.total");
    d.total = money(totals.total_minor);
    if (totals.deposit_minor) d.payment_rows.emplace_back(t("pdf.deposit"), money(totals.deposit_minor));
    d.payment_rows.emplace_back(t("pdf.paid"), money(totals.paid_minor));
    if (totals.credited_minor) d.payment_rows.emplace_back(t("pdf.credited"), money(totals.credited_minor));
    d.payment_rows.emplace_back(t("pdf.due"), money(totals.due_minor));
    // The status the customer reads on the portal, so the document and the page never disagree.
    d.payment_rows.emplace_back(t("pdf.status"), t(view::invoice_badge(domain::invoice_status(inv.facts()), view::Reader::customer).label_key));
    d.footer = t("pdf.footer");
    return d;
}
}  // namespace

void send_invoice_pdf(Context& ctx, const storage::InvoiceDocument& invoice) {
    // The customer's language, even when a member of staff prints it: it is the customer's document.
    auto locale = view::choose_locale(invoice.customer_locale, "", ctx.salon.locale);
    auto bytes = pdf::render_invoice_pdf(compose(ctx, invoice, locale));
    auto name = invoice.number.empty() ? "draft-" + std::to_string(invoice.id) : invoice.number;
    for (char& ch : name)
        if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '-' && ch != '_') ch = '_';
    ctx.res.status = 200;
    ctx.res.set_header("Content-Disposition", "inline; filename=\"" + name + ".pdf\"");
    ctx.res.set_content(bytes, "application/pdf");
}

}  // namespace salonbox::web
