// Scaffolding: replaced by the screen's real handlers.
#include "web/handlers.h"

namespace salonbox::web {

void admin_notifications(Context& ctx) { ctx.error_page(501, "error.not_found"); }
void admin_notifications_count(Context& ctx) { ctx.error_page(501, "error.not_found"); }
void admin_notifications_read(Context& ctx) { ctx.error_page(501, "error.not_found"); }

}  // namespace salonbox::web
