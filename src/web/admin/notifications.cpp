// The signed-in staff member's notifications: the list behind the bell, its unread count for the bell's
// polling, and marking them all as read. Reading the list changes nothing; only the POST marks.
#include "storage/notification_store.h"
#include "view/format.h"
#include "web/handlers.h"

namespace salonbox::web {

namespace {
constexpr int k_shown = 50;

// Links are paths this salon's admin panel wrote; anything else is shown without a link.
bool is_own_link(const Context& ctx, const std::string& link) {
    auto admin = ctx.base() + "/admin";
    return link == admin || link.starts_with(admin + "/") || link.starts_with(admin + "?");
}
}  // namespace

void admin_notifications(Context& ctx) {
    auto user_id = ctx.session->user.id;
    auto items = ctx.db->read([&](storage::ReadTx& db) { return storage::notification_store::latest(db, user_id, k_shown); });
    view::DateFormatter f(ctx.services.catalogs, ctx.locale, ctx.salon.time_zone);
    view::Data list{view::Data::type::list};
    bool any_unread = false;
    for (const auto& n : items) {
        view::Data item;
        item.set("message", n.message);
        item.set("when", f.date_time(n.created_at));
        if (is_own_link(ctx, n.link)) item.set("link", n.link);
        item.set("unread", !n.read);
        any_unread = any_unread || !n.read;
        list.push_back(item);
    }
    auto d = ctx.page_data();
    d.set("title", ctx.t("admin.notifications.title"));
    d.set("notifications", list);
    d.set("has_notifications", !items.empty());
    d.set("any_unread", any_unread);
    d.set("read_url", ctx.base() + "/admin/notifications/read");
    ctx.notice_from_done(d, {{"read", "admin.notifications.all_read"}});
    ctx.render(200, "admin/notification_list", std::move(d));
}

void admin_notifications_count(Context& ctx) {
    auto user_id = ctx.session->user.id;
    auto unread = ctx.db->read([&](storage::ReadTx& db) { return storage::notification_store::unread_count(db, user_id); });
    // Cache-Control: no-store comes with every signed-in answer (web/server.cpp).
    ctx.res.status = 200;
    ctx.res.set_content("{\"unread\": " + std::to_string(unread) + "}", "application/json");
}

void admin_notifications_read(Context& ctx) {
    auto user_id = ctx.session->user.id;
    ctx.db->write([&](storage::WriteTx& db) { storage::notification_store::mark_all_read(db, user_id, ctx.now()); });
    ctx.redirect(ctx.base() + "/admin/notifications?done=read");
}

}  // namespace salonbox::web
