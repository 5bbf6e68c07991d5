// Scaffolding: replaced by the screen's real handlers.
#include "web/handlers.h"

namespace salonbox::web {

void admin_customers(Context& ctx) { ctx.error_page(501, "error.not_found"); }
void admin_customer_new_form(Context& ctx) { ctx.error_page(501, "error.not_found"); }
void admin_customer_new_submit(Context& ctx) { ctx.error_page(501, "error.not_found"); }
void admin_customer_page(Context& ctx) { ctx.error_page(501, "error.not_found"); }
void admin_customer_edit_form(Context& ctx) { ctx.error_page(501, "error.not_found"); }
void admin_customer_edit_submit(Context& ctx) { ctx.error_page(501, "error.not_found"); }
void admin_customer_archive(Context& ctx) { ctx.error_page(501, "error.not_found"); }
void admin_customer_portal_invite(Context& ctx) { ctx.error_page(501, "error.not_found"); }
void admin_customer_portal_disable(Context& ctx) { ctx.error_page(501, "error.not_found"); }

}  // namespace salonbox::web
