// The admin panel's home: who is signed in, in which salon, and what needs attention today.
#include "domain/roles.h"
#include "storage/appointment_store.h"
#include "storage/backup_record_store.h"
#include "storage/change_request_store.h"
#include "storage/request_store.h"
#include "storage/customer_store.h"
#include "view/format.h"
#include "web/handlers.h"

#include <chrono>
#include <optional>

namespace salonbox::web {

namespace {
// Older than this, the dashboard warns that the salon is not being backed up (the timer runs daily).
constexpr auto k_backup_overdue = std::chrono::hours(48);
}  // namespace

void admin_dashboard(Context& ctx) {
    struct Counts {
        int customers, upcoming, pending;
        std::optional<domain::Instant> last_backup;
    };
    auto counts = ctx.db->read([&](storage::ReadTx& db) {
        return Counts{storage::customer_store::count_active(db), storage::appointment_store::count_upcoming(db, ctx.now()),
                      storage::request_store::count_pending(db) + storage::change_request_store::count_pending(db),
                      storage::backup_record_store::last_taken(db)};
    });
    auto d = ctx.page_data(ctx.t("admin.dashboard.title"), "dashboard");
    d.set("customer_count", std::to_string(counts.customers));
    d.set("upcoming_count", std::to_string(counts.upcoming));
    d.set("pending_count", std::to_string(counts.pending));
    // Managers and owners are the ones who can get mail set up; staff would only be worried by it.
    if (ctx.session && domain::is_manager(ctx.session->user.role)) {
        if (ctx.services.mail_delivery == MailDelivery::outbox_only) d.set("mail_notice", ctx.t("admin.dashboard.mail_not_set_up"));
        if (ctx.services.mail_delivery == MailDelivery::console) d.set("mail_notice", ctx.t("admin.dashboard.mail_console"));
        if (counts.last_backup) {
            view::DateFormatter dates(ctx.services.catalogs, ctx.locale, ctx.salon.time_zone);
            d.set("last_backup", dates.date_time(*counts.last_backup));
        }
        if (!counts.last_backup || ctx.now() - *counts.last_backup > k_backup_overdue)
            d.set("backup_notice", ctx.t(counts.last_backup ? "admin.dashboard.backup_overdue" : "admin.dashboard.backup_never"));
    }
    ctx.render(200, "admin/dashboard", std::move(d));
}

}  // namespace salonbox::web
