// Scaffolding: replaced by the screen's real handlers.
#include "web/handlers.h"

namespace salonbox::web {

void admin_invoices(Context& ctx) { ctx.error_page(501, "error.not_found"); }
void admin_invoice_new_form(Context& ctx) { ctx.error_page(501, "error.not_found"); }
void admin_invoice_new_submit(Context& ctx) { ctx.error_page(501, "error.not_found"); }
void admin_invoice_page(Context& ctx) { ctx.error_page(501, "error.not_found"); }
void admin_invoice_edit(Context& ctx) { ctx.error_page(501, "error.not_found"); }
void admin_invoice_add_line(Context& ctx) { ctx.error_page(501, "error.not_found"); }
void admin_invoice_delete_line(Context& ctx) { ctx.error_page(501, "error.not_found"); }
void admin_invoice_issue(Context& ctx) { ctx.error_page(501, "error.not_found"); }
void admin_invoice_add_payment(Context& ctx) { ctx.error_page(501, "error.not_found"); }
void admin_invoice_credit_note(Context& ctx) { ctx.error_page(501, "error.not_found"); }
void admin_invoice_pdf(Context& ctx) { ctx.error_page(501, "error.not_found"); }

}  // namespace salonbox::web
