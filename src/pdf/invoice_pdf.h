// Renders an invoice, a credit note or a receipt (they share one shape) as an A4 PDF from ready-to-print strings.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace salonbox::pdf {

// Every visible word comes from here, already formatted and translated by the caller: this layer does no
// number or date formatting and no translation. Strings are UTF-8; '\n' (or "\r\n") breaks a line where
// noted. Empty strings and empty rows are simply not drawn.
struct InvoiceLineRow {
    std::string description;  // may be long (wrapped in its column) and may contain '\n'
    std::string quantity, unit_price, tax_rate, amount;
};

struct InvoiceDocument {
    std::string title;  // "Invoice" / "Facture" / "Credit note"
    std::string salon_name, salon_address /* '\n' lines */, salon_phone, salon_tax_id_line /* "VAT: FR123" or empty */;
    std::string customer_name, customer_address /* '\n' lines */, customer_email;
    std::string number_label, number, date_label, date;  // "Invoice no.", "FA2602-0001", "Date", "21 Feb 2026"
    std::vector<std::pair<std::string, std::string>> more_references;  // under number and date: "Due date" / "7 Mar 2026"
    std::string col_description, col_quantity, col_unit_price, col_tax, col_amount;  // column headers
    std::vector<InvoiceLineRow> lines;
    std::vector<std::pair<std::string, std::string>> totals;  // label/value rows in order: subtotal, taxes, tip...
    std::string total_label, total;                           // the emphasized grand total
    std::vector<std::pair<std::string, std::string>> payment_rows;  // "Paid" / "€40.00", "Amount due" / "€0.00"
    std::string footer;  // thanks and legal text, '\n' lines; printed at the bottom of the last page

    // Large, pale and diagonal across every page, under everything else ("DRAFT"); empty: none.
    std::string watermark;
    // A framed box between the addresses and the table. With a stamp ("PAID"), the stamp in capitals beside
    // its lines (a payment each: "21 Feb 2026 · Card · €40.00"); otherwise, when amount_due is set, the amount
    // due in large type with its label and a note ("Due by 7 Mar 2026").
    std::string stamp;
    std::vector<std::string> stamp_lines;
    std::string amount_due_label, amount_due, amount_due_note;
    // Seam for package sessions and account credit: lines such as "Paid with a package session" or "Paid
    // from account credit: €20.00", printed under the totals, before the notes, when set.
    std::vector<std::string> paid_by_package_or_credit;
    // Paragraphs under the totals: payment terms, the portal's address, what a receipt is good for.
    std::vector<std::string> notes;
};

// The PDF file's bytes: A4 portrait, DejaVu Sans embedded, compressed, about 60 KB for a short invoice
// (the two embedded fonts are most of it, see scripts/subset-fonts.sh). Lines that do not fit continue on new pages that repeat the
// table header; pages are numbered "n / N" when there is more than one. Identical input gives identical
// bytes (no dates or random IDs are written).
//
// Thread safety: may be called concurrently; each call builds and frees its own libharu document.
// Needs Linux /proc (fonts are handed to libharu as /proc/self/fd/N of a memfd, see pdf_canvas.h).
// Throws std::runtime_error when libharu reports an error, std::logic_error when the binary was built
// without assets/fonts/DejaVuSans*.ttf.
std::string render_invoice_pdf(const InvoiceDocument& invoice);
// The same renderer under the name its callers use for receipts: a receipt is an InvoiceDocument whose
// title, number and notes say "receipt".
inline std::string render_receipt_pdf(const InvoiceDocument& receipt) { return render_invoice_pdf(receipt); }

}  // namespace salonbox::pdf
