// Scaffolding: replaced by the screen's real handlers.
#include "web/handlers.h"

namespace salonbox::web {

void admin_settings_form(Context& ctx) { ctx.error_page(501, "error.not_found"); }
void admin_settings_submit(Context& ctx) { ctx.error_page(501, "error.not_found"); }

}  // namespace salonbox::web
