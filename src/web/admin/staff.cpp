// Scaffolding: replaced by the screen's real handlers.
#include "web/handlers.h"

namespace salonbox::web {

void admin_staff(Context& ctx) { ctx.error_page(501, "error.not_found"); }
void admin_staff_new_form(Context& ctx) { ctx.error_page(501, "error.not_found"); }
void admin_staff_new_submit(Context& ctx) { ctx.error_page(501, "error.not_found"); }
void admin_staff_edit_form(Context& ctx) { ctx.error_page(501, "error.not_found"); }
void admin_staff_edit_submit(Context& ctx) { ctx.error_page(501, "error.not_found"); }

}  // namespace salonbox::web
