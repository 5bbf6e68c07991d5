// Invoice and receipt PDFs as customers and staff download them: the stored invoice or appointment turned
// into the pdf layer's translated, formatted document, in the customer's language.
#pragma once

#include "storage/invoice_store.h"
#include "storage/receipt_store.h"
#include "web/context.h"

#include <string>

namespace salonbox::web {

// The PDF's bytes. Nothing in them depends on who asks or when (only on the stored data, the salon's
// settings and the server's public address), so staff and the customer download identical files.
// `due_days` is the salon's payment terms (storage::invoice_store::payment_due_days).
std::string invoice_pdf(const Context& ctx, const storage::InvoiceDocument& invoice, int due_days);
std::string receipt_pdf(const Context& ctx, const storage::receipt_store::Receipt& receipt);

// Answer the request with the PDF (inline, named after the invoice number or the appointment).
void send_invoice_pdf(Context& ctx, const storage::InvoiceDocument& invoice, int due_days);
void send_receipt_pdf(Context& ctx, const storage::receipt_store::Receipt& receipt);

// "FA2602-0001.pdf", "draft-12.pdf": the attachment name of an invoice's PDF.
std::string invoice_pdf_file_name(const storage::InvoiceDocument& invoice);

}  // namespace salonbox::web
