// Scaffolding: replaced by the screen's real handlers.
#include "web/handlers.h"

namespace salonbox::web {

void admin_requests(Context& ctx) { ctx.error_page(501, "error.not_found"); }
void admin_request_approve(Context& ctx) { ctx.error_page(501, "error.not_found"); }
void admin_request_decline(Context& ctx) { ctx.error_page(501, "error.not_found"); }
void admin_request_reschedule_form(Context& ctx) { ctx.error_page(501, "error.not_found"); }
void admin_request_reschedule(Context& ctx) { ctx.error_page(501, "error.not_found"); }

}  // namespace salonbox::web
