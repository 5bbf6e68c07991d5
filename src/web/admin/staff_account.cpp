#include "web/admin/staff_account.h"

#include "domain/roles.h"

namespace salonbox::web {

std::optional<storage::User> staff_of_path(Context& ctx) {
    auto id = parse_id(ctx.path.at("id"));
    std::optional<storage::User> user;
    if (id) user = ctx.db->read([&](storage::ReadTx& db) { return storage::user_store::find_by_id(db, *id); });
    if (!user || !domain::is_staff(user->role)) {
        ctx.error_page(404, "error.not_found");
        return std::nullopt;
    }
    return user;
}

}  // namespace salonbox::web
