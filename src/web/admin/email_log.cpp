// The email log: every message of the outbox with its delivery state; never a body (they can hold sign-in links).
#include "domain/text.h"
#include "storage/outbox_store.h"
#include "view/format.h"
#include "web/handlers.h"

#include <charconv>

namespace salonbox::web {

void admin_email_log(Context& ctx) {
    constexpr int k_per_page = 50;
    int page = 1;
    auto text = ctx.query("page");
    std::from_chars(text.data(), text.data() + text.size(), page);
    page = std::clamp(page, 1, 100000);
    auto rows = ctx.db->read([&](storage::ReadTx& db) { return storage::outbox_store::list(db, k_per_page + 1, (page - 1) * k_per_page); });
    bool more = static_cast<int>(rows.size()) > k_per_page;
    if (more) rows.pop_back();
    view::DateFormatter f(ctx.services.catalogs, ctx.locale, ctx.salon.time_zone);
    view::Data list{view::Data::type::list};
    for (const auto& m : rows) {
        view::Data item;
        item.set("to", m.to_name.empty() ? m.to_address : m.to_name + " <" + m.to_address + ">");
        item.set("subject", m.subject);
        item.set("status", ctx.t("admin.email_log.status." + m.status));
        item.set("status_class", m.status == "sent" ? "approved" : m.status == "failed" ? "declined" : "pending");
        item.set("attempts", std::to_string(m.attempts));
        item.set("created", f.short_date(m.created_at) + " " + f.time(m.created_at));
        if (m.sent_at) item.set("sent", f.short_date(*m.sent_at) + " " + f.time(*m.sent_at));
        view::set_text(item, "last_error", m.last_error);
        std::string names;
        for (const auto& a : m.attachments) names += (names.empty() ? "" : ", ") + a.filename;
        view::set_text(item, "attachments", names);
        list.push_back(item);
    }
    auto d = ctx.page_data(ctx.t("admin.email_log.title"), "email_log");
    d.set("messages", list);
    d.set("has_messages", !rows.empty());
    // After "Invite customers to the portal": how many announcements were queued (a number, never echoed text).
    auto announced_text = ctx.query("announced");
    int announced = -1;
    std::from_chars(announced_text.data(), announced_text.data() + announced_text.size(), announced);
    if (announced >= 0) d.set("notice", domain::fill_placeholders(ctx.t("admin.announcement.queued"), {{"count", std::to_string(announced)}}));
    if (page > 1) d.set("previous_url", ctx.base() + "/admin/email-log?page=" + std::to_string(page - 1));
    if (more) d.set("next_url", ctx.base() + "/admin/email-log?page=" + std::to_string(page + 1));
    ctx.render(200, "admin/email_log", std::move(d));
}

}  // namespace salonbox::web
