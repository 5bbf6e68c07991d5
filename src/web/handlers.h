// Declarations of every request handler; each lives in the file named after its screen.
#pragma once

#include "web/context.h"

namespace salonbox::web {

// pages.cpp
void home_page(Context& ctx);
void health(Context& ctx);

// admin/login.cpp
void admin_login_form(Context& ctx);
void admin_login_submit(Context& ctx);
void admin_logout(Context& ctx);
// admin/dashboard.cpp
void admin_dashboard(Context& ctx);

}  // namespace salonbox::web
