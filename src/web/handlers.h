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
// portal/sign_in.cpp
void portal_login_form(Context& ctx);
void portal_login_submit(Context& ctx);
void portal_logout(Context& ctx);
void portal_forgot_form(Context& ctx);
void portal_forgot_submit(Context& ctx);
void portal_reset_form(Context& ctx);
void portal_reset_submit(Context& ctx);
// portal/account.cpp
void portal_overview(Context& ctx);
void portal_animals(Context& ctx);
void portal_appointments(Context& ctx);
void portal_request_form(Context& ctx);
void portal_request_submit(Context& ctx);
void portal_invoices(Context& ctx);
void portal_invoice_pdf(Context& ctx);

// admin/dashboard.cpp
void admin_dashboard(Context& ctx);

}  // namespace salonbox::web
