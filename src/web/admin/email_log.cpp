// Scaffolding: replaced by the screen's real handlers.
#include "web/handlers.h"

namespace salonbox::web {

void admin_email_log(Context& ctx) { ctx.error_page(501, "error.not_found"); }

}  // namespace salonbox::web
