#include "web/routes.h"

#include "web/handlers.h"

namespace salonbox::web {

const std::vector<Route>& route_table() {
    static const std::vector<Route> routes{
        {"GET", "/", Access::open, Face::none, home_page},
        {"GET", "/healthz", Access::open, Face::none, health},
        {"GET", "/.well-known/acme-challenge/{token}", Access::open, Face::none, acme_challenge},

        {"GET", "/s/{slug}/login", Access::salon_open, Face::portal, portal_login_form},
        {"POST", "/s/{slug}/login", Access::portal_password, Face::portal, portal_login_submit},
        {"GET", "/s/{slug}/login/code", Access::portal_code, Face::portal, portal_code_form},
        {"POST", "/s/{slug}/login/code", Access::portal_code, Face::portal, portal_code_request},
        {"POST", "/s/{slug}/login/code/verify", Access::portal_code, Face::portal, portal_code_verify},
        {"POST", "/s/{slug}/login/code/resend", Access::portal_code, Face::portal, portal_code_resend},
        {"GET", "/s/{slug}/login/choose", Access::portal_code, Face::portal, portal_choose_form},
        {"POST", "/s/{slug}/login/choose", Access::portal_code, Face::portal, portal_choose_submit},
        {"POST", "/s/{slug}/logout", Access::salon_open, Face::portal, portal_logout},
        {"GET", "/s/{slug}/password/forgot", Access::portal_password, Face::portal, portal_forgot_form},
        {"POST", "/s/{slug}/password/forgot", Access::portal_password, Face::portal, portal_forgot_submit},
        {"GET", "/s/{slug}/password/reset", Access::portal_password, Face::portal, portal_reset_form},
        {"POST", "/s/{slug}/password/reset", Access::portal_password, Face::portal, portal_reset_submit},
        {"GET", "/s/{slug}/book", Access::salon_open, Face::portal, portal_book_page},
        {"POST", "/s/{slug}/book", Access::salon_open, Face::portal, portal_book_submit},
        {"GET", "/s/{slug}/account/password", Access::portal_customer, Face::portal, portal_password_form},
        {"POST", "/s/{slug}/account/password", Access::portal_customer, Face::portal, portal_password_submit},
        {"GET", "/s/{slug}/account", Access::portal_customer, Face::portal, portal_overview},
        {"GET", "/s/{slug}/account/animals", Access::portal_customer, Face::portal, portal_animals},
        {"GET", "/s/{slug}/account/appointments", Access::portal_customer, Face::portal, portal_appointments},
        {"GET", "/s/{slug}/account/appointments/new", Access::portal_customer, Face::portal, portal_request_form},
        {"POST", "/s/{slug}/account/appointments/new", Access::portal_customer, Face::portal, portal_request_submit},
        {"POST", "/s/{slug}/account/appointments/{id}/cancel", Access::portal_customer, Face::portal, portal_change_cancel},
        {"GET", "/s/{slug}/account/appointments/{id}/reschedule", Access::portal_customer, Face::portal, portal_change_reschedule_form},
        {"POST", "/s/{slug}/account/appointments/{id}/reschedule", Access::portal_customer, Face::portal, portal_change_reschedule},
        {"POST", "/s/{slug}/account/changes/{id}/withdraw", Access::portal_customer, Face::portal, portal_change_withdraw},
        {"POST", "/s/{slug}/account/proposals/{id}/accept", Access::portal_customer, Face::portal, portal_proposal_accept},
        {"POST", "/s/{slug}/account/proposals/{id}/decline", Access::portal_customer, Face::portal, portal_proposal_decline},
        {"GET", "/s/{slug}/account/invoices", Access::portal_customer, Face::portal, portal_invoices},
        {"GET", "/s/{slug}/account/invoices/{id}/pdf", Access::portal_customer, Face::portal, portal_invoice_pdf},
        {"GET", "/s/{slug}/account/receipts", Access::portal_customer, Face::portal, portal_receipts},
        {"GET", "/s/{slug}/account/appointments/{id}/receipt", Access::portal_customer, Face::portal, portal_receipt_pdf},
        {"GET", "/s/{slug}/account/packages", Access::portal_customer, Face::portal, portal_packages},

        {"GET", "/s/{slug}/admin/login", Access::salon_open, Face::admin, admin_login_form},
        {"POST", "/s/{slug}/admin/login", Access::salon_open, Face::admin, admin_login_submit},
        {"POST", "/s/{slug}/admin/logout", Access::salon_open, Face::admin, admin_logout},
        {"GET", "/s/{slug}/admin/password/forgot", Access::salon_open, Face::admin, admin_forgot_form},
        {"POST", "/s/{slug}/admin/password/forgot", Access::salon_open, Face::admin, admin_forgot_submit},
        {"GET", "/s/{slug}/admin/password/reset", Access::salon_open, Face::admin, admin_reset_form},
        {"POST", "/s/{slug}/admin/password/reset", Access::salon_open, Face::admin, admin_reset_submit},
        {"GET", "/s/{slug}/admin/account/password", Access::admin_staff, Face::admin, admin_password_form},
        {"POST", "/s/{slug}/admin/account/password", Access::admin_staff, Face::admin, admin_password_submit},
        {"GET", "/s/{slug}/admin", Access::admin_staff, Face::admin, admin_dashboard},

        // Customers and animals (admin/customers.cpp, admin/animals.cpp)
        {"GET", "/s/{slug}/admin/customers", Access::admin_staff, Face::admin, admin_customers},
        {"GET", "/s/{slug}/admin/customers/new", Access::admin_staff, Face::admin, admin_customer_new_form},
        {"POST", "/s/{slug}/admin/customers/new", Access::admin_staff, Face::admin, admin_customer_new_submit},
        {"GET", "/s/{slug}/admin/customers/{id}", Access::admin_staff, Face::admin, admin_customer_page},
        {"GET", "/s/{slug}/admin/customers/{id}/edit", Access::admin_staff, Face::admin, admin_customer_edit_form},
        {"POST", "/s/{slug}/admin/customers/{id}/edit", Access::admin_staff, Face::admin, admin_customer_edit_submit},
        // Archiving a customer and disabling portal access are for managers and owners, each after its confirmation page.
        {"GET", "/s/{slug}/admin/customers/{id}/archive", Access::admin_manager, Face::admin, admin_customer_archive_form},
        {"POST", "/s/{slug}/admin/customers/{id}/archive", Access::admin_manager, Face::admin, admin_customer_archive},
        {"POST", "/s/{slug}/admin/customers/{id}/portal/invite", Access::admin_staff, Face::admin, admin_customer_portal_invite},
        {"GET", "/s/{slug}/admin/customers/{id}/portal/disable", Access::admin_manager, Face::admin, admin_customer_portal_disable_form},
        {"POST", "/s/{slug}/admin/customers/{id}/portal/disable", Access::admin_manager, Face::admin, admin_customer_portal_disable},
        {"POST", "/s/{slug}/admin/customers/{id}/portal/announce", Access::admin_staff, Face::admin, admin_customer_portal_announce},
        {"GET", "/s/{slug}/admin/portal-announcement", Access::admin_manager, Face::admin, admin_portal_announcement_form},
        {"POST", "/s/{slug}/admin/portal-announcement", Access::admin_manager, Face::admin, admin_portal_announcement_send},
        // Credit and package sales on the customer page (admin/customer_account.cpp): managers only, checked by the handler.
        {"POST", "/s/{slug}/admin/customers/{id}/credit", Access::admin_staff, Face::admin, admin_customer_add_credit},
        {"POST", "/s/{slug}/admin/customers/{id}/packages", Access::admin_staff, Face::admin, admin_customer_sell_package},
        {"GET", "/s/{slug}/admin/animals", Access::admin_staff, Face::admin, admin_animals},
        {"GET", "/s/{slug}/admin/animals/new", Access::admin_staff, Face::admin, admin_animal_new_form},
        {"POST", "/s/{slug}/admin/animals/new", Access::admin_staff, Face::admin, admin_animal_new_submit},
        {"GET", "/s/{slug}/admin/animals/{id}/edit", Access::admin_staff, Face::admin, admin_animal_edit_form},
        {"POST", "/s/{slug}/admin/animals/{id}/edit", Access::admin_staff, Face::admin, admin_animal_edit_submit},

        // Calendar, services and staff (admin/calendar.cpp, admin/services.cpp, admin/staff.cpp)
        {"GET", "/s/{slug}/admin/appointments", Access::admin_staff, Face::admin, admin_calendar},
        {"GET", "/s/{slug}/admin/appointments/new", Access::admin_staff, Face::admin, admin_appointment_new_form},
        {"POST", "/s/{slug}/admin/appointments/new", Access::admin_staff, Face::admin, admin_appointment_new_submit},
        {"GET", "/s/{slug}/admin/appointments/{id}/edit", Access::admin_staff, Face::admin, admin_appointment_edit_form},
        {"POST", "/s/{slug}/admin/appointments/{id}/edit", Access::admin_staff, Face::admin, admin_appointment_edit_submit},
        {"GET", "/s/{slug}/admin/appointments/{id}/cancel", Access::admin_staff, Face::admin, admin_appointment_cancel_form},
        {"POST", "/s/{slug}/admin/appointments/{id}/cancel", Access::admin_staff, Face::admin, admin_appointment_cancel},
        {"POST", "/s/{slug}/admin/appointments/{id}/complete", Access::admin_staff, Face::admin, admin_appointment_complete},
        {"POST", "/s/{slug}/admin/appointments/{id}/check-in", Access::admin_staff, Face::admin, admin_appointment_check_in},
        {"GET", "/s/{slug}/admin/appointments/{id}/receipt", Access::admin_manager, Face::admin, admin_appointment_receipt},
        {"GET", "/s/{slug}/admin/services", Access::admin_manager, Face::admin, admin_services},
        {"GET", "/s/{slug}/admin/services/new", Access::admin_manager, Face::admin, admin_service_new_form},
        {"POST", "/s/{slug}/admin/services/new", Access::admin_manager, Face::admin, admin_service_new_submit},
        {"GET", "/s/{slug}/admin/services/{id}/edit", Access::admin_manager, Face::admin, admin_service_edit_form},
        {"POST", "/s/{slug}/admin/services/{id}/edit", Access::admin_manager, Face::admin, admin_service_edit_submit},
        {"GET", "/s/{slug}/admin/packages", Access::admin_manager, Face::admin, admin_packages},
        {"GET", "/s/{slug}/admin/packages/new", Access::admin_manager, Face::admin, admin_package_new_form},
        {"POST", "/s/{slug}/admin/packages/new", Access::admin_manager, Face::admin, admin_package_new_submit},
        {"GET", "/s/{slug}/admin/packages/{id}/edit", Access::admin_manager, Face::admin, admin_package_edit_form},
        {"POST", "/s/{slug}/admin/packages/{id}/edit", Access::admin_manager, Face::admin, admin_package_edit_submit},
        {"POST", "/s/{slug}/admin/packages/{id}/archive", Access::admin_manager, Face::admin, admin_package_archive},
        {"GET", "/s/{slug}/admin/staff", Access::admin_manager, Face::admin, admin_staff},
        {"GET", "/s/{slug}/admin/staff/new", Access::admin_manager, Face::admin, admin_staff_new_form},
        {"POST", "/s/{slug}/admin/staff/new", Access::admin_manager, Face::admin, admin_staff_new_submit},
        {"GET", "/s/{slug}/admin/staff/{id}/edit", Access::admin_manager, Face::admin, admin_staff_edit_form},
        {"POST", "/s/{slug}/admin/staff/{id}/edit", Access::admin_manager, Face::admin, admin_staff_edit_submit},
        {"GET", "/s/{slug}/admin/staff/{id}/booking", Access::admin_manager, Face::admin, admin_staff_booking_form},
        {"POST", "/s/{slug}/admin/staff/{id}/booking", Access::admin_manager, Face::admin, admin_staff_booking_submit},

        // Requests inbox and notifications (admin/requests.cpp, admin/notifications.cpp)
        {"GET", "/s/{slug}/admin/requests", Access::admin_manager, Face::admin, admin_requests},
        {"POST", "/s/{slug}/admin/requests/{id}/approve", Access::admin_manager, Face::admin, admin_request_approve},
        {"GET", "/s/{slug}/admin/requests/{id}/decline", Access::admin_manager, Face::admin, admin_request_decline_form},
        {"POST", "/s/{slug}/admin/requests/{id}/decline", Access::admin_manager, Face::admin, admin_request_decline},
        {"GET", "/s/{slug}/admin/requests/{id}/reschedule", Access::admin_manager, Face::admin, admin_request_reschedule_form},
        {"POST", "/s/{slug}/admin/requests/{id}/reschedule", Access::admin_manager, Face::admin, admin_request_reschedule},
        {"POST", "/s/{slug}/admin/changes/{id}/approve", Access::admin_manager, Face::admin, admin_change_approve},
        {"GET", "/s/{slug}/admin/changes/{id}/decline", Access::admin_manager, Face::admin, admin_change_decline_form},
        {"POST", "/s/{slug}/admin/changes/{id}/decline", Access::admin_manager, Face::admin, admin_change_decline},
        {"POST", "/s/{slug}/admin/changes/{id}/reschedule", Access::admin_manager, Face::admin, admin_change_reschedule},
        {"GET", "/s/{slug}/admin/notifications", Access::admin_staff, Face::admin, admin_notifications},
        {"GET", "/s/{slug}/admin/notifications/count", Access::admin_staff, Face::admin, admin_notifications_count},
        {"POST", "/s/{slug}/admin/notifications/read", Access::admin_staff, Face::admin, admin_notifications_read},

        // Invoices (admin/invoices.cpp)
        {"GET", "/s/{slug}/admin/invoices", Access::admin_manager, Face::admin, admin_invoices},
        {"GET", "/s/{slug}/admin/invoices/new", Access::admin_manager, Face::admin, admin_invoice_new_form},
        {"POST", "/s/{slug}/admin/invoices/new", Access::admin_manager, Face::admin, admin_invoice_new_submit},
        {"GET", "/s/{slug}/admin/invoices/{id}", Access::admin_manager, Face::admin, admin_invoice_page},
        {"POST", "/s/{slug}/admin/invoices/{id}/edit", Access::admin_manager, Face::admin, admin_invoice_edit},
        {"POST", "/s/{slug}/admin/invoices/{id}/lines", Access::admin_manager, Face::admin, admin_invoice_add_line},
        {"GET", "/s/{slug}/admin/invoices/{id}/lines/{line}/delete", Access::admin_manager, Face::admin, admin_invoice_delete_line_form},
        {"POST", "/s/{slug}/admin/invoices/{id}/lines/{line}/delete", Access::admin_manager, Face::admin, admin_invoice_delete_line},
        {"GET", "/s/{slug}/admin/invoices/{id}/issue", Access::admin_manager, Face::admin, admin_invoice_issue_form},
        {"POST", "/s/{slug}/admin/invoices/{id}/issue", Access::admin_manager, Face::admin, admin_invoice_issue},
        {"POST", "/s/{slug}/admin/invoices/{id}/payments", Access::admin_manager, Face::admin, admin_invoice_add_payment},
        {"POST", "/s/{slug}/admin/invoices/{id}/credit-note", Access::admin_manager, Face::admin, admin_invoice_credit_note},
        {"GET", "/s/{slug}/admin/invoices/{id}/pdf", Access::admin_manager, Face::admin, admin_invoice_pdf},

        // Settings, email log and export (admin/settings.cpp, admin/email_log.cpp, admin/export.cpp)
        {"GET", "/s/{slug}/admin/settings", Access::admin_manager, Face::admin, admin_settings_form},
        {"POST", "/s/{slug}/admin/settings", Access::admin_manager, Face::admin, admin_settings_submit},
        // Booking engine settings (admin/booking_settings.cpp)
        {"GET", "/s/{slug}/admin/settings/hours", Access::admin_manager, Face::admin, admin_hours_form},
        {"POST", "/s/{slug}/admin/settings/hours", Access::admin_manager, Face::admin, admin_hours_submit},
        {"POST", "/s/{slug}/admin/settings/hours/closures", Access::admin_manager, Face::admin, admin_closure_add},
        {"POST", "/s/{slug}/admin/settings/hours/closures/{id}/delete", Access::admin_manager, Face::admin, admin_closure_delete},
        {"GET", "/s/{slug}/admin/settings/booking", Access::admin_manager, Face::admin, admin_booking_settings_form},
        {"POST", "/s/{slug}/admin/settings/booking", Access::admin_manager, Face::admin, admin_booking_settings_submit},
        {"GET", "/s/{slug}/admin/email-log", Access::admin_manager, Face::admin, admin_email_log},
        {"GET", "/s/{slug}/admin/export", Access::admin_manager, Face::admin, admin_export_page},
        // A POST: each download is recorded in the audit log, and a GET changes nothing.
        {"POST", "/s/{slug}/admin/export/download", Access::admin_manager, Face::admin, admin_export_download},
    };
    return routes;
}

std::string allowed_methods(std::string_view path) {
    bool get = false, post = false;
    for (const auto& r : route_table()) {
        std::map<std::string, std::string> params;
        if (!match_route(r.pattern, path, params)) continue;
        get = get || std::string_view(r.method) == "GET";
        post = post || std::string_view(r.method) == "POST";
    }
    std::string allow = get ? "GET, HEAD" : "";
    if (post) allow += allow.empty() ? "POST" : ", POST";
    return allow;
}

namespace {
// Whether `path` has the shape of `pattern`; fills `params` when given. Most routes tried for a request do not
// match, often only at their last segment: they are tried without `params`, so they allocate nothing.
bool match_segments(std::string_view pattern, std::string_view path, std::map<std::string, std::string>* params) {
    while (!pattern.empty() || !path.empty()) {
        if (pattern.empty() || path.empty() || pattern.front() != '/' || path.front() != '/') return false;
        pattern.remove_prefix(1);
        path.remove_prefix(1);
        auto p_end = pattern.find('/');
        auto s_end = path.find('/');
        auto p_seg = pattern.substr(0, p_end);
        auto s_seg = path.substr(0, s_end);
        if (p_seg.size() > 2 && p_seg.front() == '{' && p_seg.back() == '}') {
            if (s_seg.empty()) return false;
            if (params) (*params)[std::string(p_seg.substr(1, p_seg.size() - 2))] = std::string(s_seg);
        } else if (p_seg != s_seg) {
            return false;
        }
        pattern = p_end == std::string_view::npos ? std::string_view{} : pattern.substr(p_end);
        path = s_end == std::string_view::npos ? std::string_view{} : path.substr(s_end);
    }
    return true;
}
}  // namespace

bool match_route(std::string_view pattern, std::string_view path, std::map<std::string, std::string>& params) {
    return match_segments(pattern, path, nullptr) && match_segments(pattern, path, &params);
}

}  // namespace salonbox::web
