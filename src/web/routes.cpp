#include "web/routes.h"

#include "web/handlers.h"

namespace salonbox::web {

const std::vector<Route>& route_table() {
    static const std::vector<Route> routes{
        {"GET", "/", Access::open, Face::none, home_page},
        {"GET", "/healthz", Access::open, Face::none, health},

        {"GET", "/s/{slug}/login", Access::salon_open, Face::portal, portal_login_form},
        {"POST", "/s/{slug}/login", Access::salon_open, Face::portal, portal_login_submit},
        {"POST", "/s/{slug}/logout", Access::salon_open, Face::portal, portal_logout},
        {"GET", "/s/{slug}/password/forgot", Access::salon_open, Face::portal, portal_forgot_form},
        {"POST", "/s/{slug}/password/forgot", Access::salon_open, Face::portal, portal_forgot_submit},
        {"GET", "/s/{slug}/password/reset", Access::salon_open, Face::portal, portal_reset_form},
        {"POST", "/s/{slug}/password/reset", Access::salon_open, Face::portal, portal_reset_submit},
        {"GET", "/s/{slug}/account", Access::portal_customer, Face::portal, portal_overview},
        {"GET", "/s/{slug}/account/animals", Access::portal_customer, Face::portal, portal_animals},
        {"GET", "/s/{slug}/account/appointments", Access::portal_customer, Face::portal, portal_appointments},
        {"GET", "/s/{slug}/account/appointments/new", Access::portal_customer, Face::portal, portal_request_form},
        {"POST", "/s/{slug}/account/appointments/new", Access::portal_customer, Face::portal, portal_request_submit},
        {"GET", "/s/{slug}/account/invoices", Access::portal_customer, Face::portal, portal_invoices},
        {"GET", "/s/{slug}/account/invoices/{id}/pdf", Access::portal_customer, Face::portal, portal_invoice_pdf},

        {"GET", "/s/{slug}/admin/login", Access::salon_open, Face::admin, admin_login_form},
        {"POST", "/s/{slug}/admin/login", Access::salon_open, Face::admin, admin_login_submit},
        {"POST", "/s/{slug}/admin/logout", Access::salon_open, Face::admin, admin_logout},
        {"GET", "/s/{slug}/admin", Access::admin_staff, Face::admin, admin_dashboard},
    };
    return routes;
}

bool match_route(std::string_view pattern, std::string_view path, std::map<std::string, std::string>& params) {
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
            params[std::string(p_seg.substr(1, p_seg.size() - 2))] = std::string(s_seg);
        } else if (p_seg != s_seg) {
            return false;
        }
        pattern = p_end == std::string_view::npos ? std::string_view{} : pattern.substr(p_end);
        path = s_end == std::string_view::npos ? std::string_view{} : path.substr(s_end);
    }
    return true;
}

}  // namespace salonbox::web
