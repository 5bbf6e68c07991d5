// Invoice PDFs as customers and staff download them: the stored invoice turned into the pdf layer's
// translated, formatted document, in the customer's language.
#pragma once

#include "storage/invoice_store.h"
#include "web/context.h"

namespace salonbox::web {

// Answers the request with the PDF (inline, named after the invoice number).
void send_invoice_pdf(Context& ctx, const storage::InvoiceDocument& invoice);

}  // namespace salonbox::web
