// Scaffolding: replaced by the screen's real handlers.
#include "web/handlers.h"

namespace salonbox::web {

void admin_calendar(Context& ctx) { ctx.error_page(501, "error.not_found"); }
void admin_appointment_new_form(Context& ctx) { ctx.error_page(501, "error.not_found"); }
void admin_appointment_new_submit(Context& ctx) { ctx.error_page(501, "error.not_found"); }
void admin_appointment_edit_form(Context& ctx) { ctx.error_page(501, "error.not_found"); }
void admin_appointment_edit_submit(Context& ctx) { ctx.error_page(501, "error.not_found"); }
void admin_appointment_cancel(Context& ctx) { ctx.error_page(501, "error.not_found"); }
void admin_appointment_complete(Context& ctx) { ctx.error_page(501, "error.not_found"); }

}  // namespace salonbox::web
