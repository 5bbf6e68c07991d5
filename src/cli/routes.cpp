// `salonbox routes`: the route table as the server uses it, one route a line, for people and for tests.
#include "cli/commands.h"
#include "web/routes.h"

#include <cstdio>

namespace salonbox::cli {

namespace {
// No default case: a new access level or face does not compile until it has a name here.
const char* name_of(web::Access access) {
    switch (access) {
        case web::Access::open: return "open";
        case web::Access::salon_open: return "salon_open";
        case web::Access::portal_password: return "portal_password";
        case web::Access::portal_code: return "portal_code";
        case web::Access::admin_staff: return "admin_staff";
        case web::Access::admin_manager: return "admin_manager";
        case web::Access::portal_customer: return "portal_customer";
    }
    return "?";
}

const char* name_of(web::Face face) {
    switch (face) {
        case web::Face::none: return "none";
        case web::Face::admin: return "admin";
        case web::Face::portal: return "portal";
    }
    return "?";
}
}  // namespace

int routes() {
    for (const auto& r : web::route_table())
        std::printf("%s\t%s\t%s\t%s\n", r.method, r.pattern, name_of(r.access), name_of(r.face));
    return k_ok;
}

}  // namespace salonbox::cli
