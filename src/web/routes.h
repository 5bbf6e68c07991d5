// The route table: every path salonbox answers, who may reach it, and its handler.
#pragma once

#include "web/context.h"

#include <vector>

namespace salonbox::web {

enum class Access {
    open,             // anyone, outside any salon
    salon_open,       // anyone, inside a salon (sign-in pages)
    portal_password,  // anyone, inside a salon whose customers may sign in with a password (else 404)
    portal_code,      // anyone, inside a salon whose customers may sign in with an emailed code (else 404)
    admin_staff,      // a signed-in owner, manager or staff member of this salon
    admin_manager,    // a signed-in owner or manager of this salon
    portal_customer,  // a signed-in customer of this salon
};

using Handler = void (*)(Context&);

struct Route {
    const char* method;   // "GET" or "POST"
    const char* pattern;  // "/s/{slug}/admin/login": {name} matches one path segment
    Access access;
    Face face;  // whose session the middleware loads
    Handler handler;
};

const std::vector<Route>& route_table();

// The Allow header of a 405 for `path`: the methods the route table has for it, HEAD beside GET ("GET, HEAD,
// POST"); empty when no route matches the path.
std::string allowed_methods(std::string_view path);

// Matches `path` against `pattern`, filling `params`.
bool match_route(std::string_view pattern, std::string_view path, std::map<std::string, std::string>& params);

}  // namespace salonbox::web
